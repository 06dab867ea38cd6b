/* SPDX-License-Identifier: MIT */
/*
 * Every page_pool kernel, through the public ABI: it runs the elements asked,
 * its pages come from (and go back to) the provider exactly when the provider
 * is on and the style has a hook, and every page comes back at close.
 * Interleaving provider-on and provider-off sessions of the static-key styles
 * proves that toggling the key changes which path runs. pp01-fast-niov's recycle
 * test reaches the provider's net_iov check through the ops exactly when the
 * style goes through ops (and, for static-key+ops, the key is on) and a
 * provider is bound: once per element; never otherwise.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bench_native.h"
#include "test_util.h"

#define LOOPS 4096u

static void run_and_check(int pass, const bench_kernel_desc_t *d, bench_session_t *s)
{
	bench_counters_t before, after;
	bench_sample_t sample;
	bench_session_counters(s, &before);
	int rc = bench_session_sample(s, LOOPS, &sample);
	CHECK(rc == BENCH_OK, "%s: sample: %s", d->id, bench_strerror(rc));
	CHECK(sample.invocations == LOOPS, "%s ran %llu", d->id, (unsigned long long)sample.invocations);
	bench_session_counters(s, &after);
	uint64_t prov = (after.provider_allocs - before.provider_allocs) + (after.provider_frees - before.provider_frees);
	uint64_t alloc = (after.allocator_allocs - before.allocator_allocs) + (after.allocator_frees - before.allocator_frees);
	bool direct = strcmp(d->case_name, "pp01-fast") == 0 || strcmp(d->case_name, "pp01-fast-niov") == 0;
	bool fast = direct || strcmp(d->case_name, "pp02-ptr-ring") == 0;
	uint64_t checks = after.provider_checks - before.provider_checks;
	bool through_ops = strcmp(d->style, "ops") == 0 || strcmp(d->style, "ops-retpoline") == 0 ||
			   strcmp(d->style, "static-key+ops") == 0 || strcmp(d->style, "indirect-call-wrapper") == 0;
	if (strcmp(d->case_name, "pp01-fast-niov") == 0 && through_ops && d->provider == BENCH_PROVIDER_ON)
		CHECK(checks == LOOPS, "%s: the provider's net_iov check ran %llu times, want every element (%u)", d->id,
		      (unsigned long long)checks, LOOPS);
	else
		CHECK(checks == 0, "%s: the provider's net_iov check ran %llu times, want never", d->id, (unsigned long long)checks);
	if (pass == 0 && direct) {
		/* the first refill of an empty pool reaches an owner once (pp02's ring was filled at open) */
		CHECK((d->provider == BENCH_PROVIDER_ON ? prov : alloc) == 64, "%s: first refill: prov %llu alloc %llu", d->id,
		      (unsigned long long)prov, (unsigned long long)alloc);
	} else if (fast) {
		/* recycled pages never leave the pool in steady state */
		CHECK(prov == 0 && alloc == 0, "%s: recycling cases touched an owner (prov %llu alloc %llu)", d->id,
		      (unsigned long long)prov, (unsigned long long)alloc);
	} else if (d->provider == BENCH_PROVIDER_ON) {
		CHECK(alloc == 0, "%s: provider on but the page allocator was used", d->id);
		CHECK(after.provider_frees - before.provider_frees == LOOPS, "%s: %llu provider releases, want %u", d->id,
		      (unsigned long long)(after.provider_frees - before.provider_frees), LOOPS);
	} else {
		CHECK(prov == 0, "%s: provider off but the provider was used", d->id);
		CHECK(after.allocator_frees - before.allocator_frees == LOOPS, "%s: %llu page frees, want %u", d->id,
		      (unsigned long long)(after.allocator_frees - before.allocator_frees), LOOPS);
	}
	if (strcmp(d->case_name, "dispatch") == 0) {
		uint64_t allocs = d->provider == BENCH_PROVIDER_ON ? after.provider_allocs - before.provider_allocs
								   : after.allocator_allocs - before.allocator_allocs;
		CHECK(allocs == LOOPS, "%s: alloc dispatch reached %llu times, want every element", d->id, (unsigned long long)allocs);
	}
}

/* The styles of styles.def, counted from the file itself: all of them, and those built only with retpolines. */
#define BENCH_STYLE(suffix, name, variant) +1
enum { STYLES_DEFINED = 0
#include "styles.def"
};
#undef BENCH_STYLE
#define BENCH_STYLE_RETPOLINE_PLAIN 0
#define BENCH_STYLE_RETPOLINE_FLAG 0
#define BENCH_STYLE_RETPOLINE_RETPOLINE 1
#define BENCH_STYLE_RETPOLINE_NULL_CONTROL 0
#define BENCH_STYLE_RETPOLINE_CALL_CONTROL 0
#define BENCH_STYLE(suffix, name, variant) +BENCH_STYLE_RETPOLINE_##variant
enum { STYLES_RETPOLINE = 0
#include "styles.def"
};
#undef BENCH_STYLE
/* the controls of contrasts: none's hooks, provider-off only */
#define BENCH_STYLE_CONTROL_PLAIN 0
#define BENCH_STYLE_CONTROL_FLAG 0
#define BENCH_STYLE_CONTROL_RETPOLINE 0
#define BENCH_STYLE_CONTROL_NULL_CONTROL 1
#define BENCH_STYLE_CONTROL_CALL_CONTROL 1
#define BENCH_STYLE(suffix, name, variant) +BENCH_STYLE_CONTROL_##variant
enum { STYLES_CONTROL = 0
#include "styles.def"
};
#undef BENCH_STYLE

int main(void)
{
	int n = bench_kernel_count();
	int pool_kernels = 0;
	bench_session_t **sessions = calloc((size_t)n, sizeof(*sessions));
	bench_kernel_desc_t *descs = calloc((size_t)n, sizeof(*descs));

	/* 3 baselines + 5 page_pool cases x (1 + 2 per hooked style of styles.def + 1 per control); a retpoline style only where it was built */
	const int styles = STYLES_DEFINED - 1 - STYLES_CONTROL - (BENCH_HAVE_RETPOLINE ? 0 : STYLES_RETPOLINE);
	const int want_pool = 5 * (1 + 2 * styles + STYLES_CONTROL);
	const int want_all = 3 + 5 * (1 + 2 * (STYLES_DEFINED - 1 - STYLES_CONTROL) + STYLES_CONTROL);
	CHECK(n == want_all, "matrix has %d kernels, want %d (unavailable ones are listed too)", n, want_all);
	for (int32_t i = 0; i < n; i++) {
		bench_kernel_describe(i, &descs[i]);
		/* every tag the kernel has, in the ABI's one string: what results files keep */
		char want[160];
		const char *control = !descs[i].style ? NULL
				      : strcmp(descs[i].style, "none-copy") == 0 ? " contrast-control=null"
				      : strcmp(descs[i].style, "none+call") == 0 ? " contrast-control=detection" : "";
		if (descs[i].style)
			snprintf(want, sizeof(want), "case=%s style=%s provider=%s%s", descs[i].case_name, descs[i].style,
				 descs[i].provider == BENCH_PROVIDER_ON ? "on" : "off", control);
		else
			snprintf(want, sizeof(want), "case=%s", descs[i].case_name);
		CHECK(descs[i].tags && strcmp(descs[i].tags, want) == 0, "%s: tags '%s', want '%s'", descs[i].id,
		      descs[i].tags ? descs[i].tags : "(null)", want);
		if (!descs[i].style || !descs[i].available)
			continue;
		pool_kernels++;
		int rc = bench_session_open(i, &sessions[i]);
		CHECK(rc == BENCH_OK, "%s: open: %s", descs[i].id, bench_strerror(rc));
	}
	CHECK(pool_kernels == want_pool, "%d page_pool kernels available, want %d for this build (retpolines %s)", pool_kernels, want_pool,
	      BENCH_HAVE_RETPOLINE ? "built" : "not built");

	/* Two passes over all open sessions: each sample sets the key for its own session. */
	for (int pass = 0; pass < 2; pass++)
		for (int32_t i = 0; i < n; i++)
			if (sessions[i])
				run_and_check(pass, &descs[i], sessions[i]);

	for (int32_t i = 0; i < n; i++) {
		if (!sessions[i])
			continue;
		bench_counters_t c;
		bench_session_counters(sessions[i], &c);
		CHECK(c.pool_hold >= 1, "%s: the pool never took a page", descs[i].id);
		int rc = bench_session_close(sessions[i]);
		CHECK(rc == BENCH_OK, "%s: close: %s", descs[i].id, bench_strerror(rc));
	}
	free(sessions);
	free(descs);
	return test_report("test_dispatch");
}
