/* SPDX-License-Identifier: MIT */
/* What every kernel library reports of how it was built (bench_build_info): the compiler and the architecture. */
#ifndef BENCH_BUILD_FACTS_H
#define BENCH_BUILD_FACTS_H

#if defined(__clang__)
#define BENCH_COMPILER "Clang " __clang_version__
#elif defined(__GNUC__)
#define BENCH_COMPILER "GCC " __VERSION__
#else
#define BENCH_COMPILER "unknown"
#endif

#if defined(__x86_64__)
#define BENCH_ARCH "x86-64"
#elif defined(__aarch64__)
#define BENCH_ARCH "aarch64"
#else
#define BENCH_ARCH "other"
#endif

#endif
