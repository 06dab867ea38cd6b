/* SPDX-License-Identifier: MIT */
/*
 * The ABI of bench_native.h over the kernels a suite registered with
 * BENCH_KERNEL (bench_suite.h): what bench_add_suite links into every suite
 * library. The kernels sit in one linker section; the linker's
 * __start_/__stop_ symbols bound it.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_native.h"
#include "bench_suite.h"
#include "fixed_stack.h"

#include "bench_build_config.h"
#include "build_facts.h"


const char *const bench_check_failed_text HIDDEN = "the kernel's teardown check failed (its teardown returned nonzero)";

/* Weak: a library that registered nothing still links, and says so at load (bench_suite_error). */
extern const struct bench_suite_kernel __start_bench_suite_kernels[] __attribute__((weak)) HIDDEN;
extern const struct bench_suite_kernel __stop_bench_suite_kernels[] __attribute__((weak)) HIDDEN;

#define MAX_TAG 64

struct kernel_view {
	const struct bench_suite_kernel *k;
	char case_name[MAX_TAG];
	char style[MAX_TAG];
};

static struct kernel_view *views;
static bench_kernel_desc_t *descs;
static int view_count;
static char load_error[512];
static pthread_once_t views_once = PTHREAD_ONCE_INIT;

/* The value of tag `key` in a "k=v k2=v2" list, copied into out; 0 when absent. */
static int tag_value(const char *tags, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key);
	for (const char *p = tags; p && *p;) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			size_t vlen = len - klen - 1;
			if (vlen >= size)
				vlen = size - 1;
			memcpy(out, p + klen + 1, vlen);
			out[vlen] = '\0';
			return 1;
		}
		p += len;
	}
	return 0;
}

/* NULL when tags are space-separated key=value pairs, each key once; else what is wrong, in why. */
static const char *tags_problem(const char *tags, char *why, size_t size)
{
	for (const char *p = tags; p && *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, " ");
		const char *eq = memchr(p, '=', len);
		if (!eq || eq == p || eq == p + len - 1) {
			snprintf(why, size, "tag '%.*s' is not key=value", (int)len, p);
			return why;
		}
		size_t klen = (size_t)(eq - p);
		for (const char *q = tags; q < p;) {
			while (*q == ' ')
				q++;
			if (q >= p)
				break;
			size_t qlen = strcspn(q, " ");
			if (qlen > klen && q[klen] == '=' && strncmp(q, p, klen) == 0) {
				snprintf(why, size, "tag '%.*s' is given twice", (int)klen, p);
				return why;
			}
			q += qlen;
		}
		p += len;
	}
	return NULL;
}

/* One to four segments of [a-z0-9._+-], joined by '/'. */
static int id_valid(const char *id)
{
	int segments = 1;
	size_t seg = 0;
	if (!id || !*id || strlen(id) > 160)
		return 0;
	for (const char *p = id; *p; p++) {
		if (*p == '/') {
			if (seg == 0)
				return 0;
			segments++;
			seg = 0;
			continue;
		}
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("._+-", *p)))
			return 0;
		seg++;
	}
	return seg > 0 && segments <= 4;
}

static void views_init(void)
{
	const struct bench_suite_kernel *first = __start_bench_suite_kernels, *last = __stop_bench_suite_kernels;
	int n = first && last ? (int)(last - first) : 0;
	if (n <= 0) {
		snprintf(load_error, sizeof(load_error),
			 "the suite registered no kernel: register each with BENCH_KERNEL (bench_suite.h) in a source of the library");
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct bench_suite_kernel *k = &first[i];
		if (!id_valid(k->id)) {
			snprintf(load_error, sizeof(load_error),
				 "kernel %d has the ID '%s': an ID is one to four segments of [a-z0-9._+-] joined by '/', e.g. \"lookup/table\"",
				 i, k->id ? k->id : "(null)");
			return;
		}
		char why[160];
		if (tags_problem(k->tags, why, sizeof(why))) {
			snprintf(load_error, sizeof(load_error),
				 "kernel '%s' has the tags \"%s\": %s; tags are space-separated key=value pairs, each key once", k->id, k->tags, why);
			return;
		}
		if (!k->loop) {
			snprintf(load_error, sizeof(load_error), "kernel '%s' was registered without its loop (BENCH_KERNEL's sixth argument is NULL)", k->id);
			return;
		}
		for (int j = 0; j < i; j++)
			if (strcmp(first[j].id, k->id) == 0) {
				snprintf(load_error, sizeof(load_error), "the ID '%s' is registered twice: every kernel needs an ID of its own", k->id);
				return;
			}
	}
	views = calloc((size_t)n, sizeof(*views));
	if (!views) {
		snprintf(load_error, sizeof(load_error), "out of memory reading the suite's kernels");
		return;
	}
	descs = calloc((size_t)n, sizeof(*descs));
	if (!descs) {
		snprintf(load_error, sizeof(load_error), "out of memory reading the suite's kernels");
		return;
	}
	for (int i = 0; i < n; i++) {
		views[i].k = &first[i];
		if (!tag_value(first[i].tags, "case", views[i].case_name, sizeof(views[i].case_name)))
			snprintf(views[i].case_name, sizeof(views[i].case_name), "%s", "kernel");
		tag_value(first[i].tags, "style", views[i].style, sizeof(views[i].style));
		descs[i].id = first[i].id;
		descs[i].case_name = views[i].case_name;
		descs[i].style = views[i].style[0] ? views[i].style : NULL;
		descs[i].provider = BENCH_PROVIDER_NA;
		descs[i].available = 1;
		descs[i].default_loops = first[i].default_loops;
		descs[i].tags = first[i].tags ? first[i].tags : "";
	}
	view_count = n;
}

static const struct kernel_view *view_at(int32_t index)
{
	pthread_once(&views_once, views_init);
	return index >= 0 && index < view_count ? &views[index] : NULL;
}

/* Why the library cannot be used (NULL: it can): read by the harness and the driver before anything else. */
BENCH_API const char *bench_suite_error(void)
{
	pthread_once(&views_once, views_init);
	return load_error[0] ? load_error : NULL;
}

/* The suite's kernels, as abi_common.c's bench_kernel_count and bench_kernel_describe hand them out (none when it cannot be used). */
const bench_kernel_desc_t *bench_registry(int32_t *count)
{
	pthread_once(&views_once, views_init);
	*count = view_count;
	return descs;
}

/* The build facts only a suite library knows; abi_common.c's bench_build_info fills the rest. */
void bench_build_info_own(bench_build_info_t *out)
{
	out->static_key_impl = "none";
	out->static_key_note = "a suite library: Bench patches no static key in it";
}

struct bench_session {
	const struct bench_suite_kernel *k;
	void *state;
};

BENCH_API int bench_session_open(int32_t index, bench_session_t **out)
{
	const struct kernel_view *v = view_at(index);
	if (!v || !out)
		return BENCH_E_INVAL;
	*out = NULL;
	bench_session_t *s = calloc(1, sizeof(*s));
	if (!s)
		return BENCH_E_NOMEM;
	s->k = v->k;
	if (s->k->setup && !(s->state = s->k->setup())) {
		free(s);
		return BENCH_E_NOMEM;
	}
	*out = s;
	return BENCH_OK;
}

/* The stamps around one call of the suite's loop: a call and a return per sample, not per element. */
static noinline uint64_t timed_suite_loop(void *ctx, uint64_t loops, struct bench_stamps *st)
{
	bench_session_t *s = ctx;
	bench_timer_start(st);
	uint64_t ran = s->k->loop(s->state, loops);
	bench_timer_stop(st);
	return ran;
}

BENCH_API int bench_session_sample(bench_session_t *s, uint64_t loops, bench_sample_t *out)
{
	int status = bench_sample_begin(s, loops, out);
	return status != BENCH_OK ? status : bench_sample_loop(timed_suite_loop, s, loops, out);
}

/* A suite keeps no page accounting: every counter is zero. */
BENCH_API int bench_session_counters(const bench_session_t *s, bench_counters_t *out)
{
	if (!s || !out)
		return BENCH_E_INVAL;
	memset(out, 0, sizeof(*out));
	return BENCH_OK;
}

BENCH_API int bench_session_close(bench_session_t *s)
{
	if (!s)
		return BENCH_E_INVAL;
	int status = s->k->teardown && s->k->teardown(s->state) != 0 ? BENCH_E_ACCOUNTING : BENCH_OK;
	free(s);
	return status;
}
