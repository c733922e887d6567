/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake kernel behind ipsec/xfrm.h for the unit tests (test_ipsec.c,
 * test_ipsec_remap.c): the SAs and policies it holds, and each call made,
 * in order.  A test can make one call fail (fail_op, fail_err).
 */
#ifndef ROAM_TEST_FAKE_XFRM_H
#define ROAM_TEST_FAKE_XFRM_H

#include "ipsec/xfrm.h"

enum op_type {
	OP_SA_ADD, OP_SA_DEL, OP_POL_ADD, OP_POL_DEL,
	OP_SA_UPD,		/* xfrm_sa_set_encap */
	OP_SA_MOVE,		/* xfrm_sa_move */
	OP_POL_UPD,		/* xfrm_policy_update */
};

struct op {
	enum op_type type;
	uint32_t spi;		/* SAs: network order */
	uint32_t mark;
	int dir;		/* policies */
};

#define FAKE_MAX_OBJ	128
#define FAKE_MAX_OPS	256

struct fake_kernel {
	struct xfrm_sa sa[FAKE_MAX_OBJ];
	int nsa;
	struct xfrm_policy pol[FAKE_MAX_OBJ];
	int npol;
	struct op ops[FAKE_MAX_OPS];
	int nops;
	int fail_op;		/* this call (index in ops) fails ... */
	int fail_err;		/* ... with this errno */
};

extern struct fake_kernel fake_kernel;

void fake_kernel_reset(void);
/* Index of the SA (dst, spi, mark) / of the policy like pol, or -1. */
int fake_sa_find(struct in_addr dst, uint32_t spi, uint32_t mark);
int fake_pol_find(const struct xfrm_policy *p);

#endif /* ROAM_TEST_FAKE_XFRM_H */
