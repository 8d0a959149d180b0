/* json.c - see json.h. Recursive descent over RFC 8259 JSON; \u escapes
 * outside ASCII become '?' (names and numbers are all the tool reads). */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *p;
  char *err;
  size_t errsz;
  int depth;
} parser;

static void *fail(parser *ps, const char *what) {
  if (ps->err && !ps->err[0])
    snprintf(ps->err, ps->errsz, "%s near '%.20s'", what, ps->p);
  return NULL;
}

static void skip(parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t')
    ps->p++;
}

static bench_json *node(bench_json_type t) {
  bench_json *j = calloc(1, sizeof *j);
  if (j)
    j->type = t;
  return j;
}

static char *parse_string(parser *ps) {
  if (*ps->p != '"')
    return fail(ps, "expected a string");
  ps->p++;
  size_t cap = 16, n = 0;
  char *s = malloc(cap);
  if (!s)
    return fail(ps, "out of memory");
  while (*ps->p != '"') {
    char c = *ps->p;
    if (!c || (unsigned char)c < 0x20) {
      free(s);
      return fail(ps, "unterminated string");
    }
    ps->p++;
    if (c == '\\') {
      if (!*ps->p) { /* never step past the terminating NUL */
        free(s);
        return fail(ps, "unterminated string");
      }
      char e = *ps->p++;
      switch (e) {
      case 'n':
        c = '\n';
        break;
      case 't':
        c = '\t';
        break;
      case 'r':
        c = '\r';
        break;
      case 'b':
        c = '\b';
        break;
      case 'f':
        c = '\f';
        break;
      case 'u': {
        unsigned v = 0;
        for (int i = 0; i < 4; i++) {
          if (!*ps->p) {
            free(s);
            return fail(ps, "unterminated \\u escape");
          }
          char h = *ps->p++;
          v <<= 4;
          if (h >= '0' && h <= '9')
            v |= (unsigned)(h - '0');
          else if (h >= 'a' && h <= 'f')
            v |= (unsigned)(h - 'a' + 10);
          else if (h >= 'A' && h <= 'F')
            v |= (unsigned)(h - 'A' + 10);
          else {
            free(s);
            return fail(ps, "bad \\u escape");
          }
        }
        c = v < 0x80 ? (char)v : '?';
        break;
      }
      case '"':
      case '\\':
      case '/':
        c = e;
        break;
      default:
        free(s);
        return fail(ps, "bad escape");
      }
    }
    if (n + 2 > cap) {
      char *t = realloc(s, cap *= 2);
      if (!t) {
        free(s);
        return fail(ps, "out of memory");
      }
      s = t;
    }
    s[n++] = c;
  }
  ps->p++;
  s[n] = 0;
  return s;
}

static bench_json *parse_value(parser *ps);

static int push(bench_json *j, bench_json *item) {
  bench_json **t = realloc(j->items, sizeof *t * (j->count + 1));
  if (!t)
    return 0;
  j->items = t;
  j->items[j->count++] = item;
  return 1;
}

static bench_json *parse_container(parser *ps, int object) {
  bench_json *j = node(object ? BJ_OBJECT : BJ_ARRAY);
  if (!j)
    return fail(ps, "out of memory");
  ps->p++;
  skip(ps);
  char close = object ? '}' : ']';
  if (*ps->p == close) {
    ps->p++;
    return j;
  }
  for (;;) {
    char *key = NULL;
    skip(ps);
    if (object) {
      key = parse_string(ps);
      if (!key)
        goto bad;
      skip(ps);
      if (*ps->p != ':') {
        free(key);
        fail(ps, "expected ':'");
        goto bad;
      }
      ps->p++;
    }
    bench_json *v = parse_value(ps);
    if (!v) {
      free(key);
      goto bad;
    }
    v->key = key;
    if (!push(j, v)) {
      bench_json_free(v);
      fail(ps, "out of memory");
      goto bad;
    }
    skip(ps);
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == close) {
      ps->p++;
      return j;
    }
    fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
    goto bad;
  }
bad:
  bench_json_free(j);
  return NULL;
}

static bench_json *parse_value(parser *ps) {
  skip(ps);
  if (++ps->depth > 64)
    return fail(ps, "nested too deeply");
  bench_json *j = NULL;
  char c = *ps->p;
  if (c == '{' || c == '[') {
    j = parse_container(ps, c == '{');
  } else if (c == '"') {
    char *s = parse_string(ps);
    if (s && (j = node(BJ_STRING)))
      j->string = s;
    else
      free(s);
  } else if (strncmp(ps->p, "true", 4) == 0 ||
             strncmp(ps->p, "false", 5) == 0) {
    int t = c == 't';
    ps->p += t ? 4 : 5;
    if ((j = node(BJ_BOOL)))
      j->number = t;
  } else if (strncmp(ps->p, "null", 4) == 0) {
    ps->p += 4;
    j = node(BJ_NULL);
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    char *end;
    double v = strtod(ps->p, &end);
    ps->p = end;
    if ((j = node(BJ_NUMBER)))
      j->number = v;
  } else {
    fail(ps, "unexpected character");
  }
  ps->depth--;
  return j;
}

bench_json *bench_json_parse(const char *text, char *err, size_t errsz) {
  parser ps = {text, err, errsz, 0};
  if (err && errsz)
    err[0] = 0;
  bench_json *j = parse_value(&ps);
  if (!j)
    return NULL;
  skip(&ps);
  if (*ps.p) {
    fail(&ps, "trailing text");
    bench_json_free(j);
    return NULL;
  }
  return j;
}

bench_json *bench_json_load(const char *path, char *err, size_t errsz) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errsz, "cannot open '%s'", path);
    return NULL;
  }
  size_t cap = 1 << 16, n = 0, r;
  char *buf = malloc(cap);
  while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (n + 1 == cap) {
      char *t = realloc(buf, cap *= 2);
      if (!t) {
        free(buf);
        buf = NULL;
      }
      buf = t;
    }
  }
  fclose(f);
  if (!buf) {
    snprintf(err, errsz, "'%s': out of memory", path);
    return NULL;
  }
  buf[n] = 0;
  bench_json *j = bench_json_parse(buf, err, errsz);
  free(buf);
  return j;
}

void bench_json_free(bench_json *j) {
  if (!j)
    return;
  for (size_t i = 0; i < j->count; i++)
    bench_json_free(j->items[i]);
  free(j->items);
  free(j->string);
  free(j->key);
  free(j);
}

const bench_json *bench_json_get(const bench_json *obj, const char *key) {
  if (!obj || obj->type != BJ_OBJECT)
    return NULL;
  for (size_t i = 0; i < obj->count; i++)
    if (obj->items[i]->key && strcmp(obj->items[i]->key, key) == 0)
      return obj->items[i];
  return NULL;
}
