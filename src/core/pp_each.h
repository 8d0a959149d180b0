/* pp_each.h - INFINIRT_PP_EACH(m, a, b, ...) expands to m(a) m(b) ...; for
 * the API table's argument and check lists (0 to 10 items). Uses the GNU
 * `, ##__VA_ARGS__` form, which gcc and clang both accept, for the empty
 * list. */
#ifndef INFINIRT_CORE_PP_EACH_H_
#define INFINIRT_CORE_PP_EACH_H_

#define INFINIRT_PP_COUNT(...)                                                 \
  INFINIRT_PP_COUNT_(_, ##__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define INFINIRT_PP_COUNT_(_, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, n, ...) n
#define INFINIRT_PP_CAT(a, b) INFINIRT_PP_CAT_(a, b)
#define INFINIRT_PP_CAT_(a, b) a##b

#define INFINIRT_PP_EACH(m, ...)                                               \
  INFINIRT_PP_CAT(INFINIRT_PP_EACH_, INFINIRT_PP_COUNT(__VA_ARGS__))           \
  (m, ##__VA_ARGS__)
#define INFINIRT_PP_EACH_0(m, ...)
#define INFINIRT_PP_EACH_1(m, a) m(a)
#define INFINIRT_PP_EACH_2(m, a, ...) m(a) INFINIRT_PP_EACH_1(m, __VA_ARGS__)
#define INFINIRT_PP_EACH_3(m, a, ...) m(a) INFINIRT_PP_EACH_2(m, __VA_ARGS__)
#define INFINIRT_PP_EACH_4(m, a, ...) m(a) INFINIRT_PP_EACH_3(m, __VA_ARGS__)
#define INFINIRT_PP_EACH_5(m, a, ...) m(a) INFINIRT_PP_EACH_4(m, __VA_ARGS__)
#define INFINIRT_PP_EACH_6(m, a, ...) m(a) INFINIRT_PP_EACH_5(m, __VA_ARGS__)
#define INFINIRT_PP_EACH_7(m, a, ...) m(a) INFINIRT_PP_EACH_6(m, __VA_ARGS__)
#define INFINIRT_PP_EACH_8(m, a, ...) m(a) INFINIRT_PP_EACH_7(m, __VA_ARGS__)
#define INFINIRT_PP_EACH_9(m, a, ...) m(a) INFINIRT_PP_EACH_8(m, __VA_ARGS__)
#define INFINIRT_PP_EACH_10(m, a, ...) m(a) INFINIRT_PP_EACH_9(m, __VA_ARGS__)

#endif /* INFINIRT_CORE_PP_EACH_H_ */
