/* SPDX-License-Identifier: MIT */
/*
 * bench-driver: runs the native kernels without .NET, one time_bench-style
 * line per run, e.g.
 *   Type:native/pp01-fast/ops/provider-off Per elem: 19.873 cycles(tsc) 7.655 ns (step:0) - ...
 * It loads the very library the harness loads (by default libbenchnative.so
 * beside this executable), so it is an independent check of the same code,
 * and the program callgrind runs.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_native.h"

struct api {
	int (*build_info)(bench_build_info_t *);
	int (*kernel_count)(void);
	int (*kernel_describe)(int32_t, bench_kernel_desc_t *);
	int (*session_open)(int32_t, bench_session_t **);
	int (*session_sample)(bench_session_t *, uint64_t, bench_sample_t *);
	int (*session_close)(bench_session_t *);
	const char *(*strerror)(int32_t);
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bench-driver [--library PATH] [--filter GLOB] [--loops N[,N...]] [--repeat N] [--warmup N] [--timer MODE] [--cpu N] [--against PATH] [--format F] [--list] [--info]\n"
		"  --library PATH  kernel library (default: libbenchnative.so beside this program)\n"
		"  --filter GLOB   run the kernels whose ID matches (fnmatch; '*' also matches '/')\n"
		"  --loops N       elements per run (default: each kernel's time_bench default); a list\n"
		"                  N1,N2,... runs each count in turn (bench count differences two counts)\n"
		"  --repeat N      timed runs per kernel, one line each (default 1)\n"
		"  --warmup N      untimed runs per kernel before the timed ones (default 0, as time_bench)\n"
		"  --timer MODE    the stop stamp: auto (default: RDTSCP where CPUID advertises it, else a\n"
		"                  fenced RDTSC), rdtscp, rdtsc, or none (no timer instruction at all: the\n"
		"                  mode bench count uses under callgrind); sets BENCH_TIMER for the library\n"
		"  --cpu N         pin to CPU N before loading the library (vCPUs of a shared VM do not run at one speed)\n"
		"  --list          print the kernel IDs and exit\n"
		"  --against PATH  a second library (e.g. an injected build): each kernel runs from both in this one\n"
		"                  process, the two taking turns run by run in a random order, and one line gives\n"
		"                  both medians and the median of the paired differences (what the change costs)\n"
		"  --format F      precise (default): cycles and ns per element to 3 decimals; kernel: exactly as\n"
		"                  time_bench prints them (%%llu cycles(tsc) %%llu.%%03llu ns, integer division), so\n"
		"                  the upstream script's 'Per elem: ([0-9]+) cycles\\(tsc\\)' parses them\n"
		"  --info          print how the library was built and exit\n");
}

static int load(const char *path, struct api *api)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "bench-driver: cannot load %s: %s\n"
				"  build it with `dotnet build -c Release` (or cmake) or pass --library PATH\n",
			path, dlerror());
		return -1;
	}
#define BIND(field, sym)                                                            \
	do {                                                                        \
		*(void **)&api->field = dlsym(h, sym);                              \
		if (!api->field) {                                                  \
			fprintf(stderr, "bench-driver: %s lacks %s\n", path, sym);  \
			return -1;                                                  \
		}                                                                   \
	} while (0)
	BIND(build_info, "bench_build_info");
	BIND(kernel_count, "bench_kernel_count");
	BIND(kernel_describe, "bench_kernel_describe");
	BIND(session_open, "bench_session_open");
	BIND(session_sample, "bench_session_sample");
	BIND(session_close, "bench_session_close");
	BIND(strerror, "bench_strerror");
#undef BIND
	/* a suite library (bench_suite.h) says here why it cannot be used: a bad registration */
	const char *(*suite_error)(void);
	*(void **)&suite_error = dlsym(h, "bench_suite_error");
	const char *why = suite_error ? suite_error() : NULL;
	if (why) {
		fprintf(stderr, "bench-driver: %s cannot be used: %s\n", path, why);
		return -1;
	}
	return 0;
}

static int parse_u64(const char *opt, const char *s, unsigned long long *out)
{
	char *end;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end || !*s || s[0] == '-') {
		fprintf(stderr, "bench-driver: %s needs a whole number, got '%s'\n", opt, s);
		return -1;
	}
	return 0;
}

static void default_library(char *buf, size_t n)
{
	char exe[PATH_MAX - 32];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0) {
		snprintf(buf, n, "libbenchnative.so");
		return;
	}
	exe[len] = 0;
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = 0;
	snprintf(buf, n, "%s/libbenchnative.so", exe);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * --against: kernel `id` from two libraries in this process, taking turns run by run in a random
 * order (a pair of runs is a few ms apart on one pinned CPU, so a drift of the machine lands on
 * both): both medians, and the median of the paired differences.
 */
static int against(const struct api *a, const struct api *b, int32_t index_a, const bench_kernel_desc_t *d, unsigned long long loops,
		   unsigned long long warmup, unsigned long long repeat)
{
	int count = b->kernel_count(), index = -1;
	for (int32_t i = 0; i < count && index < 0; i++) {
		bench_kernel_desc_t db;
		b->kernel_describe(i, &db);
		if (!strcmp(db.id, d->id) && db.available)
			index = i;
	}
	if (index < 0) {
		printf("Type:%s against: not in the second library\n", d->id);
		return 0;
	}
	bench_session_t *sa = NULL, *sb = NULL;
	int rc = a->session_open(index_a, &sa);
	if (!rc)
		rc = b->session_open(index, &sb);
	double *va = calloc(repeat, sizeof(double)), *vb = calloc(repeat, sizeof(double)), *diff = calloc(repeat, sizeof(double));
	unsigned seed = 12345;
	for (unsigned long long r = 0; r < warmup + repeat && !rc && va && vb && diff; r++) {
		bench_sample_t x, y;
		int b_first = rand_r(&seed) & 1;
		rc = b_first ? b->session_sample(sb, loops, &y) : a->session_sample(sa, loops, &x);
		if (!rc)
			rc = b_first ? a->session_sample(sa, loops, &x) : b->session_sample(sb, loops, &y);
		if (!rc && r >= warmup) {
			va[r - warmup] = (double)x.ticks / (double)x.invocations;
			vb[r - warmup] = (double)y.ticks / (double)y.invocations;
			diff[r - warmup] = vb[r - warmup] - va[r - warmup];
		}
	}
	int closed = (sa ? a->session_close(sa) : 0) | (sb ? b->session_close(sb) : 0);
	if (!rc && !closed && va && vb && diff && repeat > 0) {
		int n = (int)repeat;
		double ma = median(va, n), mb = median(vb, n), md = median(diff, n);
		printf("Type:%s against: %.3f -> %.3f cycles(tsc) per elem, paired median difference %+.3f (%d pairs)\n", d->id, ma, mb, md, n);
	}
	free(va);
	free(vb);
	free(diff);
	if (rc || closed)
		fprintf(stderr, "Type:%s failed: %s\n", d->id, a->strerror(rc ? rc : closed));
	return rc || closed;
}

static int kernel_format;

/*
 * One run in time_bench's line. Precise: cycles and ns per element not truncated. Kernel
 * (--format kernel): time_bench_calc_stats()'s own arithmetic: tsc_interval / invoked,
 * time_interval / invoked with the remainder divided by invoked / 1000 for the three decimals
 * (its "incorrect roundup", kept). Untimed runs say so.
 */
static void print_line(const char *id, const bench_sample_t *s)
{
	if (s->ticks == 0 && s->ns == 0) {
		printf("Type:%s not timed (--timer none) - (invoke count:%llu)\n", id, (unsigned long long)s->invocations);
		return;
	}
	if (kernel_format) {
		unsigned long long inv = s->invocations, per_mille = inv / 1000;
		unsigned long long decimal = per_mille ? (s->ns % inv) / per_mille : 0;
		printf("Type:%s Per elem: %llu cycles(tsc) %llu.%03llu ns (step:0) - (measurement period time:%llu.%09llu sec time_interval:%llu) - (invoke count:%llu tsc_interval:%llu)\n",
		       id, (unsigned long long)(s->ticks / inv), (unsigned long long)(s->ns / inv), decimal,
		       (unsigned long long)(s->ns / 1000000000ull), (unsigned long long)(s->ns % 1000000000ull),
		       (unsigned long long)s->ns, inv, (unsigned long long)s->ticks);
		return;
	}
	double n = (double)s->invocations;
	double cycles = (double)s->ticks / n;
	double ns = (double)s->ns / n;
	printf("Type:%s Per elem: %.3f cycles(tsc) %.3f ns (step:0) - (measurement period time:%llu.%09llu sec time_interval:%llu) - (invoke count:%llu tsc_interval:%llu)\n",
	       id, cycles, ns, (unsigned long long)(s->ns / 1000000000ull), (unsigned long long)(s->ns % 1000000000ull),
	       (unsigned long long)s->ns, (unsigned long long)s->invocations, (unsigned long long)s->ticks);
}

/* "N" or "N1,N2,...": up to 8 loop counts, each a positive integer. */
static int parse_loops(const char *v, unsigned long long *out, int *n)
{
	char buf[256], *save = NULL;
	snprintf(buf, sizeof(buf), "%s", v);
	*n = 0;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == 8) {
			fprintf(stderr, "bench-driver: --loops takes at most 8 counts\n");
			return -1;
		}
		if (parse_u64("--loops", tok, &out[(*n)++]))
			return -1;
	}
	if (*n == 0) {
		fprintf(stderr, "bench-driver: --loops needs a count\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char library[PATH_MAX];
	const char *filter = "*";
	unsigned long long loops[8] = { 0 }, repeat = 1, warmup = 0;
	int nloops = 1;
	int list = 0, info = 0;
	const char *timer = NULL;
	const char *against_path = NULL;
	struct api api2;
	long cpu = -1;
	struct api api;

	default_library(library, sizeof(library));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--list")) { list = 1; continue; }
		if (!strcmp(a, "--info")) { info = 1; continue; }
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
		if (!v) { fprintf(stderr, "bench-driver: unknown or incomplete option '%s'\n", a); usage(stderr); return 2; }
		if (!strcmp(a, "--library")) snprintf(library, sizeof(library), "%s", v);
		else if (!strcmp(a, "--filter")) filter = v;
		else if (!strcmp(a, "--loops")) { if (parse_loops(v, loops, &nloops)) return 2; }
		else if (!strcmp(a, "--repeat")) { if (parse_u64(a, v, &repeat)) return 2; }
		else if (!strcmp(a, "--warmup")) { if (parse_u64(a, v, &warmup)) return 2; }
		else if (!strcmp(a, "--timer")) timer = v;
		else if (!strcmp(a, "--against")) against_path = v;
		else if (!strcmp(a, "--format")) {
			if (strcmp(v, "kernel") && strcmp(v, "precise")) {
				fprintf(stderr, "bench-driver: --format takes precise or kernel, got '%s'\n", v);
				return 2;
			}
			kernel_format = !strcmp(v, "kernel");
		}
		else if (!strcmp(a, "--cpu")) {
			unsigned long long c;
			if (parse_u64(a, v, &c) || c >= CPU_SETSIZE) {
				fprintf(stderr, "bench-driver: --cpu takes a CPU number below %d\n", CPU_SETSIZE);
				return 2;
			}
			cpu = (long)c;
		}
		else { fprintf(stderr, "bench-driver: unknown option '%s'\n", a); usage(stderr); return 2; }
		i++;
	}
	for (int l = 0; l < nloops; l++) {
		if (loops[l] && loops[l] < BENCH_MIN_INVOCATIONS) {
			fprintf(stderr, "bench-driver: --loops must be at least %u (time_bench refuses shorter runs)\n", BENCH_MIN_INVOCATIONS);
			return 2;
		}
	}
	if (timer) {
		if (strcmp(timer, "auto") && strcmp(timer, "rdtscp") && strcmp(timer, "rdtsc") && strcmp(timer, "none")) {
			fprintf(stderr, "bench-driver: --timer takes auto, rdtscp, rdtsc or none, got '%s'\n", timer);
			return 2;
		}
		/* the library decides its stop when it loads: set it before dlopen */
		setenv("BENCH_TIMER", timer, 1);
	}
	if (cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET((int)cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) != 0) {
			fprintf(stderr, "bench-driver: cannot pin to CPU %ld: %s\n", cpu, strerror(errno));
			return 2;
		}
	}
	if (load(library, &api) || (against_path && load(against_path, &api2)))
		return 5;

	bench_build_info_t bi;
	api.build_info(&bi);
	if (bi.abi_version != BENCH_ABI_VERSION) {
		fprintf(stderr, "bench-driver: %s has ABI version %d, this driver speaks %d: rebuild both (`dotnet build -c Release`)\n",
			library, bi.abi_version, BENCH_ABI_VERSION);
		return 5;
	}
	if (info) {
		printf("library: %s\narch: %s\ncompiler: %s\nflags: %s\nretpoline flags: %s\ntimer: %s\ntimer stop: %s (%s)\ntimer hz: %.0f (%s)\nstatic key: %s (%s)\ninjected ops per element: %d\ninjected calls per element: %d\npage_pool stats: %s\n",
		       library, bi.arch, bi.compiler, bi.flags, bi.retpoline_flags ? bi.retpoline_flags : "(not built)", bi.timer,
		       bi.timer_stop, bi.timer_stop_note, bi.timer_hz, bi.timer_hz_source, bi.static_key_impl, bi.static_key_note, bi.inject_k, bi.inject_calls,
		       bi.pp_stats ? "counted (CONFIG_PAGE_POOL_STATS)" : "not counted");
		return 0;
	}

	int failures = 0, matched = 0;
	int count = api.kernel_count();
	for (int32_t i = 0; i < count; i++) {
		bench_kernel_desc_t d;
		api.kernel_describe(i, &d);
		if (fnmatch(filter, d.id, 0) != 0)
			continue;
		matched++;
		if (list) {
			if (d.available)
				printf("%s\n", d.id);
			else
				printf("%s  (unavailable: %s)\n", d.id, d.unavailable_reason);
			continue;
		}
		if (!d.available) {
			printf("Type:%s unavailable: %s\n", d.id, d.unavailable_reason);
			continue;
		}
		if (against_path) {
			failures += against(&api, &api2, i, &d, loops[0] ? loops[0] : d.default_loops, warmup, repeat);
			fflush(stdout);
			continue;
		}
		bench_session_t *s;
		int rc = api.session_open(i, &s);
		if (rc) {
			fprintf(stderr, "Type:%s failed to open: %s\n", d.id, api.strerror(rc));
			failures++;
			continue;
		}
		for (unsigned long long r = 0; r < warmup + repeat && rc == 0; r++) {
			for (int l = 0; l < nloops && rc == 0; l++) {
				bench_sample_t sample;
				rc = api.session_sample(s, loops[l] ? loops[l] : d.default_loops, &sample);
				if (rc == 0 && r >= warmup)
					print_line(d.id, &sample);
			}
		}
		int closed = api.session_close(s);
		if (rc || closed) {
			fprintf(stderr, "Type:%s failed: %s\n", d.id, api.strerror(rc ? rc : closed));
			failures++;
		}
		fflush(stdout);
	}
	if (!matched) {
		fprintf(stderr, "bench-driver: no kernel matches '%s' (see --list)\n", filter);
		return 2;
	}
	return failures ? 6 : 0;
}
