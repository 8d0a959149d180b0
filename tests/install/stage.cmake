# install.stage: a fresh install of the build tree BUILD_DIR into PREFIX (a
# prefix other than CMAKE_INSTALL_PREFIX, which also shows that the installed
# files do not depend on it). WORK holds the consumers' builds.
foreach(v BUILD_DIR PREFIX WORK)
  if(NOT ${v})
    message(FATAL_ERROR "stage.cmake: -D${v}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE ${PREFIX} ${WORK})
execute_process(
  COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}")
endif()
message(STATUS "installed into ${PREFIX}")
