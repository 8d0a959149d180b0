# warnings.cmake - the project's warning flags, set per target.
#
#   infinirt_project_warnings(<target>...)
#
# gives each target's C sources -Wall -Wextra, and -Werror when
# INFINIRT_WERROR is ON (its default only where InfiniRT is the top-level
# project: a parent project's compiler may warn where ours does not, and that
# must not break its build). Every target defined under this source tree gets
# it, once the tree has been read, so that a new test or tool cannot miss it.
# Code that is not the project's gets nothing: a user's kernels built by
# infinirt_add_kernel_library() in the user's own directories, the outside
# programs that the install tests configure as projects of their own. CUDA
# targets set nvcc's flags themselves (COMPILE_LANGUAGE:C leaves them out).
include_guard(GLOBAL)

function(infinirt_project_warnings)
  set(flags -Wall -Wextra)
  if(INFINIRT_WERROR)
    list(APPEND flags -Werror)
  endif()
  foreach(t IN LISTS ARGN)
    target_compile_options(${t} PRIVATE "$<$<COMPILE_LANGUAGE:C>:${flags}>")
  endforeach()
endfunction()

function(_infinirt_project_warnings_under dir)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(type MATCHES "^(EXECUTABLE|(STATIC|SHARED|MODULE|OBJECT)_LIBRARY)$")
      infinirt_project_warnings(${t})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(d IN LISTS subdirs)
    _infinirt_project_warnings_under("${d}")
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY "${PROJECT_SOURCE_DIR}"
  CALL _infinirt_project_warnings_under "${PROJECT_SOURCE_DIR}")
