/* print_device.c - the property listing of one device. */
#include <stdio.h>

#include "info.h"

static void print_bytes(const char *label, size_t bytes) {
  double v = (double)bytes;
  const char *unit = "B";
  if (v >= 1024.0 * 1024 * 1024) {
    v /= 1024.0 * 1024 * 1024;
    unit = "GiB";
  } else if (v >= 1024.0 * 1024) {
    v /= 1024.0 * 1024;
    unit = "MiB";
  } else if (v >= 1024.0) {
    v /= 1024.0;
    unit = "KiB";
  }
  printf("    %-28s %.1f %s\n", label, v, unit);
}

int info_print_device(int device) {
  struct infinirtDeviceProp p;
  if (infinirtGetDeviceProperties(&p, device) != infinirtSuccess) {
    printf("  device %d: GetDeviceProperties failed: %s\n", device,
           infinirtExtGetLastErrorDetail());
    return 1;
  }
  printf("  device %d: %s\n", device, p.name);
  if (p.major || p.minor)
    printf("    %-28s %d.%d\n", "compute capability", p.major, p.minor);
  printf("    %-28s %d\n", "multiprocessors / cores", p.multiProcessorCount);
  print_bytes("global memory", p.totalGlobalMem);
  size_t free_b = 0, total_b = 0;
  int cur = -1;
  infinirtGetDevice(&cur);
  if (infinirtSetDevice(device) == infinirtSuccess &&
      infinirtMemGetInfo(&free_b, &total_b) == infinirtSuccess)
    print_bytes("memory free now", free_b);
  if (cur >= 0)
    infinirtSetDevice(cur);
  print_bytes("L2 cache", (size_t)p.l2CacheSize);
  print_bytes("shared memory per block", p.sharedMemPerBlock);
  printf("    %-28s %d\n", "max threads per block", p.maxThreadsPerBlock);
  printf("    %-28s %d x %d x %d\n", "max block dims", p.maxThreadsDim[0],
         p.maxThreadsDim[1], p.maxThreadsDim[2]);
  printf("    %-28s %d x %d x %d\n", "max grid dims", p.maxGridSize[0],
         p.maxGridSize[1], p.maxGridSize[2]);
  printf("    %-28s %d\n", "warp size", p.warpSize);
  printf("    %-28s %d\n", "async engines", p.asyncEngineCount);
  printf("    %-28s %s\n", "unified addressing",
         p.unifiedAddressing ? "yes" : "no");
  printf("    %-28s %s\n", "memory pools",
         p.memoryPoolsSupported ? "yes" : "no");
  int clock_khz = 0;
  if (infinirtDeviceGetAttribute(&clock_khz, infinirtDevAttrClockRate,
                                 device) == infinirtSuccess &&
      clock_khz > 0)
    printf("    %-28s %d MHz\n", "clock", clock_khz / 1000);
  if (p.pciBusID || p.pciDeviceID)
    printf("    %-28s %04x:%02x:%02x\n", "PCI", p.pciDomainID, p.pciBusID,
           p.pciDeviceID);
  return 0;
}
