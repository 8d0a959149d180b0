/* fault_inject.h - the fault-injection interposer's control (fault_inject.c).
 *
 * Once armed with |n|, the n-th call (from any thread) to malloc, calloc,
 * realloc, posix_memalign, aligned_alloc, mmap or pthread_create fails as
 * that function fails when memory or threads run out; every other call
 * succeeds. The program that links the interposer gets it for the whole
 * process, libinfinirt.so included. */
#ifndef FAULT_INJECT_H_
#define FAULT_INJECT_H_

#include <stdbool.h>

void fault_arm(long n);
/* Disarms; returns whether the armed failure was injected. */
bool fault_disarm(void);

#endif /* FAULT_INJECT_H_ */
