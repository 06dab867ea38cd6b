/* SPDX-License-Identifier: MIT */
/*
 * The static key is real: a site starts as a NOP, enabling the key rewrites it
 * into a jump and the branch is taken, disabling restores the NOP. Run with
 * BENCH_STATIC_KEY=flag it proves the fallback is chosen and still works.
 */
#include <stdlib.h>
#include <string.h>

#include "static_key.h"
#include "test_util.h"

static struct static_key test_key;

static noinline bool test_branch(void)
{
	if (static_branch_unlikely(&test_key))
		return true;
	return false;
}

#if BENCH_STATIC_KEY_CAN_PATCH
#if defined(__x86_64__)
/* 0f 1f 44 00 00 while off; jmp rel32 (e9) while on */
static bool site_is_nop(const uint8_t *site)
{
	static const uint8_t nop5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	return memcmp(site, nop5, 5) == 0;
}
static bool site_is_jump(const uint8_t *site) { return site[0] == 0xe9; }
#else
/* aarch64: `nop` is d503201f while off; `b imm26` while on */
static uint32_t site_insn(const uint8_t *site)
{
	uint32_t insn;
	memcpy(&insn, site, sizeof(insn));
	return insn;
}
static bool site_is_nop(const uint8_t *site) { return site_insn(site) == 0xd503201fu; }
static bool site_is_jump(const uint8_t *site) { return (site_insn(site) & 0xfc000000u) == 0x14000000u; }
#endif
#endif

int main(void)
{
	const char *force = getenv("BENCH_STATIC_KEY");
	bool forced_flag = force && strcmp(force, "flag") == 0;
	(void)forced_flag;
	const char *note;
	const char *impl = static_key_impl(&note);
	printf("static key: %s (%s)\n", impl, note);

#if BENCH_STATIC_KEY_CAN_PATCH
	CHECK(static_key_patching() == !forced_flag, "patching %d with BENCH_STATIC_KEY=%s", static_key_patching(), force ? force : "");
	CHECK(strcmp(impl, forced_flag ? "flag-load" : "patched-jump") == 0, "impl %s", impl);
	if (forced_flag) /* this file's site is an asm goto: only the flag-load objects serve now (test_dispatch_flag) */
		return test_report("test_static_key (flag-load forced)");
	const uint8_t *site;
	CHECK(static_key_sites(&test_key, &site) == 1, "test key must have exactly one site");
	CHECK(static_key_sites(&page_pool_mem_providers, &site) > 0, "the provider key has no sites");
	static_key_sites(&test_key, &site);
	CHECK(site_is_nop(site), "site is not a NOP while off");
#else
	CHECK(!static_key_patching(), "no patching on this architecture");
#endif
	CHECK(!test_branch(), "branch taken while key off");
	CHECK(static_key_set(&test_key, true) == 0, "enable");
	CHECK(test_branch(), "branch not taken while key on");
#if BENCH_STATIC_KEY_CAN_PATCH
	CHECK(site_is_jump(site), "site is not a jump after enable");
#endif
	CHECK(static_key_set(&test_key, true) == 0, "enable twice");
	CHECK(static_key_set(&test_key, false) == 0, "disable");
	CHECK(!test_branch(), "branch taken after disable");
#if BENCH_STATIC_KEY_CAN_PATCH
	CHECK(site_is_nop(site), "site not restored to NOP");
#endif
	for (int i = 0; i < 1000; i++) {
		static_key_set(&test_key, i & 1);
		if (test_branch() != (bool)(i & 1)) {
			CHECK(false, "toggle %d disagreed", i);
			break;
		}
	}
	return test_report("test_static_key");
}
