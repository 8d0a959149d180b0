# Files that let other projects find the installed library: a CMake package
# (find_package(infinirt)) and a pkg-config file (infinirt.pc). Both compute
# the prefix from their own location, so an install tree can be moved.
include(CMakePackageConfigHelpers)

set(INFINIRT_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/infinirt)

# Backend variables for the config file: every backend of the registry
# (cmake/backends.cmake) gets INFINIRT_HAVE_<NAME> TRUE or FALSE, so
# consumers can test any.
set(INFINIRT_CONFIG_BACKEND_VARS "")
foreach(_b IN LISTS INFINIRT_ALL_BACKENDS)
  string(TOUPPER ${_b} _B)
  if(_b IN_LIST INFINIRT_ENABLED_BACKENDS)
    string(APPEND INFINIRT_CONFIG_BACKEND_VARS "set(INFINIRT_HAVE_${_B} TRUE)\n")
  else()
    string(APPEND INFINIRT_CONFIG_BACKEND_VARS "set(INFINIRT_HAVE_${_B} FALSE)\n")
  endif()
endforeach()

# The include directory, relative to the package's own location, for
# infinirt_add_kernel_library() (infinirtKernels.cmake).
set(INFINIRT_INCLUDE_INSTALL_DIR ${CMAKE_INSTALL_INCLUDEDIR})
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/infinirtConfig.cmake.in
  ${PROJECT_BINARY_DIR}/infinirtConfig.cmake
  INSTALL_DESTINATION ${INFINIRT_CMAKE_INSTALL_DIR}
  PATH_VARS INFINIRT_INCLUDE_INSTALL_DIR)

# Before 1.0 a minor release may break the API (docs/versioning.md).
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_compat SameMinorVersion)
else()
  set(_compat SameMajorVersion)
endif()
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/infinirtConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY ${_compat})

install(EXPORT infinirtTargets
  NAMESPACE infinirt::
  DESTINATION ${INFINIRT_CMAKE_INSTALL_DIR})
install(FILES
  ${PROJECT_BINARY_DIR}/infinirtConfig.cmake
  ${PROJECT_BINARY_DIR}/infinirtConfigVersion.cmake
  DESTINATION ${INFINIRT_CMAKE_INSTALL_DIR})
install(FILES ${CMAKE_CURRENT_LIST_DIR}/kernels.cmake
  DESTINATION ${INFINIRT_CMAKE_INSTALL_DIR} RENAME infinirtKernels.cmake)

# pkg-config: prefix relative to ${pcfiledir} unless the user gave absolute
# library or include directories, which cannot move anyway.
set(INFINIRT_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
set(INFINIRT_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR
   IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(INFINIRT_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(INFINIRT_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(INFINIRT_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH _up "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" _up "${_up}")
  set(INFINIRT_PC_PREFIX "\${pcfiledir}/${_up}")
endif()
string(REPLACE ";" " " INFINIRT_PC_BACKENDS "${INFINIRT_ENABLED_BACKENDS}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/infinirt.pc.in
  ${PROJECT_BINARY_DIR}/infinirt.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/infinirt.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
unset(_b)
unset(_B)
unset(_compat)
unset(_up)
