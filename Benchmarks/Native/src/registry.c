/* SPDX-License-Identifier: MIT */
/*
 * The native matrix and the exported ABI (bench_native.h).
 *
 * IDs are permanent: native/<case> for the baseline loops, and
 * native/<case>/<style>/provider-<off|on> for the page_pool cases. The style
 * `none` has no provider hook at all, so it has no provider-on kernel.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_native.h"
#include "page_pool.h"
#include "static_key.h"
#include "fixed_stack.h"
#include "styles.h"

#include "bench_build_config.h"
#include "build_facts.h"

#define DEFAULT_LOOPS 10000000ull /* bench_page_pool_simple's default */

#ifndef BENCH_CFLAGS
#define BENCH_CFLAGS "unknown"
#endif
#ifndef BENCH_RETPOLINE_CFLAGS
#define BENCH_RETPOLINE_CFLAGS ""
#endif


struct style_entry {
	const char *name;
	const struct pp_style *patched; /* the style as built */
	const struct pp_style *flag;    /* static-key styles: flag-load build, used when text cannot be patched */
	const char *unavailable;
	const char *control; /* a control of contrasts (styles.def): "null" or "detection"; NULL for a style */
};

/* The styles of styles.def, in its order: each with its table, its flag-load table, or why it is not built. */
#define BENCH_STYLE_ENTRY_PLAIN(suffix, name) { name, &pp_style_##suffix, NULL, NULL, NULL },
#define BENCH_STYLE_ENTRY_FLAG(suffix, name) { name, &pp_style_##suffix, &pp_style_##suffix##_flag, NULL, NULL },
#if BENCH_HAVE_RETPOLINE
#define BENCH_STYLE_ENTRY_RETPOLINE(suffix, name) { name, &pp_style_##suffix, NULL, NULL, NULL },
#else
#define BENCH_STYLE_ENTRY_RETPOLINE(suffix, name) { name, NULL, NULL, BENCH_RETPOLINE_UNAVAILABLE, NULL },
#endif
#define BENCH_STYLE_ENTRY_NULL_CONTROL(suffix, name) { name, &pp_style_##suffix, NULL, NULL, "null" },
#define BENCH_STYLE_ENTRY_CALL_CONTROL(suffix, name) { name, &pp_style_##suffix, NULL, NULL, "detection" },
#define BENCH_STYLE(suffix, name, variant) BENCH_STYLE_ENTRY_##variant(suffix, name)
static const struct style_entry styles[] = {
#include "styles.def"
};
#undef BENCH_STYLE
#define STYLE_COUNT (sizeof(styles) / sizeof(styles[0]))

struct case_entry {
	const char *name;
	enum pp_case pp;
	uint32_t refill_bulk;
	uint32_t ring_prefill;
};

/* The cases of cases.def, in its order. */
#define BENCH_CASE(id, name, loop, refill, prefill) { name, PP_CASE_##id, refill, prefill },
static const struct case_entry pool_cases[] = {
#include "cases.def"
};
#undef BENCH_CASE
#define POOL_CASE_COUNT (sizeof(pool_cases) / sizeof(pool_cases[0]))

struct baseline_entry {
	const char *name;
	bench_loop_fn run;
	uint64_t loops;
};

static const struct baseline_entry baselines[] = {
	{ "for_loop", bench_for_loop, DEFAULT_LOOPS * 10 },
	{ "atomic_inc", bench_atomic_inc, DEFAULT_LOOPS * 10 },
	{ "lock", bench_lock, DEFAULT_LOOPS },
};
#define BASELINE_COUNT (sizeof(baselines) / sizeof(baselines[0]))

struct kernel {
	char id[96];
	char tags[128];
	const struct baseline_entry *baseline;
	const struct case_entry *pool_case;
	const struct style_entry *style;
	int provider;
};

/* 3 baselines + 5 cases x (1 none + 6 styles x 2 provider states) */
#define KERNEL_MAX (BASELINE_COUNT + POOL_CASE_COUNT * (1 + (STYLE_COUNT - 1) * 2))
static struct kernel kernels[KERNEL_MAX];
static bench_kernel_desc_t descs[KERNEL_MAX];
static int kernel_count;
static pthread_once_t kernels_once = PTHREAD_ONCE_INIT;

/* What bench_kernel_describe hands out for k. */
static void describe(const struct kernel *k, bench_kernel_desc_t *out)
{
	memset(out, 0, sizeof(*out));
	out->id = k->id;
	out->case_name = k->baseline ? k->baseline->name : k->pool_case->name;
	out->style = k->style ? k->style->name : NULL;
	out->provider = k->provider;
	out->unavailable_reason = k->style ? k->style->unavailable : NULL;
	out->available = out->unavailable_reason == NULL;
	out->default_loops = k->baseline ? k->baseline->loops : DEFAULT_LOOPS;
	out->tags = k->tags;
}

static void kernels_init(void)
{
	for (size_t b = 0; b < BASELINE_COUNT; b++) {
		struct kernel *k = &kernels[kernel_count++];
		snprintf(k->id, sizeof(k->id), "native/%s", baselines[b].name);
		snprintf(k->tags, sizeof(k->tags), "case=%s", baselines[b].name);
		k->baseline = &baselines[b];
		k->provider = BENCH_PROVIDER_NA;
	}
	for (size_t c = 0; c < POOL_CASE_COUNT; c++) {
		for (size_t s = 0; s < STYLE_COUNT; s++) {
			for (int p = BENCH_PROVIDER_OFF; p <= BENCH_PROVIDER_ON; p++) {
				if ((s == 0 || styles[s].control) && p == BENCH_PROVIDER_ON)
					continue; /* style none (and its controls) has no hook to reach a provider */
				struct kernel *k = &kernels[kernel_count++];
				snprintf(k->id, sizeof(k->id), "native/%s/%s/provider-%s", pool_cases[c].name,
					 styles[s].name, p ? "on" : "off");
				snprintf(k->tags, sizeof(k->tags), "case=%s style=%s provider=%s%s%s", pool_cases[c].name,
					 styles[s].name, p ? "on" : "off", styles[s].control ? " contrast-control=" : "",
					 styles[s].control ? styles[s].control : "");
				k->pool_case = &pool_cases[c];
				k->style = &styles[s];
				k->provider = p;
			}
		}
	}
	for (int i = 0; i < kernel_count; i++)
		describe(&kernels[i], &descs[i]);
}

static const struct kernel *kernel_at(int32_t index)
{
	pthread_once(&kernels_once, kernels_init);
	return index >= 0 && index < kernel_count ? &kernels[index] : NULL;
}

/* The library's kernels, as abi_common.c's bench_kernel_count and bench_kernel_describe hand them out. */
const bench_kernel_desc_t *bench_registry(int32_t *count)
{
	pthread_once(&kernels_once, kernels_init);
	*count = kernel_count;
	return descs;
}

/* The build facts only this library knows; abi_common.c's bench_build_info fills the rest. */
void bench_build_info_own(bench_build_info_t *out)
{
	out->inject_k = BENCH_INJECT_K;
#if BENCH_INJECT_EVERY > 1
	out->flags = BENCH_CFLAGS " -DBENCH_INJECT_EVERY=" BENCH_STR(BENCH_INJECT_EVERY);
#endif
	out->retpoline_flags = BENCH_HAVE_RETPOLINE ? BENCH_RETPOLINE_CFLAGS : NULL;
	out->static_key_impl = static_key_impl(&out->static_key_note);
	out->inject_calls = BENCH_INJECT_CALLS;
	out->pp_stats = BENCH_PP_STATS;
}

struct bench_session {
	const struct kernel *k;
	bench_loop_fn run;
	struct page_pool *pool;
};

BENCH_API int bench_session_open(int32_t index, bench_session_t **out)
{
	const struct kernel *k = kernel_at(index);
	if (!k || !out)
		return BENCH_E_INVAL;
	*out = NULL;
	if (k->style && k->style->unavailable)
		return BENCH_E_UNAVAILABLE;
	bench_session_t *s = calloc(1, sizeof(*s));
	if (!s)
		return BENCH_E_NOMEM;
	s->k = k;
	if (k->baseline) {
		s->run = k->baseline->run;
		if (!s->run) {
			/* a baseline registered without its loop: refused, never called through NULL */
			free(s);
			return BENCH_E_INVAL;
		}
		*out = s;
		return BENCH_OK;
	}
	const struct pp_style *style = k->style->flag && !static_key_patching() ? k->style->flag : k->style->patched;
	s->run = style->run[k->pool_case->pp];
	if (!s->run || (k->pool_case->ring_prefill && !style->fill_ring)) {
		/* a style whose table lacks this case's loop (or the ring's fill): refused, never called through NULL */
		free(s);
		return BENCH_E_INVAL;
	}
	s->pool = page_pool_create(k->provider ? MP_DMABUF : MP_NONE, k->pool_case->refill_bulk);
	if (!s->pool) {
		free(s);
		return BENCH_E_NOMEM;
	}
	/* The kernel turns the key on while any pool has a provider bound. */
	int status = static_key_set(&page_pool_mem_providers, k->provider == BENCH_PROVIDER_ON) ? BENCH_E_STATIC_KEY : BENCH_OK;
	if (status == BENCH_OK && k->pool_case->ring_prefill)
		status = style->fill_ring(s->pool, k->pool_case->ring_prefill);
	if (status != BENCH_OK) {
		page_pool_destroy(s->pool);
		free(s);
		return status;
	}
	*out = s;
	return BENCH_OK;
}

BENCH_API int bench_session_sample(bench_session_t *s, uint64_t loops, bench_sample_t *out)
{
	int status = bench_sample_begin(s, loops, out);
	if (status != BENCH_OK)
		return status;
	/* Several sessions share the one key: give it this session's state, untimed. */
	if (s->pool && static_key_set(&page_pool_mem_providers, s->k->provider == BENCH_PROVIDER_ON))
		return BENCH_E_STATIC_KEY;
	return bench_sample_loop(s->run, s->pool, loops, out);
}

BENCH_API int bench_session_counters(const bench_session_t *s, bench_counters_t *out)
{
	if (!s || !out)
		return BENCH_E_INVAL;
	memset(out, 0, sizeof(*out));
	if (s->pool) {
		out->allocator_allocs = s->pool->allocator->allocs;
		out->allocator_frees = s->pool->allocator->frees;
		out->provider_allocs = s->pool->provider->allocs;
		out->provider_frees = s->pool->provider->frees;
		out->provider_checks = s->pool->provider->checks;
		out->pool_hold = s->pool->hold_cnt;
		out->pool_release = s->pool->release_cnt;
	}
	return BENCH_OK;
}

BENCH_API int bench_session_close(bench_session_t *s)
{
	if (!s)
		return BENCH_E_INVAL;
	int status = s->pool ? page_pool_destroy(s->pool) : BENCH_OK;
	free(s);
	return status;
}

/* What a failed close means in this library (bench_strerror of BENCH_E_ACCOUNTING). */
const char *const bench_check_failed_text HIDDEN = "page accounting failed: not every page came back to its owner";
