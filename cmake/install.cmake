# Install rules: the libraries, the public headers, the tools, and the files
# that let other projects find InfiniRT (CMake package, pkg-config).
# Included from the top-level CMakeLists.txt right after src/.
include(GNUInstallDirs)
include(${CMAKE_CURRENT_LIST_DIR}/version_check.cmake)

install(TARGETS infinirt infinirt_static
  EXPORT infinirtTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# A directory rule (not a configure-time glob) so that a header added later
# is installed without re-running CMake.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.def")

include(${CMAKE_CURRENT_LIST_DIR}/package.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/docs.cmake)

# The tools are defined after this file is included (tools/ comes later in
# the top-level list), so their rules are added once the whole top-level
# directory has been processed.
function(infinirt_install_tools)
  if(NOT TARGET infinirt-info)
    return()
  endif()
  # Installed tools find libinfinirt.so next to them, wherever the prefix is.
  file(RELATIVE_PATH _rel "/p/${CMAKE_INSTALL_BINDIR}" "/p/${CMAKE_INSTALL_LIBDIR}")
  get_target_property(_rpath infinirt-info INSTALL_RPATH)
  if(NOT _rpath)
    set_target_properties(infinirt-info PROPERTIES INSTALL_RPATH "$ORIGIN/${_rel}")
  endif()
  install(TARGETS infinirt-info RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL infinirt_install_tools)
