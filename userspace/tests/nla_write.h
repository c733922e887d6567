/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink attributes written by hand, laid out as the kernel's nla_put()
 * lays them out, for the tests and the fuzzer that feed rows to the
 * session row decoder (test_session_attrs.c, test_session_list.c,
 * fuzz_session_attrs.c), well-formed or not.
 */
#ifndef TEST_NLA_WRITE_H
#define TEST_NLA_WRITE_H

#include <stddef.h>
#include <stdint.h>

/* Attributes one after another: len octets of b are written. */
struct nla_buf {
	uint8_t b[1024];
	size_t len;
};

/*
 * One attribute after those in m: its header, len octets of v, zeros up
 * to the next 4-octet boundary.  One that does not fit is left out, and
 * m->len says so.
 */
void nla_buf_put(struct nla_buf *m, uint16_t type, const void *v,
		 uint16_t len);

#endif /* TEST_NLA_WRITE_H */
