// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

int roam_u32_parse(const char *s, size_t len, uint32_t min, uint32_t max,
		   uint32_t *val)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10 || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*val = (uint32_t)v;
	return 0;
}

int roam_ipv4_parse(const char *s, size_t len, uint32_t *addr)
{
	uint32_t a = 0;
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		uint32_t octet;

		while (i < len && s[i] != '.')
			i++;
		if (roam_u32_parse(s + start, i - start, 0, 255, &octet))
			return -1;
		a = a << 8 | octet;
		if (part < 3) {
			if (i == len)
				return -1;
			i++;	/* the dot */
		}
	}
	if (i != len)
		return -1;
	*addr = a;
	return 0;
}

/*
 * As "%u.%u.%u.%u" prints it, by hand: listings print one or two
 * addresses a session, 100k sessions at a time.
 */
void roam_ipv4_format(uint32_t a, char buf[ROAM_IPV4_STRLEN])
{
	char *p = buf;
	int shift;

	for (shift = 24; shift >= 0; shift -= 8) {
		unsigned int b = (a >> shift) & 0xff;

		if (b >= 100)
			*p++ = '0' + b / 100;
		if (b >= 10)
			*p++ = '0' + b / 10 % 10;
		*p++ = '0' + b % 10;
		*p++ = shift ? '.' : '\0';
	}
}

int roam_ipv6_parse(const char *s, size_t len, uint8_t addr[16])
{
	char tmp[ROAM_IPV6_STRLEN];

	/* inet_pton wants a C string: bound and terminate a copy */
	if (len == 0 || len >= sizeof(tmp) || memchr(s, '\0', len))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return inet_pton(AF_INET6, tmp, addr) == 1 ? 0 : -1;
}

void roam_ipv6_format(const uint8_t addr[16], char buf[ROAM_IPV6_STRLEN])
{
	if (!inet_ntop(AF_INET6, addr, buf, ROAM_IPV6_STRLEN))
		snprintf(buf, ROAM_IPV6_STRLEN, "?");
}

int roam_ipv4_assignable(uint32_t a)
{
	uint8_t top = a >> 24;

	return top != 0 && top != 127 && top < 224;
}

int roam_range_parse(const char *s, size_t len, uint32_t *first,
		     uint32_t *last, char *err, size_t errlen)
{
	const char *dash = memchr(s, '-', len);
	uint32_t a, b;
	uint64_t size;

	if (!dash) {
		snprintf(err, errlen,
			 "invalid range '%.*s' (expected FIRST-LAST, e.g. 10.1.0.10-10.1.0.200)",
			 (int)(len > 64 ? 64 : len), s);
		return -1;
	}
	if (roam_ipv4_parse(s, dash - s, &a)) {
		snprintf(err, errlen, "invalid IPv4 address '%.*s' in range",
			 (int)(dash - s > 64 ? 64 : dash - s), s);
		return -1;
	}
	len -= dash - s + 1;
	if (roam_ipv4_parse(dash + 1, len, &b)) {
		snprintf(err, errlen, "invalid IPv4 address '%.*s' in range",
			 (int)(len > 64 ? 64 : len), dash + 1);
		return -1;
	}
	if (a > b) {
		snprintf(err, errlen,
			 "range starts after it ends (%.*s)",
			 (int)(dash - s + 1 + len), s);
		return -1;
	}
	size = (uint64_t)b - a + 1;
	if (size > ROAM_POOL_MAX_SIZE) {
		snprintf(err, errlen,
			 "range too large (%llu addresses, at most %u)",
			 (unsigned long long)size, ROAM_POOL_MAX_SIZE);
		return -1;
	}
	/* The unusable blocks are /8 or larger, so checking the ends
	 * and whether the range spans one is enough. */
	if (!roam_ipv4_assignable(a) || !roam_ipv4_assignable(b) ||
	    (a >> 24 < 127 && b >> 24 > 127)) {
		snprintf(err, errlen,
			 "range holds addresses that cannot be given to clients (0/8, 127/8, 224/3)");
		return -1;
	}
	*first = a;
	*last = b;
	return 0;
}

void roam_range_format(uint32_t first, uint32_t last,
		       char buf[ROAM_RANGE_STRLEN])
{
	char a[ROAM_IPV4_STRLEN], b[ROAM_IPV4_STRLEN];

	roam_ipv4_format(first, a);
	roam_ipv4_format(last, b);
	snprintf(buf, ROAM_RANGE_STRLEN, "%s-%s", a, b);
}
