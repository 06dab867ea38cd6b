/* SPDX-License-Identifier: MIT */
/*
 * An example suite: the same four operations chosen per element through a
 * table of function pointers (an indirect call) or through a switch (a branch
 * and a direct call). Built with Bench's bench_add_suite; see docs/suites.md
 * of Bench.
 */
#include <stdint.h>
#include <stdlib.h>

#include <bench_suite.h>

#define OPS 256u
#define LOOKUP_MAGIC 0x6c6f6f6bu

struct lookup {
	uint32_t magic;
	uint8_t op[OPS];
	uint64_t acc;
};

typedef uint64_t (*op_fn)(uint64_t);

static __attribute__((noinline)) uint64_t op_add(uint64_t x) { return x + 3; }
static __attribute__((noinline)) uint64_t op_xor(uint64_t x) { return x ^ 0x5a5a; }
static __attribute__((noinline)) uint64_t op_rot(uint64_t x) { return (x << 1) | (x >> 63); }
static __attribute__((noinline)) uint64_t op_neg(uint64_t x) { return ~x; }

static op_fn const table[4] = { op_add, op_xor, op_rot, op_neg };

static void *lookup_setup(void)
{
	struct lookup *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->magic = LOOKUP_MAGIC;
	uint32_t x = 12345;
	for (unsigned i = 0; i < OPS; i++) {
		x = x * 1103515245u + 12345u; /* a fixed sequence: every run dispatches the same ops */
		l->op[i] = (uint8_t)((x >> 16) & 3u);
	}
	return l;
}

static int lookup_teardown(void *state)
{
	struct lookup *l = state;
	int ok = l->magic == LOOKUP_MAGIC;
	free(l);
	return ok ? 0 : 1;
}

/* One element: the op of this position, called through the table. */
static __attribute__((noinline)) uint64_t lookup_indirect(void *state, uint64_t loops)
{
	struct lookup *l = state;
	uint64_t acc = l->acc, i;
	for (i = 0; i < loops; i++) {
		acc = table[l->op[i % OPS]](acc);
		BENCH_SUITE_BARRIER();
	}
	l->acc = acc;
	return i;
}

/* One element: the op of this position, chosen by a switch and called directly. */
static __attribute__((noinline)) uint64_t lookup_switch(void *state, uint64_t loops)
{
	struct lookup *l = state;
	uint64_t acc = l->acc, i;
	for (i = 0; i < loops; i++) {
		switch (l->op[i % OPS]) {
		case 0: acc = op_add(acc); break;
		case 1: acc = op_xor(acc); break;
		case 2: acc = op_rot(acc); break;
		default: acc = op_neg(acc); break;
		}
		BENCH_SUITE_BARRIER();
	}
	l->acc = acc;
	return i;
}

/* The loop alone: what the two above pay before any op. */
static __attribute__((noinline)) uint64_t lookup_for_loop(void *state, uint64_t loops)
{
	uint64_t i;
	(void)state;
	for (i = 0; i < loops; i++)
		BENCH_SUITE_BARRIER();
	return i;
}

BENCH_KERNEL(indirect, "lookup/indirect", "case=lookup style=indirect targets=4", "one op through a table of function pointers",
	     lookup_setup, lookup_indirect, lookup_teardown);
BENCH_KERNEL(switch_, "lookup/switch", "case=lookup style=switch targets=4", "one op through a switch and a direct call",
	     lookup_setup, lookup_switch, lookup_teardown);
BENCH_KERNEL(for_loop, "lookup/for_loop", "case=for_loop", "one pass of the loop", NULL, lookup_for_loop, NULL);
