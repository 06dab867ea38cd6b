/* SPDX-License-Identifier: MIT */
#include "static_key.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct static_key page_pool_mem_providers HIDDEN;

#if BENCH_STATIC_KEY_CAN_PATCH
/* Provided by the linker for the section the asm goto sites write to. */
extern struct jump_entry __start_bench_jump_table[] HIDDEN;
extern struct jump_entry __stop_bench_jump_table[] HIDDEN;

/* A site of our own, so the self-test proves patching on this machine. */
static struct static_key selftest_key;
static noinline bool selftest_branch(void)
{
	if (static_branch_unlikely(&selftest_key))
		return true;
	return false;
}
#endif

static bool patching;
static char impl_note[256];
static pthread_once_t impl_once = PTHREAD_ONCE_INIT;

#if BENCH_STATIC_KEY_CAN_PATCH
static uint8_t *entry_code(const struct jump_entry *e) { return (uint8_t *)&e->code + e->code; }
static uint8_t *entry_target(const struct jump_entry *e) { return (uint8_t *)&e->target + e->target; }
static struct static_key *entry_key(const struct jump_entry *e) { return (struct static_key *)((uint8_t *)&e->key + e->key); }

#if defined(__x86_64__)
#define SITE_LEN 5
static const uint8_t site_nop[SITE_LEN] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
static void site_jump(const struct jump_entry *e, uint8_t out[SITE_LEN])
{
	int32_t rel = (int32_t)(entry_target(e) - (entry_code(e) + SITE_LEN));
	out[0] = 0xe9; /* jmp rel32 */
	memcpy(out + 1, &rel, sizeof(rel));
}
#define SITE_DESC "x86-64: 5-byte NOP <-> jmp rel32"
#else
#define SITE_LEN 4
static const uint8_t site_nop[SITE_LEN] = { 0x1f, 0x20, 0x03, 0xd5 }; /* nop */
static void site_jump(const struct jump_entry *e, uint8_t out[SITE_LEN])
{
	int64_t off = (entry_target(e) - entry_code(e)) / 4;
	uint32_t insn = 0x14000000u | ((uint32_t)off & 0x03ffffffu); /* b target */
	memcpy(out, &insn, sizeof(insn));
}
#define SITE_DESC "aarch64: nop <-> b imm26"
#endif

/*
 * W^X-safe text patching: never make the live text writable. Copy the page(s)
 * holding the site into a fresh anonymous RW mapping, write the new bytes
 * there, flip it to R+X, then mremap(MREMAP_FIXED) it over the original in one
 * step, and flush the instruction cache. The page's other contents are
 * unchanged, so code running on it (even this function) is unaffected.
 */
static int patch_text(uint8_t *addr, const uint8_t *bytes, size_t len)
{
	const uintptr_t ps = (uintptr_t)sysconf(_SC_PAGESIZE);
	const uintptr_t first = (uintptr_t)addr & ~(ps - 1);
	const size_t span = (((uintptr_t)addr + len - first) + ps - 1) & ~(ps - 1);

	uint8_t *copy = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (copy == MAP_FAILED)
		return -errno;
	memcpy(copy, (const void *)first, span);
	memcpy(copy + ((uintptr_t)addr - first), bytes, len);
	if (mprotect(copy, span, PROT_READ | PROT_EXEC) != 0 ||
	    mremap(copy, span, span, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)first) == MAP_FAILED) {
		int err = -errno;
		munmap(copy, span);
		return err;
	}
	/* The whole span is new memory at the old address: flush all of it (aarch64 needs it; a no-op on x86-64). */
	__builtin___clear_cache((char *)first, (char *)first + span);
	return 0;
}

/* Rewrite every site of `key`; a site must hold one of the two encodings. */
static int patch_sites(const struct static_key *key, bool enabled)
{
	for (struct jump_entry *e = __start_bench_jump_table; e < __stop_bench_jump_table; e++) {
		if (entry_key(e) != key)
			continue;
		uint8_t jump[SITE_LEN], *code = entry_code(e);
		site_jump(e, jump);
		const uint8_t *want = enabled ? jump : site_nop;
		const uint8_t *other = enabled ? site_nop : jump;
		if (memcmp(code, want, SITE_LEN) == 0)
			continue;
		if (memcmp(code, other, SITE_LEN) != 0)
			return -EILSEQ; /* not a site we emitted: never write over it */
		int err = patch_text(code, want, SITE_LEN);
		if (err)
			return err;
	}
	return 0;
}

static bool selftest(char *why, size_t n)
{
	int err;
	if (selftest_branch()) {
		snprintf(why, n, "self-test site answered true while the key was off");
		return false;
	}
	if ((err = patch_sites(&selftest_key, true)) != 0) {
		snprintf(why, n, "patching text refused: %s", strerror(-err));
		return false;
	}
	bool on = selftest_branch();
	if ((err = patch_sites(&selftest_key, false)) != 0) {
		snprintf(why, n, "restoring the self-test site failed: %s", strerror(-err));
		return false;
	}
	if (!on || selftest_branch()) {
		snprintf(why, n, "patched self-test site did not change the branch");
		return false;
	}
	return true;
}
#endif /* BENCH_STATIC_KEY_CAN_PATCH */

static void impl_init(void)
{
#if BENCH_STATIC_KEY_CAN_PATCH
	const char *force = getenv("BENCH_STATIC_KEY");
	char why[192];
	if (force && strcmp(force, "flag") == 0) {
		snprintf(impl_note, sizeof(impl_note), "flag load: forced by BENCH_STATIC_KEY=flag");
	} else if (selftest(why, sizeof(why))) {
		patching = true;
		snprintf(impl_note, sizeof(impl_note), "asm goto sites patched at run time (%s, W^X-safe mremap)", SITE_DESC);
	} else {
		snprintf(impl_note, sizeof(impl_note), "flag load: %s", why);
	}
#else
	snprintf(impl_note, sizeof(impl_note), "flag load: no text patching for this architecture");
#endif
}

bool static_key_patching(void)
{
	pthread_once(&impl_once, impl_init);
	return patching;
}

const char *static_key_impl(const char **note)
{
	pthread_once(&impl_once, impl_init);
	if (note)
		*note = impl_note;
	return patching ? "patched-jump" : "flag-load";
}

int static_key_set(struct static_key *key, bool enabled)
{
	if ((key->enabled > 0) == enabled)
		return 0;
#if BENCH_STATIC_KEY_CAN_PATCH
	if (static_key_patching()) {
		int err = patch_sites(key, enabled);
		if (err)
			return err;
	}
#endif
	__atomic_store_n(&key->enabled, enabled ? 1 : 0, __ATOMIC_RELEASE);
	return 0;
}

int static_key_sites(const struct static_key *key, const uint8_t **first_site)
{
	int n = 0;
	*first_site = NULL;
#if BENCH_STATIC_KEY_CAN_PATCH
	for (struct jump_entry *e = __start_bench_jump_table; e < __stop_bench_jump_table; e++) {
		if (entry_key(e) != key)
			continue;
		if (!n++)
			*first_site = entry_code(e);
	}
#else
	(void)key;
#endif
	return n;
}
