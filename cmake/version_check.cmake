# The version lives in two places: project() in CMakeLists.txt (soname, CMake
# package, pkg-config) and the INFINIRT_VERSION_* macros in infinirt.h (what
# programs compile against and infinirtRuntimeGetVersion reports). Refuse to
# configure when they disagree, so no build ships two versions.
file(STRINGS ${PROJECT_SOURCE_DIR}/include/infinirt.h _infinirt_version_lines
  REGEX "^#define INFINIRT_VERSION_(MAJOR|MINOR|PATCH) +[0-9]+")
foreach(_part MAJOR MINOR PATCH)
  set(_hdr "")
  foreach(_line IN LISTS _infinirt_version_lines)
    if(_line MATCHES "^#define INFINIRT_VERSION_${_part} +([0-9]+)")
      set(_hdr ${CMAKE_MATCH_1})
    endif()
  endforeach()
  if(NOT _hdr STREQUAL PROJECT_VERSION_${_part})
    message(FATAL_ERROR "include/infinirt.h has INFINIRT_VERSION_${_part} "
      "'${_hdr}' but project() says ${PROJECT_VERSION}: update both together "
      "(docs/versioning.md)")
  endif()
endforeach()
unset(_infinirt_version_lines)
unset(_hdr)
