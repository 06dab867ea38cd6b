# SPDX-License-Identifier: MIT
# BenchSuite.cmake: builds a kernel library of your own that Bench runs (see include/bench_suite.h).
#
#   include(<bench checkout>/Benchmarks/Native/cmake/BenchSuite.cmake)
#   bench_add_suite(<name> SOURCES <file.c>... [C_FLAGS <flag>...] [LINK_LIBRARIES <lib>...])
#
# makes lib<name>.so from your sources, which register their kernels with BENCH_KERNEL, and Bench's
# support code (the ABI of bench_native.h, the timer). Every source is built with the flags Bench builds
# its own kernels with (bench_kernel_flags below) plus C_FLAGS; the library's build facts name them all.
include_guard(GLOBAL)
enable_language(C)

set(BENCH_SUITE_NATIVE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." CACHE INTERNAL "Bench's Benchmarks/Native folder")

# bench_kernel_flags(<out>): the flags that shape measured code, the same for Bench's kernels and a suite's.
function(bench_kernel_flags out)
  # -ffunction-sections: each function a section of its own, so that a layout variant can put
  # every function in a place of its own (Bench.Core's NativeLayouts); the code is the same
  set(flags -O2 -g -fPIC -fvisibility=hidden -fno-semantic-interposition
      -falign-functions=64 -falign-loops=64 -ffunction-sections -Wall -Wextra -D_GNU_SOURCE)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    # retpoline thunks need it off, and every object is built alike so that styles differ only where they mean to
    list(APPEND flags -fcf-protection=none)
  endif()
  set(${out} ${flags} PARENT_SCOPE)
endfunction()

function(bench_add_suite name)
  cmake_parse_arguments(SUITE "" "" "SOURCES;C_FLAGS;LINK_LIBRARIES" ${ARGN})
  if(SUITE_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "bench_add_suite(${name}): unknown arguments '${SUITE_UNPARSED_ARGUMENTS}': it takes SOURCES, C_FLAGS and LINK_LIBRARIES")
  endif()
  if(NOT SUITE_SOURCES)
    message(FATAL_ERROR "bench_add_suite(${name}): no SOURCES: name the C files that register the kernels with BENCH_KERNEL")
  endif()
  set(native "${BENCH_SUITE_NATIVE_DIR}")
  bench_kernel_flags(flags)
  # a loop, setup or teardown of the wrong type is an error, not a warning
  list(APPEND flags -Werror=incompatible-pointer-types ${SUITE_C_FLAGS})
  string(JOIN " " BENCH_CFLAGS_STRING ${flags})
  set(BENCH_RETPOLINE_STRING "")
  set(BENCH_RETPOLINE_REASON "a suite library builds no retpoline style")
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/${name}-bench-generated")
  configure_file("${native}/src/bench_build_config.h.in" "${generated}/bench_build_config.h" @ONLY)
  add_library(${name} SHARED ${SUITE_SOURCES}
              "${native}/src/suite_registry.c" "${native}/src/abi_common.c" "${native}/src/timer.c")
  target_include_directories(${name} PRIVATE "${native}/include" "${native}/src" "${generated}")
  target_compile_options(${name} PRIVATE ${flags})
  set_target_properties(${name} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_link_libraries(${name} PRIVATE pthread ${SUITE_LINK_LIBRARIES})
endfunction()
