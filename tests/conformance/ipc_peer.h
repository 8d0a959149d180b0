/* ipc_peer.h - starting the ipc tests' second process (ipc_peer.c) with
 * pipes on its stdin and stdout, and talking to it: for the conformance
 * group ipc and the CPU backend's ipc tests. INFINIRT_IPC_PEER names the
 * program (set by CMake). */
#ifndef CONF_IPC_PEER_H_
#define CONF_IPC_PEER_H_

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#ifndef INFINIRT_IPC_PEER
#error "INFINIRT_IPC_PEER must name the peer program"
#endif

typedef struct peer {
  pid_t pid;
  FILE *in;  /* its stdin */
  FILE *out; /* its stdout */
} peer;

static inline bool peer_start(peer *p, const char *mode, const char *arg) {
  int to[2], from[2];
  if (pipe(to) != 0)
    return false;
  if (pipe(from) != 0) {
    close(to[0]);
    close(to[1]);
    return false;
  }
  const char *backend = infinirtExtGetDeviceTypeName(conf_backend);
  signal(SIGPIPE, SIG_IGN); /* a peer that died fails the test, not us */
  fflush(NULL);
  p->pid = fork();
  if (p->pid == 0) {
    dup2(to[0], 0);
    dup2(from[1], 1);
    close(to[0]);
    close(to[1]);
    close(from[0]);
    close(from[1]);
    execl(INFINIRT_IPC_PEER, INFINIRT_IPC_PEER, backend, mode, arg,
          (char *)NULL);
    _exit(127);
  }
  close(to[0]);
  close(from[1]);
  if (p->pid < 0) {
    close(to[1]);
    close(from[0]);
    return false;
  }
  p->in = fdopen(to[1], "w");
  p->out = fdopen(from[0], "r");
  return p->in && p->out;
}

static inline void send_handles(peer *p, const infinirtIpcMemHandle_t *mh,
                                const infinirtIpcEventHandle_t *eh) {
  for (size_t i = 0; i < sizeof mh->reserved; i++)
    fprintf(p->in, "%02x", (unsigned char)mh->reserved[i]);
  fputc(' ', p->in);
  for (size_t i = 0; i < sizeof eh->reserved; i++)
    fprintf(p->in, "%02x", (unsigned char)eh->reserved[i]);
  fputc('\n', p->in);
  fflush(p->in);
}

/* Whether the peer's next line is |word|. */
static inline bool peer_says(peer *p, const char *word) {
  char line[64];
  if (!fgets(line, sizeof line, p->out))
    return false;
  line[strcspn(line, "\n")] = '\0';
  return strcmp(line, word) == 0;
}

/* Closes the pipes and reaps the peer; its exit status (-1: killed). */
static inline int peer_end(peer *p) {
  if (p->in)
    fclose(p->in);
  if (p->out)
    fclose(p->out);
  int st = 0;
  while (waitpid(p->pid, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif /* CONF_IPC_PEER_H_ */
