// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "print.h"
#include "test.h"

static char *text;
static size_t text_len;

static FILE *mem(void)
{
	free(text);
	text = NULL;
	return open_memstream(&text, &text_len);
}

static const char *escaped(const char *s, size_t len)
{
	FILE *f = mem();

	rp_json_escape(f, s, len);
	fclose(f);
	return text;
}

static void escaping(void)
{
	CHECK_STR(escaped("plain", 5), "plain");
	CHECK_STR(escaped("a\"b\\c", 5), "a\\\"b\\\\c");
	CHECK_STR(escaped("\n\r\t\b\f", 5), "\\n\\r\\t\\b\\f");
	CHECK_STR(escaped("\x01\x1f\x7f", 3), "\\u0001\\u001f\\u007f");
	CHECK_STR(escaped("a\0b", 3), "a\\u0000b");
	/* valid UTF-8 passes through */
	CHECK_STR(escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91", 14),
		  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91");
	/* invalid: stray continuation, truncated, overlong, surrogate,
	 * beyond U+10FFFF, 0xff */
	CHECK_STR(escaped("\x80", 1), "\\ufffd");
	CHECK_STR(escaped("\xc3", 1), "\\ufffd");
	CHECK_STR(escaped("\xe2\x82", 2), "\\ufffd\\ufffd");
	CHECK_STR(escaped("\xc0\xaf", 2), "\\ufffd\\ufffd");
	CHECK_STR(escaped("\xe0\x80\xaf", 3), "\\ufffd\\ufffd\\ufffd");
	CHECK_STR(escaped("\xed\xa0\x80", 3), "\\ufffd\\ufffd\\ufffd");
	CHECK_STR(escaped("\xf4\x90\x80\x80", 4),
		  "\\ufffd\\ufffd\\ufffd\\ufffd");
	CHECK_STR(escaped("\xff" "a", 2), "\\ufffda");
}

static void document(bool json, bool pretty, bool empty)
{
	struct roam_print p;
	FILE *f = mem();

	rp_init(&p, f, json, pretty);
	rp_open_array(&p, NULL);
	if (!empty) {
		rp_open_object(&p, NULL);
		rp_str(&p, "name", "user %s", "a\"b");
		rp_u64(&p, "size", " size %llu", 18446744073709551615ull);
		rp_ipv4(&p, "address", " address %s", 0x0a010005);
		rp_bool(&p, "weak", true);
		rp_str(&p, NULL, " text-only", "");
		rp_u64(&p, "json_only", NULL, 1);
		rp_open_object(&p, "stats");
		rp_u64(&p, "rx_packets", "\n    RX %llu", 5);
		rp_close_object(&p);
		rp_close_object(&p);
		rp_text(&p, "\n");
		rp_open_object(&p, NULL);
		rp_close_object(&p);
	}
	rp_close_array(&p);
	rp_end(&p);
	fclose(f);
}

static void json_output(void)
{
	document(true, false, true);
	CHECK_STR(text, "[]\n");
	document(true, true, true);
	CHECK_STR(text, "[]\n");
	document(true, false, false);
	CHECK_STR(text, "[{\"name\":\"a\\\"b\",\"size\":18446744073709551615,"
		  "\"address\":\"10.1.0.5\",\"weak\":true,\"json_only\":1,"
		  "\"stats\":{\"rx_packets\":5}},{}]\n");
	document(true, true, false);
	CHECK_STR(text, "[\n  {\n    \"name\": \"a\\\"b\",\n"
		  "    \"size\": 18446744073709551615,\n"
		  "    \"address\": \"10.1.0.5\",\n    \"weak\": true,\n"
		  "    \"json_only\": 1,\n    \"stats\": {\n"
		  "      \"rx_packets\": 5\n    }\n  },\n  {}\n]\n");
}

static void text_output(void)
{
	document(false, false, true);
	CHECK_STR(text, "");
	document(false, true, false);
	CHECK_STR(text, "user a\"b size 18446744073709551615 address 10.1.0.5"
		  " text-only\n    RX 5\n");
	free(text);
	text = NULL;
}

void suite_print(void)
{
	RUN(escaping);
	RUN(json_output);
	RUN(text_output);
}
