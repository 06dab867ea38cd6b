/* SPDX-License-Identifier: MIT */
/*
 * A real static key in user space, after the kernel's jump labels.
 *
 * With BENCH_STATIC_KEY_PATCHED, static_branch_unlikely() is an `asm goto`
 * whose site is a NOP (5-byte 0f 1f 44 00 00 on x86-64, `nop` on aarch64) and
 * whose (site, target, key) triple is recorded PC-relative in the section
 * bench_jump_table, so it survives PIE and ASLR. Enabling the key rewrites
 * each of its sites into a jump to the target (see static_key.c).
 *
 * Without it (other architectures, or the fallback objects built for when the
 * OS refuses to patch text), the branch is a plain load of key->enabled: the
 * kernel's own !CONFIG_JUMP_LABEL shape. Which one ran is recorded in every
 * results file (bench_build_info.static_key_impl).
 */
#ifndef BENCH_STATIC_KEY_H
#define BENCH_STATIC_KEY_H

#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"

struct static_key {
	int enabled;
};

struct jump_entry {
	int32_t code;   /* site - &code */
	int32_t target; /* branch target - &target */
	int64_t key;    /* key - &key */
};

#if (defined(__x86_64__) || defined(__aarch64__)) && !defined(BENCH_STATIC_KEY_FLAG)
#define BENCH_STATIC_KEY_CAN_PATCH 1
#else
#define BENCH_STATIC_KEY_CAN_PATCH 0
#endif

#if BENCH_STATIC_KEY_CAN_PATCH
/*
 * The key's address goes into the table as a link-time constant. x86-64 takes
 * it as "i" even under -fPIC/-fPIE; GCC's aarch64 port refuses a symbol
 * address as "i" there ("impossible constraint") and takes "S" (a symbolic
 * address), as the kernel's arm64 jump labels do. On x86-64 "S" means %rsi,
 * so the constraint is per architecture.
 */
#if defined(__x86_64__)
#define BENCH_JUMP_NOP ".byte 0x0f,0x1f,0x44,0x00,0x00"
#define BENCH_JUMP_KEY_CONSTRAINT "i"
#else
#define BENCH_JUMP_NOP "nop"
#define BENCH_JUMP_KEY_CONSTRAINT "S"
#endif
#define BENCH_JUMP_ENTRY_ALIGN "8"

static bench_always_inline bool arch_static_branch(struct static_key *key)
{
	__asm__ goto("1: " BENCH_JUMP_NOP "\n\t"
		     ".pushsection bench_jump_table, \"aw\"\n\t"
		     ".balign " BENCH_JUMP_ENTRY_ALIGN "\n\t"
		     ".long 1b - ., %l[l_yes] - .\n\t"
		     ".quad %c0 - .\n\t"
		     ".popsection\n\t"
		     : : BENCH_JUMP_KEY_CONSTRAINT(key) : : l_yes);
	return false;
l_yes:
	return true;
}
#define static_branch_unlikely(key) unlikely(arch_static_branch(key))
#else
#define static_branch_unlikely(key) unlikely(__atomic_load_n(&(key)->enabled, __ATOMIC_RELAXED) > 0)
#endif

/* The key the page_pool's memory-provider dispatch is guarded by. */
extern struct static_key page_pool_mem_providers HIDDEN;

/*
 * Set a key and, when patching is in use, rewrite its sites. Toggle only while
 * no other thread runs the sites. Returns 0, or -errno when patching failed.
 */
int static_key_set(struct static_key *key, bool enabled);

/* The implementation in force: "patched-jump" or "flag-load", with a note. */
const char *static_key_impl(const char **note);

/* Whether sites are patched (decided once, by a self-test at first use). */
bool static_key_patching(void);

/* For tests: the raw bytes at the first site of `key`, and the site count. */
int static_key_sites(const struct static_key *key, const uint8_t **first_site);

#endif
