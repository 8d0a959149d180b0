/* file_open.c - opening a kernel image file for the backends. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"

int infinirt_open_regular(const char *path, const char **why) {
  /* Non-blocking: opening a FIFO for reading otherwise waits for a writer,
   * forever if none comes. The flag means nothing to a regular file. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  struct stat st;
  if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    return fd;
  *why = fd < 0                ? strerror(errno)
         : S_ISDIR(st.st_mode) ? "it is a directory"
                               : "it is not a regular file";
  if (fd >= 0)
    close(fd);
  return -1;
}
