/* cpu_elf.c - recognises a CPU kernel image (an ELF shared object for this
 * host) and finds its size from its headers, since LibraryLoadData gets
 * only a pointer; lists the objects it exports (kernel infos and globals). */
#include <elf.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#elif defined(__riscv)
#define HOST_MACHINE EM_RISCV
#elif defined(__powerpc64__)
#define HOST_MACHINE EM_PPC64
#elif defined(__i386__)
#define HOST_MACHINE EM_386
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_DATA ELFDATA2LSB
#else
#define HOST_DATA ELFDATA2MSB
#endif

#if __SIZEOF_POINTER__ == 8
#define HOST_CLASS ELFCLASS64
#else
#define HOST_CLASS ELFCLASS32
#endif

/* No kernel library is anywhere near this; garbage headers often are. */
#define MAX_IMAGE ((uint64_t)1 << 32)

static bool grow(uint64_t *size, uint64_t off, uint64_t count, uint64_t each) {
  if (count != 0 && each > (MAX_IMAGE - off) / count)
    return false;
  if (off > MAX_IMAGE)
    return false;
  uint64_t end = off + count * each;
  if (end > *size)
    *size = end;
  return true;
}

/* Compares the identification bytes one at a time and stops at the first
 * that differs: LoadData has only a pointer, so a short image that is not
 * ELF must not be read past the byte that shows it. Returns how many match. */
static size_t ident_match(const unsigned char *p, size_t limit) {
  static const unsigned char want[] = {
      ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, HOST_CLASS, HOST_DATA, EV_CURRENT};
  size_t i = 0;
  while (i < sizeof want && i < limit && p[i] == want[i])
    i++;
  return i;
}

infinirtError_t infinirt_cpu_elf_size(const void *code, size_t limit,
                                      size_t *out) {
  const unsigned char *b = code;
  size_t n = ident_match(b, limit);
  if (n < SELFMAG && n < limit)
    return infinirt_detail(infinirtErrorInvalidKernelImage,
                           "the image is not an ELF shared object "
                           "(the cpu backend loads only those)");
  if (n < EI_VERSION + 1 && n < limit)
    return infinirt_detail(infinirtErrorInvalidKernelImage,
                           "the ELF image is not for this host (byte %zu of "
                           "its identification is %d)",
                           n, b[n]);
  ElfW(Ehdr) eh;
  if (limit < sizeof eh)
    return infinirt_detail(infinirtErrorInvalidKernelImage,
                           "a %zu-byte file is too short for an ELF header",
                           limit);
  memcpy(&eh, code, sizeof eh);
  if (eh.e_ident[EI_CLASS] != HOST_CLASS || eh.e_ident[EI_DATA] != HOST_DATA ||
#ifdef HOST_MACHINE
      eh.e_machine != HOST_MACHINE ||
#endif
      eh.e_type != ET_DYN)
    return infinirt_detail(infinirtErrorInvalidKernelImage,
                           "the ELF image is not a shared object for this "
                           "host (class %d, type %d, machine %d)",
                           eh.e_ident[EI_CLASS], eh.e_type, eh.e_machine);
  if (eh.e_ehsize < sizeof eh ||
      (eh.e_phnum && eh.e_phentsize != sizeof(ElfW(Phdr))) ||
      (eh.e_shoff && eh.e_shentsize != sizeof(ElfW(Shdr))))
    return infinirt_detail(infinirtErrorInvalidKernelImage,
                           "the ELF image has malformed headers");
  uint64_t size = sizeof eh;
  uint64_t shnum = eh.e_shnum;
  bool ok = grow(&size, eh.e_phoff, eh.e_phnum, sizeof(ElfW(Phdr)));
  if (ok && eh.e_shoff) {
    ok = grow(&size, eh.e_shoff, 1, sizeof(ElfW(Shdr)));
    if (ok && size <= limit && shnum == 0) {
      /* Extended numbering: the count is in section header 0. */
      ElfW(Shdr) sh0;
      memcpy(&sh0, (const char *)code + eh.e_shoff, sizeof sh0);
      shnum = sh0.sh_size;
    }
    ok = ok && grow(&size, eh.e_shoff, shnum, sizeof(ElfW(Shdr)));
  }
  if (ok && size <= limit) {
    for (unsigned i = 0; ok && i < eh.e_phnum; i++) {
      ElfW(Phdr) ph;
      memcpy(&ph, (const char *)code + eh.e_phoff + i * sizeof ph, sizeof ph);
      ok = grow(&size, ph.p_offset, 1, ph.p_filesz);
    }
  }
  if (!ok || size > limit)
    return infinirt_detail(
        infinirtErrorInvalidKernelImage, "the ELF image's headers describe %s",
        ok ? "more bytes than the file has" : "an impossible size");
  *out = (size_t)size;
  return infinirtSuccess;
}

/* ---- exported objects, from the section headers ------------------------- */

/* The bytes [off, off + n) of an image of |size| bytes, or NULL. */
static const unsigned char *at(const unsigned char *b, size_t size,
                               uint64_t off, uint64_t n) {
  return off <= size && n <= size - off ? b + off : NULL;
}

static bool exported_object(const ElfW(Sym) * s) {
  unsigned bind = ELF64_ST_BIND(s->st_info), type = ELF64_ST_TYPE(s->st_info);
  unsigned vis = ELF64_ST_VISIBILITY(s->st_other);
  return s->st_shndx != SHN_UNDEF && s->st_shndx < SHN_LORESERVE &&
         (type == STT_OBJECT || type == STT_COMMON) &&
         (bind == STB_GLOBAL || bind == STB_WEAK) &&
         (vis == STV_DEFAULT || vis == STV_PROTECTED);
}

infinirtError_t infinirt_cpu_elf_objects(const void *code, size_t size,
                                         cpu_elf_objects *out) {
  const unsigned char *b = code;
  *out = (cpu_elf_objects){0};
  ElfW(Ehdr) eh;
  memcpy(&eh, b, sizeof eh); /* infinirt_cpu_elf_size checked the headers */
  const unsigned char *shdrs =
      eh.e_shoff
          ? at(b, size, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(ElfW(Shdr)))
          : NULL;
  if (!shdrs || eh.e_shnum == 0 || eh.e_shstrndx >= eh.e_shnum)
    return infinirtSuccess; /* no section headers: nothing to list */
  ElfW(Shdr) sym_sh, str_sh, names_sh;
  memcpy(&names_sh, shdrs + eh.e_shstrndx * sizeof names_sh, sizeof names_sh);
  const unsigned char *secnames =
      at(b, size, names_sh.sh_offset, names_sh.sh_size);
  unsigned dynsym = 0, managed = SHN_UNDEF;
  for (unsigned i = 1; i < eh.e_shnum; i++) {
    ElfW(Shdr) sh;
    memcpy(&sh, shdrs + i * sizeof sh, sizeof sh);
    if (sh.sh_type == SHT_DYNSYM && sh.sh_entsize == sizeof(ElfW(Sym)))
      dynsym = i;
    static const char mark[] = INFINIRT_CPU_MANAGED_SECTION;
    if (secnames && sh.sh_name < names_sh.sh_size &&
        names_sh.sh_size - sh.sh_name >= sizeof mark &&
        memcmp(secnames + sh.sh_name, mark, sizeof mark) == 0)
      managed = i;
  }
  if (!dynsym)
    return infinirtSuccess;
  memcpy(&sym_sh, shdrs + dynsym * sizeof sym_sh, sizeof sym_sh);
  if (sym_sh.sh_link >= eh.e_shnum)
    return infinirtSuccess;
  memcpy(&str_sh, shdrs + sym_sh.sh_link * sizeof str_sh, sizeof str_sh);
  const unsigned char *syms = at(b, size, sym_sh.sh_offset, sym_sh.sh_size);
  const char *strs =
      (const char *)at(b, size, str_sh.sh_offset, str_sh.sh_size);
  if (!syms || !strs || str_sh.sh_size == 0 || strs[str_sh.sh_size - 1])
    return infinirtSuccess;
  size_t nsyms = sym_sh.sh_size / sizeof(ElfW(Sym));
  /* One block: the entries, then the names they point to. */
  size_t n = 0, bytes = 0;
  for (size_t pass = 0; pass < 2; pass++) {
    cpu_elf_object *o = out->objects;
    char *names = (char *)(o + n);
    for (size_t i = 1; i < nsyms; i++) {
      ElfW(Sym) s;
      memcpy(&s, syms + i * sizeof s, sizeof s);
      if (!exported_object(&s) || s.st_name >= str_sh.sh_size ||
          !strs[s.st_name])
        continue;
      size_t len = strlen(strs + s.st_name) + 1;
      if (pass == 0) {
        n++;
        bytes += len;
        continue;
      }
      memcpy(names, strs + s.st_name, len);
      *o++ = (cpu_elf_object){names, (size_t)s.st_size,
                              managed != SHN_UNDEF && s.st_shndx == managed};
      names += len;
    }
    if (pass == 0) {
      out->objects = malloc(n * sizeof(cpu_elf_object) + bytes + 1);
      if (!out->objects)
        return infinirt_detail(infinirtErrorMemoryAllocation,
                               "no memory for the symbols of a library");
    }
  }
  out->count = n;
  out->listed = true;
  return infinirtSuccess;
}
