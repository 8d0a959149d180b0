# backends.cmake - the backend registry (include/infinirt_backends.def) read
# by CMake, so that no CMake file lists backends by hand. Sets
#   INFINIRT_ALL_BACKENDS            every registry name, in enum order
#   INFINIRT_BACKEND_<name>_SUFFIX   the enumerator suffix (Cpu, Nvidia, ...)
#   INFINIRT_BACKEND_<name>_BUILD    ALWAYS, ON or OFF
#   INFINIRT_BACKEND_<name>_DESC     the description (';' shown as ',')
#   INFINIRT_BACKEND_<NAME>          an option per backend (ALWAYS: forced ON)
# src/CMakeLists.txt then builds src/backends/<name>/ for each one that is ON.
include_guard(GLOBAL)

set(INFINIRT_BACKEND_REGISTRY ${PROJECT_SOURCE_DIR}/include/infinirt_backends.def)
if(NOT CMAKE_SCRIPT_MODE_FILE)
  set_property(DIRECTORY APPEND PROPERTY
    CMAKE_CONFIGURE_DEPENDS ${INFINIRT_BACKEND_REGISTRY})
endif()
# One entry per line; a ';' inside a description would split a CMake list.
file(STRINGS ${INFINIRT_BACKEND_REGISTRY} _lines REGEX "^INFINIRT_BACKEND\\(")
string(REPLACE "\\;" "," _lines "${_lines}")
set(_re "^INFINIRT_BACKEND\\(([A-Za-z0-9]+), *([a-z0-9_]+), *(ALWAYS|ON|OFF), *\"(.*)$")
set(INFINIRT_ALL_BACKENDS "")
foreach(_line IN LISTS _lines)
  if(NOT _line MATCHES "^INFINIRT_BACKEND\\(")
    continue() # the rest of a description after a ';'
  endif()
  if(NOT _line MATCHES "${_re}")
    message(FATAL_ERROR "${INFINIRT_BACKEND_REGISTRY}: cannot read '${_line}'")
  endif()
  set(_name ${CMAKE_MATCH_2})
  list(APPEND INFINIRT_ALL_BACKENDS ${_name})
  set(INFINIRT_BACKEND_${_name}_SUFFIX ${CMAKE_MATCH_1})
  set(INFINIRT_BACKEND_${_name}_BUILD ${CMAKE_MATCH_3})
  string(REGEX REPLACE "\"\\)$" "" INFINIRT_BACKEND_${_name}_DESC "${CMAKE_MATCH_4}")
  if(NOT EXISTS ${PROJECT_SOURCE_DIR}/src/backends/${_name}/CMakeLists.txt)
    message(FATAL_ERROR "backend ${_name} is in the registry but "
      "src/backends/${_name}/CMakeLists.txt does not exist")
  endif()
  string(TOUPPER ${_name} _NAME)
  if(INFINIRT_BACKEND_${_name}_BUILD STREQUAL "ALWAYS")
    if(DEFINED INFINIRT_BACKEND_${_NAME} AND NOT INFINIRT_BACKEND_${_NAME})
      message(FATAL_ERROR "the ${_name} backend is always built "
        "(INFINIRT_BACKEND_${_NAME}=OFF is not possible)")
    endif()
    set(INFINIRT_BACKEND_${_NAME} ON)
  else()
    option(INFINIRT_BACKEND_${_NAME}
      "Build the ${_name} backend: ${INFINIRT_BACKEND_${_name}_DESC}"
      ${INFINIRT_BACKEND_${_name}_BUILD})
  endif()
endforeach()
list(LENGTH INFINIRT_ALL_BACKENDS _n)
if(_n EQUAL 0)
  message(FATAL_ERROR "${INFINIRT_BACKEND_REGISTRY} lists no backend")
endif()
unset(_lines)
unset(_line)
unset(_re)
unset(_name)
unset(_NAME)
unset(_n)
