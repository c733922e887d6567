// SPDX-License-Identifier: GPL-2.0
#include "addr.h"
#include "test.h"

static uint32_t a;

static int v4(const char *s)
{
	return roam_ipv4_parse(s, strlen(s), &a);
}

static void ipv4(void)
{
	char buf[ROAM_IPV4_STRLEN];

	CHECK_INT(v4("10.1.0.5"), 0);
	CHECK_INT(a, 0x0a010005);
	CHECK_INT(v4("0.0.0.0"), 0);
	CHECK_INT(v4("255.255.255.255"), 0);
	CHECK_INT(a, 0xffffffff);

	CHECK_INT(v4(""), -1);
	CHECK_INT(v4("10.1.0"), -1);
	CHECK_INT(v4("10.1.0.5."), -1);
	CHECK_INT(v4(".10.1.0.5"), -1);
	CHECK_INT(v4("10.1.0.256"), -1);
	CHECK_INT(v4("10.1.0.05"), -1);
	CHECK_INT(v4("10..0.5"), -1);
	CHECK_INT(v4("10.1.0.5 "), -1);
	CHECK_INT(v4("10.1.0.+5"), -1);
	CHECK_INT(v4("10.1.0.5.6"), -1);
	CHECK_INT(v4("1000000000000.1.0.5"), -1);
	/* explicit length: the rest of the buffer is not looked at */
	CHECK_INT(roam_ipv4_parse("10.1.0.59", 8, &a), 0);
	CHECK_INT(a, 0x0a010005);

	roam_ipv4_format(0xc0a80101, buf);
	CHECK_STR(buf, "192.168.1.1");
}

static void ipv6(void)
{
	uint8_t v6[16];
	char buf[ROAM_IPV6_STRLEN];

	CHECK_INT(roam_ipv6_parse("2001:db8::1", 11, v6), 0);
	CHECK_INT(v6[0], 0x20);
	CHECK_INT(v6[15], 1);
	roam_ipv6_format(v6, buf);
	CHECK_STR(buf, "2001:db8::1");
	CHECK_INT(roam_ipv6_parse("2001:db8::1x", 11, v6), 0);
	CHECK_INT(roam_ipv6_parse("2001:db8::g", 11, v6), -1);
	CHECK_INT(roam_ipv6_parse("", 0, v6), -1);
	CHECK_INT(roam_ipv6_parse("1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17",
				  41, v6), -1);
	CHECK_INT(roam_ipv6_parse("::1\0", 4, v6), -1);
}

static void u32(void)
{
	uint32_t v;

	CHECK_INT(roam_u32_parse("0", 1, 0, 10, &v), 0);
	CHECK_INT(roam_u32_parse("4294967295", 10, 0, 0xffffffff, &v), 0);
	CHECK_INT(v, 4294967295u);
	CHECK_INT(roam_u32_parse("4294967296", 10, 0, 0xffffffff, &v), -1);
	CHECK_INT(roam_u32_parse("99999999999", 11, 0, 0xffffffff, &v), -1);
	CHECK_INT(roam_u32_parse("11", 2, 0, 10, &v), -1);
	CHECK_INT(roam_u32_parse("0", 1, 1, 10, &v), -1);
	CHECK_INT(roam_u32_parse("07", 2, 0, 10, &v), -1);
	CHECK_INT(roam_u32_parse("", 0, 0, 10, &v), -1);
	CHECK_INT(roam_u32_parse("1a", 2, 0, 100, &v), -1);
}

static uint32_t first, last;
static char err[256];

static int range(const char *s)
{
	err[0] = '\0';
	return roam_range_parse(s, strlen(s), &first, &last, err, sizeof(err));
}

static void ranges(void)
{
	char buf[ROAM_RANGE_STRLEN];

	CHECK_INT(range("10.1.0.10-10.1.0.200"), 0);
	CHECK_INT(first, 0x0a01000a);
	CHECK_INT(last, 0x0a0100c8);
	CHECK_INT(range("10.1.0.10-10.1.0.10"), 0);
	CHECK_INT(first, last);
	CHECK_INT(range("10.0.0.0-10.15.255.255"), 0);	/* exactly 2^20 */
	roam_range_format(first, last, buf);
	CHECK_STR(buf, "10.0.0.0-10.15.255.255");

	CHECK_INT(range("10.0.0.0-10.16.0.0"), -1);
	CHECK_HAS(err, "range too large (1048577 addresses, at most 1048576)");
	CHECK_INT(range("10.1.0.10"), -1);
	CHECK_HAS(err, "expected FIRST-LAST");
	CHECK_INT(range("10.1.0.10-"), -1);
	CHECK_HAS(err, "invalid IPv4 address '' in range");
	CHECK_INT(range("-10.1.0.10"), -1);
	CHECK_INT(range("10.1.0.10-10.1.0.300"), -1);
	CHECK_HAS(err, "'10.1.0.300'");
	CHECK_INT(range("10.1.0.10--10.1.0.20"), -1);
	CHECK_INT(range("10.1.0.10-10.1.0.20-10.1.0.30"), -1);
	CHECK_INT(range("10.1.0.20-10.1.0.10"), -1);
	CHECK_HAS(err, "starts after it ends");
	CHECK_INT(range("127.0.0.1-127.0.0.9"), -1);
	CHECK_HAS(err, "cannot be given to clients");
	CHECK_INT(range("0.0.0.1-0.0.0.9"), -1);
	CHECK_INT(range("224.0.0.1-224.0.0.9"), -1);
	CHECK_INT(range("223.255.255.250-224.0.0.1"), -1);
	CHECK_INT(range("126.255.255.250-127.0.0.1"), -1);
	/* explicit length */
	CHECK_INT(roam_range_parse("10.0.0.1-10.0.0.29", 17, &first, &last,
				   err, sizeof(err)), 0);
	CHECK_INT(last, 0x0a000002);
}

void suite_addr(void)
{
	RUN(ipv4);
	RUN(ipv6);
	RUN(u32);
	RUN(ranges);
}
