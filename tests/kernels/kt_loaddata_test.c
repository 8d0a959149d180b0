/* Group loaddata: loading from bytes leaves no file behind (no temporary
 * path anyone could guess or race), options are accepted, and load/unload
 * cycles leak no file descriptors or mappings. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kt_util.h"

#define KT_MAX_ENTRIES 4096

typedef struct dir_snapshot {
  const char *dir;
  int n;
  char *names[KT_MAX_ENTRIES];
} dir_snapshot;

static void snap(dir_snapshot *s, const char *dir) {
  s->dir = dir;
  s->n = 0;
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d)) && s->n < KT_MAX_ENTRIES)
    s->names[s->n++] = strdup(e->d_name);
  closedir(d);
}

static int has(const dir_snapshot *s, const char *name) {
  for (int i = 0; i < s->n; i++)
    if (s->names[i] && strcmp(s->names[i], name) == 0)
      return 1;
  return 0;
}

static void snap_free(dir_snapshot *s) {
  for (int i = 0; i < s->n; i++)
    free(s->names[i]);
  s->n = 0;
}

/* Whether file |path| holds exactly |size| bytes equal to |image|. */
static int is_copy_of(const char *path, const void *image, size_t size) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
      (size_t)st.st_size != size)
    return 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return 0;
  char *buf = malloc(size);
  int same =
      buf && fread(buf, 1, size, f) == size && memcmp(buf, image, size) == 0;
  free(buf);
  fclose(f);
  return same;
}

/* Entries of |after| not in |before| that are copies of the image; in the
 * test's private TMPDIR, any new entry at all. */
static void check_new_entries(const dir_snapshot *before,
                              const dir_snapshot *after, int is_private,
                              const void *image, size_t size,
                              const char *when) {
  char path[4096];
  for (int i = 0; i < after->n; i++) {
    if (has(before, after->names[i]))
      continue;
    snprintf(path, sizeof path, "%s/%s", after->dir, after->names[i]);
    if (is_private || is_copy_of(path, image, size))
      conf_fail(__FILE__, __LINE__, "%s: %s appeared", when, path);
  }
}

/* Named files this process has mapped or open (an unlinked file shows as
 * "(deleted)" and is left out). */
static void named_files(dir_snapshot *out) {
  char line[4096];
  out->dir = "/proc/self";
  out->n = 0;
  FILE *f = fopen("/proc/self/maps", "r");
  while (f && fgets(line, sizeof line, f) && out->n < KT_MAX_ENTRIES) {
    char *path = strchr(line, '/');
    if (!path || strstr(line, "(deleted)"))
      continue;
    path[strcspn(path, "\n")] = '\0';
    out->names[out->n++] = strdup(path);
  }
  if (f)
    fclose(f);
  DIR *fds = opendir("/proc/self/fd");
  struct dirent *e;
  while (fds && (e = readdir(fds)) && out->n < KT_MAX_ENTRIES) {
    char link[300], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
      continue;
    target[n] = '\0';
    if (target[0] == '/' && !strstr(target, "(deleted)"))
      out->names[out->n++] = strdup(target);
  }
  if (fds)
    closedir(fds);
}

/* Files mapped or opened since |before| under a temporary directory. */
static void check_no_new_named_temp_files(const dir_snapshot *before,
                                          const char *const *dirs, int ndirs) {
  static dir_snapshot now;
  named_files(&now);
  for (int i = 0; i < now.n; i++) {
    if (has(before, now.names[i]))
      continue;
    for (int d = 0; d < ndirs; d++) {
      size_t len = strlen(dirs[d]);
      if (strncmp(now.names[i], dirs[d], len) == 0 && now.names[i][len] == '/')
        conf_fail(__FILE__, __LINE__, "a named temporary file is in use: %s",
                  now.names[i]);
    }
  }
  snap_free(&now);
}

CONF_TEST(loaddata, no_file_left_behind) {
  size_t size = 0;
  const void *image = kt_image(&size);
  if (!image)
    CONF_SKIP("%s", "no kernel image was built for this backend");
  const char *tmpdir = getenv("TMPDIR");
  const char *dirs[3] = {"/tmp", "/dev/shm", tmpdir ? tmpdir : "/tmp"};
  static dir_snapshot before[3], during[3], after[3], files;
  for (int d = 0; d < 3; d++)
    snap(&before[d], dirs[d]);
  named_files(&files);
  infinirtLibrary_t lib;
  if (kt_load(&lib)) {
    infinirtKernel_t k = kt_kernel(lib, "kt_empty");
    infinirtDim3 one = {1, 1, 1};
    if (k) {
      EXPECT_OK(infinirtLaunchKernel(k, one, one, NULL, 0, NULL));
      EXPECT_OK(infinirtDeviceSynchronize());
    }
    check_no_new_named_temp_files(&files, dirs, 3);
    for (int d = 0; d < 3; d++) {
      snap(&during[d], dirs[d]);
      check_new_entries(&before[d], &during[d], d == 2 && tmpdir, image, size,
                        "while loaded");
    }
    EXPECT_OK(infinirtLibraryUnload(lib));
  }
  for (int d = 0; d < 3; d++) {
    snap(&after[d], dirs[d]);
    check_new_entries(&before[d], &after[d], d == 2 && tmpdir, image, size,
                      "after unload");
    snap_free(&before[d]);
    snap_free(&during[d]);
    snap_free(&after[d]);
  }
  snap_free(&files);
}

static int count_fds(void) {
  int n = 0;
  DIR *d = opendir("/proc/self/fd");
  while (d && readdir(d))
    n++;
  if (d)
    closedir(d);
  return n;
}

/* Mappings of unlinked or memory-backed files: what a leaked image leaves. */
static int count_anonymous_file_maps(void) {
  char line[4096];
  int n = 0;
  FILE *f = fopen("/proc/self/maps", "r");
  while (f && fgets(line, sizeof line, f))
    n += strstr(line, "(deleted)") || strstr(line, "memfd:");
  if (f)
    fclose(f);
  return n;
}

CONF_TEST(loaddata, cycles_leak_nothing) {
  if (!kt_image(NULL))
    CONF_SKIP("%s", "no kernel image was built for this backend");
  infinirtDim3 one = {1, 1, 1};
  /* One warm-up cycle, so lazily created runtime state is not counted. */
  for (int round = 0; round < 2; round++) {
    int fds = count_fds(), maps = count_anonymous_file_maps();
    for (int i = 0; i < (round ? 100 : 1); i++) {
      infinirtLibrary_t lib;
      if (!kt_load(&lib))
        return;
      infinirtKernel_t k = kt_kernel(lib, "kt_empty");
      if (k)
        EXPECT_OK(infinirtLaunchKernel(k, one, one, NULL, 0, NULL));
      EXPECT_OK(infinirtLibraryUnload(lib));
    }
    EXPECT_OK(infinirtDeviceSynchronize());
    if (round) {
      EXPECT_EQ(count_fds(), fds);
      EXPECT_EQ(count_anonymous_file_maps(), maps);
    }
  }
}

CONF_TEST(loaddata, options_accepted) {
  size_t size = 0;
  const void *image = kt_image(&size);
  if (!image)
    CONF_SKIP("%s", "no kernel image was built for this backend");
  /* A private copy the caller promises to keep (BinaryIsPreserved). */
  void *copy = malloc(size + 1);
  if (!EXPECT(copy != NULL))
    return;
  memcpy(copy, image, size + 1);
  enum infinirtJitOption jit[] = {infinirtJitOptimizationLevel};
  void *jit_values[] = {(void *)(size_t)3};
  enum infinirtLibraryOption lopt[] = {infinirtLibraryBinaryIsPreserved};
  void *lvalues[] = {(void *)(size_t)1};
  infinirtLibrary_t lib;
  infinirtDim3 one = {1, 1, 1};
  if (EXPECT_OK(infinirtLibraryLoadData(&lib, copy, jit, jit_values, 1, lopt,
                                        lvalues, 1))) {
    infinirtKernel_t k = kt_kernel(lib, "kt_empty");
    if (k) {
      EXPECT_OK(infinirtLaunchKernel(k, one, one, NULL, 0, NULL));
      EXPECT_OK(infinirtDeviceSynchronize());
    }
    EXPECT_OK(infinirtLibraryUnload(lib));
  }
  /* Without the option the image is copied: the caller may free it. */
  if (EXPECT_OK(
          infinirtLibraryLoadData(&lib, copy, NULL, NULL, 0, NULL, NULL, 0))) {
    memset(copy, 0, size);
    free(copy);
    copy = NULL;
    infinirtKernel_t k = kt_kernel(lib, "kt_empty");
    if (k) {
      EXPECT_OK(infinirtLaunchKernel(k, one, one, NULL, 0, NULL));
      EXPECT_OK(infinirtDeviceSynchronize());
    }
    EXPECT_OK(infinirtLibraryUnload(lib));
  }
  free(copy);
}
