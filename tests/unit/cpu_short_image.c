/* cpu_short_image.c - LibraryLoadData on the CPU with images shorter than an
 * ELF header. LoadData has only a pointer, so the backend may read only as
 * far as the bytes prove the image is an ELF object for this host: each
 * buffer here is allocated at its exact size, and an ASan build reports any
 * read past it. Each must answer InvalidKernelImage. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static void load_short(const char *bytes, size_t n) {
  unsigned char *image = malloc(n);
  if (!UNIT_CHECK(image != NULL))
    return;
  memcpy(image, bytes, n);
  infinirtLibrary_t lib = (infinirtLibrary_t)(uintptr_t)0x1234;
  UNIT_CHECK_ERR(
      infinirtErrorInvalidKernelImage,
      infinirtLibraryLoadData(&lib, image, NULL, NULL, 0, NULL, NULL, 0));
  UNIT_CHECK(lib == (infinirtLibrary_t)(uintptr_t)0x1234);
  free(image);
}

int main(void) {
  if (!UNIT_CHECK_ERR(infinirtSuccess,
                      infinirtExtSetDeviceType(infinirtDeviceTypeCpu)))
    return unit_result();
  load_short("A", 1);
  load_short("\x7f"
             "EX",
             3); /* the magic breaks at its third byte */
  load_short("hello", 5);
  load_short("\x7f"
             "ELF\x09",
             5); /* ELF, but no class this host has */
  return unit_result();
}
