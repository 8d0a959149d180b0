# kernels.cmake - build kernels written once (infinirt_kernel.h) for every
# enabled backend.
#
#   infinirt_add_kernel_library(<name> SOURCES a.c [b.c ...]
#                               [CPU_FLAGS flags...] [CPU_ONLY])
#
# makes
#   <name>_cpu       MODULE library <name>.cpu.so: the CPU image (C compiler,
#                    CPU_FLAGS or else INFINIRT_KERNEL_CPU_FLAGS, only the
#                    kernel info symbols exported);
#   <name>_nvidia    custom target building <name>.fatbin with nvcc: SASS for
#                    each arch in INFINIRT_KERNEL_CUDA_ARCHS plus PTX for the
#                    last one (so newer GPUs JIT it). Only where nvcc was
#                    found, INFINIRT_BACKEND_NVIDIA is ON and CPU_ONLY is not
#                    given;
#   <name>_embedded  static library embedding every built image as a byte
#                    array; its header <name>_embedded.h declares
#                      const void *<name>_image(infinirtDeviceType, size_t *);
#                      const char *<name>_image_path(infinirtDeviceType);
#                      const char *<name>_image_missing(infinirtDeviceType);
#                    so a program can infinirtLibraryLoadData without files;
# and sets <name>_CPU_IMAGE and <name>_NVIDIA_IMAGE (file paths, or empty) in
# the caller's scope. The images land in ${CMAKE_CURRENT_BINARY_DIR}/<name>/.
#
# The NVIDIA build compiles all SOURCES as one translation unit (a generated
# .cu including each), so static helper names must be unique in a library.
#
# The CMake package installs this file as infinirtKernels.cmake, so after
# find_package(infinirt) an outside project has the function too, with the
# installed headers.
#
# Run as a script (cmake -DINFINIRT_EMBED_IN=f -DINFINIRT_EMBED_OUT=f.c
# -DINFINIRT_EMBED_SYMBOL=s -P kernels.cmake) it writes f as a C byte array.

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED INFINIRT_EMBED_IN)
  file(READ "${INFINIRT_EMBED_IN}" hex HEX)
  string(LENGTH "${hex}" nhex)
  math(EXPR nbytes "${nhex} / 2")
  # A trailing NUL (not counted in the size) so PTX text is terminated too.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}00")
  string(REGEX REPLACE "((0x..,){16})" "\\1\n" bytes "${bytes}")
  file(WRITE "${INFINIRT_EMBED_OUT}"
    "/* Generated from ${INFINIRT_EMBED_IN} by kernels.cmake. */\n"
    "#include <stddef.h>\n"
    "_Alignas(64) const unsigned char ${INFINIRT_EMBED_SYMBOL}[] = {\n"
    "${bytes}};\n"
    "const size_t ${INFINIRT_EMBED_SYMBOL}_size = ${nbytes};\n")
  return()
endif()

include_guard(GLOBAL)

set(INFINIRT_KERNEL_CUDA_ARCHS "90" CACHE STRING
  "SM architectures of kernel fatbins (e.g. '80;90'); PTX is added for the last")
set(INFINIRT_KERNEL_CPU_FLAGS "-O3" CACHE STRING
  "Compiler flags of CPU kernel images (e.g. add -march=native for a local build)")
set(INFINIRT_KERNEL_NVCC_FLAGS "-O3" CACHE STRING
  "Extra nvcc flags of kernel fatbins (e.g. -ccbin <host compiler>)")
# Whether NVIDIA images are built: this project's INFINIRT_BACKEND_NVIDIA
# option. The installed copy (infinirtKernels.cmake, included by the CMake
# package) builds them when the installed library has the NVIDIA backend,
# unless the caller set INFINIRT_BACKEND_NVIDIA before find_package(infinirt).
# Either way only where nvcc is found.
if(DEFINED INFINIRT_BACKEND_NVIDIA)
  set(_infinirt_kernel_nvidia ${INFINIRT_BACKEND_NVIDIA})
elseif(DEFINED _INFINIRT_PACKAGE_HAS_NVIDIA)
  set(_infinirt_kernel_nvidia ${_INFINIRT_PACKAGE_HAS_NVIDIA})
else()
  set(_infinirt_kernel_nvidia ON)
endif()
if(_infinirt_kernel_nvidia)
  find_program(INFINIRT_NVCC nvcc HINTS /usr/local/cuda/bin ENV CUDA_PATH
    PATH_SUFFIXES bin DOC "nvcc used to build kernel fatbins")
  if(INFINIRT_NVCC)
    message(STATUS "Kernel fatbins: ${INFINIRT_NVCC}, sm ${INFINIRT_KERNEL_CUDA_ARCHS}")
  else()
    message(STATUS "Kernel fatbins: nvcc not found, NVIDIA kernel images are not built")
  endif()
endif()
# Where infinirt_kernel.h is: the source tree's include/, or what the
# installed package sets first. Both facts are kept in global properties,
# so that the function finds them from any directory scope (a parent
# project of an add_subdirectory() build; a consumer that called
# find_package in another directory or inside a function).
if(NOT DEFINED INFINIRT_KERNEL_INCLUDE_DIR)
  set(INFINIRT_KERNEL_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../include")
endif()
set_property(GLOBAL PROPERTY INFINIRT_KERNEL_INCLUDE_DIR
  "${INFINIRT_KERNEL_INCLUDE_DIR}")
set_property(GLOBAL PROPERTY INFINIRT_KERNEL_NVIDIA ${_infinirt_kernel_nvidia})
unset(_infinirt_kernel_nvidia)

function(infinirt_add_kernel_library name)
  cmake_parse_arguments(PARSE_ARGV 1 K "CPU_ONLY" "" "SOURCES;CPU_FLAGS")
  if(NOT DEFINED INFINIRT_KERNEL_INCLUDE_DIR)
    get_property(INFINIRT_KERNEL_INCLUDE_DIR GLOBAL PROPERTY
      INFINIRT_KERNEL_INCLUDE_DIR)
  endif()
  if(DEFINED INFINIRT_BACKEND_NVIDIA)
    set(nv_enabled ${INFINIRT_BACKEND_NVIDIA})
  else()
    get_property(nv_enabled GLOBAL PROPERTY INFINIRT_KERNEL_NVIDIA)
  endif()
  set(_INFINIRT_KERNELS_SCRIPT "${CMAKE_CURRENT_FUNCTION_LIST_FILE}")
  if(NOT K_SOURCES)
    message(FATAL_ERROR "infinirt_add_kernel_library(${name}): no SOURCES")
  endif()
  set(srcs "")
  foreach(s IN LISTS K_SOURCES)
    get_filename_component(s "${s}" ABSOLUTE)
    list(APPEND srcs "${s}")
  endforeach()
  string(MAKE_C_IDENTIFIER "${name}" cname)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${name}")
  get_filename_component(inc "${INFINIRT_KERNEL_INCLUDE_DIR}" ABSOLUTE)
  set(header_deps "${inc}/infinirt_kernel.h" "${inc}/infinirt_cpu_kernel.h")

  # CPU: a plain shared object; hidden visibility leaves only the
  # infinirt_cpu_kernel__* info objects exported.
  add_library(${name}_cpu MODULE ${srcs})
  target_include_directories(${name}_cpu PRIVATE "${inc}")
  if(K_CPU_FLAGS)
    set(cpu_flags ${K_CPU_FLAGS})
  else()
    separate_arguments(cpu_flags UNIX_COMMAND "${INFINIRT_KERNEL_CPU_FLAGS}")
  endif()
  target_compile_options(${name}_cpu PRIVATE ${cpu_flags})
  target_link_libraries(${name}_cpu PRIVATE m)
  set_target_properties(${name}_cpu PROPERTIES
    PREFIX "" OUTPUT_NAME "${name}" SUFFIX ".cpu.so"
    LIBRARY_OUTPUT_DIRECTORY "${dir}"
    C_VISIBILITY_PRESET hidden POSITION_INDEPENDENT_CODE ON)
  set(cpu_image "${dir}/${name}.cpu.so")

  # NVIDIA: one fatbin from a generated unity .cu.
  set(nv_image "")
  set(nv_missing "no nvcc was found when the build was configured")
  if(K_CPU_ONLY)
    set(nv_missing "the library is built for the CPU only")
  elseif(NOT nv_enabled)
    set(nv_missing "NVIDIA images are off (INFINIRT_BACKEND_NVIDIA=OFF, or an installed InfiniRT without the NVIDIA backend)")
  elseif(INFINIRT_NVCC)
    set(nv_missing "")
    set(nv_image "${dir}/${name}.fatbin")
    set(unity "")
    foreach(s IN LISTS srcs)
      string(APPEND unity "#include \"${s}\"\n")
    endforeach()
    file(CONFIGURE OUTPUT "${dir}/${name}.cu" CONTENT "${unity}")
    set(gencode "")
    foreach(arch IN LISTS INFINIRT_KERNEL_CUDA_ARCHS)
      list(APPEND gencode -gencode "arch=compute_${arch},code=sm_${arch}")
      set(last "${arch}")
    endforeach()
    list(APPEND gencode -gencode "arch=compute_${last},code=compute_${last}")
    separate_arguments(nv_flags UNIX_COMMAND "${INFINIRT_KERNEL_NVCC_FLAGS}")
    add_custom_command(OUTPUT "${nv_image}"
      COMMAND "${INFINIRT_NVCC}" -fatbin ${gencode} ${nv_flags} -I "${inc}"
              -o "${nv_image}" "${dir}/${name}.cu"
      DEPENDS "${dir}/${name}.cu" ${srcs} ${header_deps}
      COMMENT "nvcc: kernel fatbin ${name}.fatbin"
      VERBATIM)
    add_custom_target(${name}_nvidia ALL DEPENDS "${nv_image}")
  endif()

  # Embedded copies and the accessor.
  set(gen_srcs "")
  set(decls "")
  set(cases_image "")
  set(cases_path "")
  foreach(t cpu nvidia)
    if(t STREQUAL "cpu")
      set(img "${cpu_image}")
      set(enum infinirtDeviceTypeCpu)
      set(dep ${name}_cpu)
    else()
      set(img "${nv_image}")
      set(enum infinirtDeviceTypeNvidia)
      set(dep ${name}_nvidia)
    endif()
    if(NOT img)
      continue()
    endif()
    set(sym "${cname}_image_${t}")
    add_custom_command(OUTPUT "${dir}/${sym}.c"
      COMMAND "${CMAKE_COMMAND}" "-DINFINIRT_EMBED_IN=${img}"
              "-DINFINIRT_EMBED_OUT=${dir}/${sym}.c"
              "-DINFINIRT_EMBED_SYMBOL=${sym}" -P "${_INFINIRT_KERNELS_SCRIPT}"
      DEPENDS "${img}" ${dep}
      COMMENT "embedding ${img}"
      VERBATIM)
    list(APPEND gen_srcs "${dir}/${sym}.c")
    string(APPEND decls "extern const unsigned char ${sym}[];\n"
                        "extern const size_t ${sym}_size;\n")
    string(APPEND cases_image
      "  case ${enum}:\n    *size = ${sym}_size;\n    return ${sym};\n")
    string(APPEND cases_path "  case ${enum}:\n    return \"${img}\";\n")
  endforeach()

  file(CONFIGURE OUTPUT "${dir}/include/${name}_embedded.h" CONTENT
"/* Generated by infinirt_add_kernel_library(${name}). */
#ifndef ${cname}_EMBEDDED_H_
#define ${cname}_EMBEDDED_H_
#include <stddef.h>

#include <infinirt.h>

#ifdef __cplusplus
extern \"C\" {
#endif

/* The image of kernel library ${name} for |type|, for
 * infinirtLibraryLoadData, or NULL when none was built for that type. Stores
 * its size in |*size| (0 for NULL) if |size| is not NULL. */
const void *${cname}_image(infinirtDeviceType type, size_t *size);

/* The image's file in the build tree, or NULL when none was built. */
const char *${cname}_image_path(infinirtDeviceType type);

/* Why no image was built for |type| (a sentence), or NULL when one was. */
const char *${cname}_image_missing(infinirtDeviceType type);

#ifdef __cplusplus
}
#endif
#endif
" @ONLY)
  file(CONFIGURE OUTPUT "${dir}/${name}_embedded.c" CONTENT
"/* Generated by infinirt_add_kernel_library(${name}). */
#include \"${name}_embedded.h\"

${decls}
const void *${cname}_image(infinirtDeviceType type, size_t *size) {
  size_t unused;
  if (!size)
    size = &unused;
  switch (type) {
${cases_image}  default:
    *size = 0;
    return NULL;
  }
}

const char *${cname}_image_path(infinirtDeviceType type) {
  switch (type) {
${cases_path}  default:
    return NULL;
  }
}

const char *${cname}_image_missing(infinirtDeviceType type) {
  if (${cname}_image(type, NULL))
    return NULL;
  if (type == infinirtDeviceTypeNvidia)
    return \"no NVIDIA image of ${name} was built: ${nv_missing}\";
  return \"no image of ${name} is built for this device type\";
}
" @ONLY)
  add_library(${name}_embedded STATIC "${dir}/${name}_embedded.c" ${gen_srcs})
  target_include_directories(${name}_embedded PUBLIC "${dir}/include" "${inc}")

  set(${name}_CPU_IMAGE "${cpu_image}" PARENT_SCOPE)
  set(${name}_NVIDIA_IMAGE "${nv_image}" PARENT_SCOPE)
endfunction()
