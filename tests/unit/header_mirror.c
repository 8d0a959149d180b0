/*
 * header_mirror.c - checks that every mirrored prototype in infinirt.h equals
 * CUDA's after the rename, by reading both headers as text (nothing of the
 * CUDA header is compiled or linked), and so for each further pair of a
 * header of ours and CUDA's header it mirrors (infinirt_profiler_api.h and
 * cuda_profiler_api.h).
 *
 *   unit-header-mirror <infinirt.h> <cuda_runtime_api.h | none>
 *                      [<ours.h> <cuda's.h>]...
 *
 * For each `INFINIRT_API ... infinirtName(...)` that is not an extension,
 * every `CUDARTAPI cudaName(...)` declaration must give the same normalised
 * signature: parameter names, default arguments (__dv, or C++'s "= v") and
 * attribute macros
 * dropped, cuda* renamed to infinirt*, dim3 to infinirtDim3, the struct/enum
 * keywords dropped (both headers typedef every tag to its own name), and
 * qualifiers ordered within each pointer level (const char * == char const *).
 * It also checks that the headers together declare every function of the API
 * table. Exit 77 (skip) without the CUDA headers.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
    free(s);
    s = NULL;
  }
  if (s)
    s[n] = '\0';
  fclose(f);
  return s;
}

/* Blanks out comments and preprocessor lines (in place). */
static void strip(char *s) {
  bool line_start = true;
  for (char *p = s; *p;) {
    if (p[0] == '/' && p[1] == '*') {
      char *e = strstr(p + 2, "*/");
      char *end = e ? e + 2 : p + strlen(p);
      for (; p < end; p++)
        if (*p != '\n')
          *p = ' ';
      continue;
    }
    if (p[0] == '/' && p[1] == '/') {
      while (*p && *p != '\n')
        *p++ = ' ';
      continue;
    }
    if (line_start && *p == '#') {
      /* a directive, with its continuation lines */
      while (*p && !(*p == '\n' && p[-1] != '\\'))
        *p++ = ' ';
      continue;
    }
    if (*p == '\n')
      line_start = true;
    else if (!isspace((unsigned char)*p))
      line_start = false;
    p++;
  }
}

/* Appends |s| to the string |out| of capacity |cap|, truncating. */
static void append(char *out, size_t cap, const char *s) {
  size_t l = strlen(out), n = strlen(s);
  if (l + 1 >= cap)
    return;
  if (n > cap - l - 1)
    n = cap - l - 1;
  memcpy(out + l, s, n);
  out[l + n] = '\0';
}

static bool is_ident_char(char c) {
  return isalnum((unsigned char)c) || c == '_';
}

/* Tokens of a type: identifiers and '*'. */
#define MAX_TOK 32
typedef struct toks {
  int n;
  char t[MAX_TOK][64];
} toks;

static const char *const dropped_words[] = {"extern",
                                            "__host__",
                                            "__device__",
                                            "__cudart_builtin__",
                                            "__CUDA_DEPRECATED",
                                            "CUDARTAPI",
                                            "CUDART_CB",
                                            "INFINIRT_API",
                                            "struct",
                                            "enum",
                                            NULL};

static bool dropped(const char *w) {
  for (int i = 0; dropped_words[i]; i++)
    if (strcmp(w, dropped_words[i]) == 0)
      return true;
  return false;
}

static void rename_word(char *w, size_t cap) {
  if (strncmp(w, "cuda", 4) == 0) {
    /* "cuda" + rest becomes "infinirt" + rest: shift the rest right by 4. */
    size_t rest = strlen(w + 4);
    if (8 + rest + 1 > cap)
      rest = cap - 9;
    memmove(w + 8, w + 4, rest);
    w[8 + rest] = '\0';
    memcpy(w, "infinirt", 8);
  } else if (strcmp(w, "dim3") == 0) {
    snprintf(w, cap, "infinirtDim3");
  }
}

/* Tokenises [b, e), skipping __dv(...) and dropped words. */
static void tokenize(const char *b, const char *e, toks *out) {
  out->n = 0;
  for (const char *p = b; p < e;) {
    if (is_ident_char(*p)) {
      const char *q = p;
      while (q < e && is_ident_char(*q))
        q++;
      char w[64];
      snprintf(w, sizeof w, "%.*s", (int)(q - p), p);
      p = q;
      if (strcmp(w, "__dv") == 0) { /* default argument: skip "(...)" */
        while (p < e && *p != '(')
          p++;
        for (int depth = 0; p < e; p++) {
          if (*p == '(')
            depth++;
          if (*p == ')' && --depth == 0) {
            p++;
            break;
          }
        }
        continue;
      }
      if (dropped(w) || out->n == MAX_TOK)
        continue;
      rename_word(w, sizeof w);
      snprintf(out->t[out->n++], sizeof out->t[0], "%s", w);
    } else {
      if (*p == '=') /* a C++ default argument: the rest is its value */
        break;
      if ((*p == '*' || *p == '[' || *p == ']') && out->n < MAX_TOK)
        snprintf(out->t[out->n++], sizeof out->t[0], "%c", *p);
      p++;
    }
  }
}

static bool is_type_keyword(const char *w) {
  static const char *const kw[] = {"void",     "char",  "short",    "int",
                                   "long",     "float", "double",   "signed",
                                   "unsigned", "const", "volatile", NULL};
  for (int i = 0; kw[i]; i++)
    if (strcmp(w, kw[i]) == 0)
      return true;
  return false;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Canonical text of a type: words sorted within each pointer level. */
static void canon_type(toks *t, bool drop_name, char *out, size_t cap) {
  int n = t->n;
  if (drop_name && n >= 2 && is_ident_char(t->t[n - 1][0]) &&
      !is_type_keyword(t->t[n - 1]))
    n--;
  out[0] = '\0';
  const char *seg[MAX_TOK];
  int ns = 0;
  for (int i = 0; i <= n; i++) {
    if (i == n || !is_ident_char(t->t[i][0])) {
      qsort(seg, (size_t)ns, sizeof seg[0], cmp_str);
      for (int k = 0; k < ns; k++) {
        append(out, cap, seg[k]);
        append(out, cap, " ");
      }
      ns = 0;
      if (i < n)
        append(out, cap, t->t[i]);
    } else {
      seg[ns++] = t->t[i];
    }
  }
}

/* Normalised "ret name(p1, p2)" of the declaration whose name starts at
 * |name| (the '(' follows it) and whose return type starts at |ret|. */
static bool signature(const char *ret, const char *name, size_t name_len,
                      char *out, size_t cap) {
  const char *open = name + name_len;
  while (isspace((unsigned char)*open))
    open++;
  if (*open != '(')
    return false;
  const char *close = open;
  for (int depth = 0; *close; close++) {
    if (*close == '(')
      depth++;
    if (*close == ')' && --depth == 0)
      break;
  }
  if (!*close)
    return false;
  toks t;
  char buf[512];
  tokenize(ret, name, &t);
  canon_type(&t, false, buf, sizeof buf);
  char fname[96];
  snprintf(fname, sizeof fname, "%.*s", (int)name_len, name);
  rename_word(fname, sizeof fname);
  out[0] = '\0';
  append(out, cap, buf);
  append(out, cap, fname);
  append(out, cap, "(");
  const char *p = open + 1;
  bool first = true;
  while (p < close) {
    const char *q = p;
    for (int depth = 0; q < close; q++) {
      if (*q == '(')
        depth++;
      if (*q == ')')
        depth--;
      if (*q == ',' && depth == 0)
        break;
    }
    tokenize(p, q, &t);
    canon_type(&t, true, buf, sizeof buf);
    size_t l = strlen(buf);
    while (l && buf[l - 1] == ' ')
      buf[--l] = '\0';
    if (!first)
      append(out, cap, ", ");
    append(out, cap, buf);
    first = false;
    p = q + 1;
  }
  append(out, cap, ")");
  return true;
}

/* Start of the statement that contains |p|: after the previous ';', '{' or
 * '}'. */
static const char *statement_start(const char *text, const char *p) {
  while (p > text && p[-1] != ';' && p[-1] != '{' && p[-1] != '}')
    p--;
  return p;
}

typedef struct decl {
  char name[96];
  char sig[512];
} decl;

#define MAX_DECLS 1024

/* Our mirrored prototypes: INFINIRT_API <ret> infinirtX(...), not Ext; at
 * most |cap|. */
static int our_decls(const char *text, decl *d, int cap) {
  int n = 0;
  for (const char *p = strstr(text, "INFINIRT_API"); p && n < cap;
       p = strstr(p + 1, "INFINIRT_API")) {
    const char *paren = strchr(p, '(');
    const char *semi = strchr(p, ';');
    if (!paren || !semi || semi < paren)
      continue;
    const char *e = paren;
    while (e > p && isspace((unsigned char)e[-1]))
      e--;
    const char *b = e;
    while (b > p && is_ident_char(b[-1]))
      b--;
    size_t len = (size_t)(e - b);
    if (len < 9 || strncmp(b, "infinirt", 8) != 0)
      continue;
    if (strncmp(b, "infinirtExt", 11) == 0)
      continue;
    snprintf(d[n].name, sizeof d[n].name, "%.*s", (int)len, b);
    if (signature(p, b, len, d[n].sig, sizeof d[n].sig))
      n++;
  }
  return n;
}

/* Checks every CUDA declaration of |cuda_name|; returns how many matched,
 * or -1 on a mismatch. */
static int check_cuda(const char *text, const char *cuda_name,
                      const char *want) {
  int found = 0;
  size_t len = strlen(cuda_name);
  for (const char *p = strstr(text, cuda_name); p;
       p = strstr(p + len, cuda_name)) {
    if (p > text && is_ident_char(p[-1]))
      continue;
    if (is_ident_char(p[len]))
      continue;
    const char *q = p + len;
    while (isspace((unsigned char)*q))
      q++;
    if (*q != '(')
      continue;
    /* Only declarations: CUDARTAPI right before the name. */
    const char *b = p;
    while (b > text && isspace((unsigned char)b[-1]))
      b--;
    if (b - text < 9 || strncmp(b - 9, "CUDARTAPI", 9) != 0)
      continue;
    char sig[512];
    if (!signature(statement_start(text, p), p, len, sig, sizeof sig))
      continue;
    if (strcmp(sig, want) != 0) {
      printf("MISMATCH %s\n  ours: %s\n  cuda: %s\n", cuda_name, want, sig);
      return -1;
    }
    found++;
  }
  return found;
}

/* Every function of the API table (src/core/api.def) except the
 * extensions, which CUDA has no word for. */
static const char *const required[] = {
#define X(name, ...) #name,
#define CORE(name, ...) #name,
#define ERRORS(name) #name,
#include "api.def"
#undef X
#undef CORE
#undef ERRORS
    NULL};

/* Checks the mirrored prototypes of |ours_path| against |cuda_path|,
 * appending them to |d| (|*n| so far); returns the problems, or -1 if a
 * file cannot be read (the CUDA one: a skip). */
static int check_pair(const char *ours_path, const char *cuda_path, decl *d,
                      int *n) {
  char *ours = read_file(ours_path);
  if (!ours) {
    printf("FAIL: cannot read %s\n", ours_path);
    return 1;
  }
  char *cuda = read_file(cuda_path);
  if (!cuda) {
    printf("SKIP: cannot read %s\n", cuda_path);
    free(ours);
    return -1;
  }
  strip(ours);
  strip(cuda);
  int first = *n, bad = 0;
  *n += our_decls(ours, d + first, MAX_DECLS - first);
  for (int i = first; i < *n; i++) {
    char cuda_name[96];
    snprintf(cuda_name, sizeof cuda_name, "cuda%s", d[i].name + 8);
    int r = check_cuda(cuda, cuda_name, d[i].sig);
    if (r == 0)
      printf("MISSING %s: not declared in %s\n", cuda_name, cuda_path);
    if (r <= 0)
      bad++;
    else
      printf("ok %s\n", d[i].sig);
  }
  printf("%d mirrored prototypes of %s checked against %s\n", *n - first,
         ours_path, cuda_path);
  free(ours);
  free(cuda);
  return bad;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc % 2 != 1) {
    fprintf(stderr,
            "usage: %s <infinirt.h> <cuda_runtime_api.h | none> "
            "[<ours.h> <cuda's.h>]...\n",
            argv[0]);
    return 2;
  }
  /* ctest drops empty arguments, so CMake passes "none". */
  if (!argv[2][0] || strcmp(argv[2], "none") == 0) {
    printf("SKIP: no CUDA toolkit header (cuda_runtime_api.h) was found at "
           "configure time\n");
    return 77;
  }
  static decl d[MAX_DECLS];
  int n = 0, bad = 0;
  for (int a = 1; a + 1 < argc; a += 2) {
    int r = check_pair(argv[a], argv[a + 1], d, &n);
    if (r < 0)
      return 77;
    bad += r;
  }
  for (int i = 0; required[i]; i++) {
    if (strncmp(required[i], "Ext", 3) == 0)
      continue;
    bool have = false;
    for (int k = 0; k < n; k++)
      if (strcmp(d[k].name + 8, required[i]) == 0)
        have = true;
    if (!have) {
      printf("NOT DECLARED infinirt%s (listed in api.def)\n", required[i]);
      bad++;
    }
  }
  printf("%d mirrored prototypes checked, %d problem(s)\n", n, bad);
  return bad || n == 0 ? 1 : 0;
}
