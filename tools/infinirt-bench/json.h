/* json.h - a small JSON reader for infinirt-bench compare (and the tests):
 * the whole document becomes a tree of bench_json nodes. */
#ifndef INFINIRT_BENCH_JSON_H_
#define INFINIRT_BENCH_JSON_H_

#include <stddef.h>

typedef enum {
  BJ_NULL,
  BJ_BOOL,
  BJ_NUMBER,
  BJ_STRING,
  BJ_ARRAY,
  BJ_OBJECT
} bench_json_type;

typedef struct bench_json {
  bench_json_type type;
  double number;             /* NUMBER, BOOL (0/1) */
  char *string;              /* STRING; the key of an object member */
  char *key;                 /* member name inside an object */
  struct bench_json **items; /* ARRAY elements, OBJECT members */
  size_t count;
} bench_json;

/* Parses |text|; NULL on error with a message in |err| (|errsz| bytes). */
bench_json *bench_json_parse(const char *text, char *err, size_t errsz);
/* Reads and parses the file |path|. */
bench_json *bench_json_load(const char *path, char *err, size_t errsz);
void bench_json_free(bench_json *j);
/* The member |key| of an object, or NULL. */
const bench_json *bench_json_get(const bench_json *obj, const char *key);

#endif
