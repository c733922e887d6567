/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing and printing of addresses, numbers and ranges (pure functions). */
#ifndef ROAM_ADDR_H
#define ROAM_ADDR_H

#include <stddef.h>
#include <stdint.h>

#define ROAM_IPV4_STRLEN	16	/* "255.255.255.255" + NUL */
#define ROAM_IPV6_STRLEN	46
#define ROAM_RANGE_STRLEN	(2 * ROAM_IPV4_STRLEN)

/*
 * Strict dotted quad: four decimal numbers 0-255 without leading zeros
 * (so "010.0.0.1" is not silently octal or decimal).  Host byte order.
 */
int roam_ipv4_parse(const char *s, size_t len, uint32_t *addr);
void roam_ipv4_format(uint32_t addr, char buf[ROAM_IPV4_STRLEN]);

int roam_ipv6_parse(const char *s, size_t len, uint8_t addr[16]);
void roam_ipv6_format(const uint8_t addr[16], char buf[ROAM_IPV6_STRLEN]);

/* Decimal number in [min, max], no sign, no leading zeros, no blanks. */
int roam_u32_parse(const char *s, size_t len, uint32_t min, uint32_t max,
		   uint32_t *val);

/* Most addresses a pool may hold. */
#define ROAM_POOL_MAX_SIZE	(1u << 20)

/*
 * "A.B.C.D-E.F.G.H", first <= last, at most ROAM_POOL_MAX_SIZE addresses,
 * none of them in 0.0.0.0/8, 127.0.0.0/8 or 224.0.0.0/3 (they can never
 * be given to a client).  Host byte order.  Returns 0, or -1 with the
 * reason in err.
 */
int roam_range_parse(const char *s, size_t len, uint32_t *first,
		     uint32_t *last, char *err, size_t errlen);
void roam_range_format(uint32_t first, uint32_t last,
		       char buf[ROAM_RANGE_STRLEN]);

/* Whether a client may be given this address (see roam_range_parse). */
int roam_ipv4_assignable(uint32_t addr);

#endif /* ROAM_ADDR_H */
