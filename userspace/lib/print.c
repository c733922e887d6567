// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "addr.h"
#include "print.h"

/*
 * The output goes out through stdio's unlocked calls, or, while a listing
 * is buffered (rp_buffer()), into the printer's own buffer, written in
 * one call each time it fills: a listing of 100k sessions makes some
 * thirty small writes per session, and stdio's locking, its byte-by-byte
 * copies of short strings and fprintf's format parsing for a plain
 * number cost more than the kernel's whole dump of them.  A roam_print
 * belongs to one thread.
 */
static void buf_flush(struct roam_print *p)
{
	if (p->len)
		fwrite_unlocked(p->buf, 1, p->len, p->f);
	p->len = 0;
}

/*
 * A gathered listing of 100k sessions is some 25 MB: mapped on its own,
 * from this size on, with transparent huge pages asked for, so that the
 * kernel faults it in 2 MiB at a time rather than 4 KiB (some 6,000
 * page faults, each an exception, dear in an emulated machine).
 */
#define RP_MAP_SIZE	(4u << 20)

static char *map_grow(struct roam_print *p, size_t cap)
{
	char *buf;

	if (p->mapped) {
		buf = mremap(p->buf, p->cap, cap, MREMAP_MAYMOVE);
		return buf == MAP_FAILED ? NULL : buf;
	}
	buf = mmap(NULL, cap, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return NULL;
	/* a hint: without THP the pages come 4 KiB at a time as before */
	madvise(buf, cap, MADV_HUGEPAGE);
	memcpy(buf, p->buf, p->len);
	free(p->buf);
	p->mapped = true;
	return buf;
}

/*
 * Gathering (rp_gather()): room for want more bytes, the buffer doubled
 * until they fit.  Without memory the output is lost and the printer
 * says so (rp_lost()); what follows is dropped, not written.
 */
static bool buf_grow(struct roam_print *p, size_t want)
{
	size_t cap = p->cap;
	char *buf;

	if (p->lost)
		return false;
	while (cap - p->len < want)
		cap *= 2;
	if (cap < RP_MAP_SIZE && !p->mapped)
		buf = realloc(p->buf, cap);
	else
		buf = map_grow(p, cap < RP_MAP_SIZE ? RP_MAP_SIZE : cap);
	if (!buf) {
		p->lost = true;
		return false;
	}
	if (cap < RP_MAP_SIZE && p->mapped)
		cap = RP_MAP_SIZE;
	p->buf = buf;
	p->cap = cap;
	return true;
}

static void buf_free(struct roam_print *p)
{
	if (p->mapped)
		munmap(p->buf, p->cap);
	else
		free(p->buf);
	p->mapped = false;
}

/* Room for want more bytes: the buffer written out, or grown. */
static bool buf_room(struct roam_print *p, size_t want)
{
	if (p->gather)
		return buf_grow(p, want);
	buf_flush(p);
	return want <= p->cap;
}

static void put_mem(struct roam_print *p, const void *s, size_t len)
{
	if (!p->buf) {
		fwrite_unlocked(s, 1, len, p->f);
		return;
	}
	if (p->len + len > p->cap && !buf_room(p, len)) {
		if (!p->gather)
			fwrite_unlocked(s, 1, len, p->f);
		return;
	}
	memcpy(p->buf + p->len, s, len);
	p->len += len;
}

static inline void put_ch(struct roam_print *p, char c)
{
	if (p->buf && p->len < p->cap)
		p->buf[p->len++] = c;
	else
		put_mem(p, &c, 1);
}

/* A number in decimal, as "%" PRIu64 prints it. */
static void put_u64(struct roam_print *p, uint64_t v)
{
	char buf[20];
	size_t i = sizeof(buf), n;

	/* two digits a 64-bit division: half the steps of one at a time */
	while (v >= 100) {
		unsigned int r = v % 100;

		v /= 100;
		buf[--i] = '0' + r % 10;
		buf[--i] = '0' + r / 10;
	}
	if (v >= 10)
		buf[--i] = '0' + v % 10;
	buf[--i] = '0' + (v >= 10 ? v / 10 : v);
	n = sizeof(buf) - i;
	/* a byte loop: the digits are few, and a call to memcpy() dearer */
	if (p->buf && p->len + n <= p->cap) {
		while (i < sizeof(buf))
			p->buf[p->len++] = buf[i++];
		return;
	}
	put_mem(p, buf + i, n);
}

/* The text formats (the caller's). */
static void put_vfmt(struct roam_print *p, const char *fmt, va_list ap)
{
	size_t room;
	va_list aq;
	int n;

	if (!p->buf) {
		vfprintf(p->f, fmt, ap);
		return;
	}
	if (p->cap - p->len < 256 && !buf_room(p, 256)) {
		if (!p->gather)
			vfprintf(p->f, fmt, ap);
		return;
	}
	room = p->cap - p->len;
	va_copy(aq, ap);
	n = vsnprintf(p->buf + p->len, room, fmt, aq);
	va_end(aq);
	if (n >= 0 && (size_t)n < room) {
		p->len += n;
		return;
	}
	/* too long for the room left: what is buffered first, then it */
	if (p->gather) {
		/* gathered, nothing goes to the file: grown, or lost */
		if (n < 0) {
			p->lost = true;
		} else if (buf_grow(p, (size_t)n + 1)) {
			vsnprintf(p->buf + p->len, n + 1, fmt, ap);
			p->len += n;
		}
		return;
	}
	buf_flush(p);
	vfprintf(p->f, fmt, ap);
}

static void put_fmt(struct roam_print *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_vfmt(p, fmt, ap);
	va_end(ap);
}

/*
 * A text format with one conversion, conv ("%s" or "%llu"), and no other
 * '%': the text before it is fmt's first *before bytes, the text after
 * it *after.  Most of the callers' formats are such (" dev %s",
 * "\n    RX: packets %llu"): written piece by piece they cost a few
 * copies, where vsnprintf() parsed the format for each value of each
 * row (a text listing took three times its JSON's time).
 */
static bool one_conv(const char *fmt, const char *conv, size_t *before,
		     const char **after)
{
	const char *c = strchr(fmt, '%');
	size_t n = strlen(conv);

	if (!c || strncmp(c, conv, n) || strchr(c + n, '%'))
		return false;
	*before = c - fmt;
	*after = c + n;
	return true;
}

static void put_text_str(struct roam_print *p, const char *fmt,
			 const char *val)
{
	const char *after;
	size_t before;

	/* NULL: printf's own "(null)" */
	if (!val || !one_conv(fmt, "%s", &before, &after)) {
		put_fmt(p, fmt, val);
		return;
	}
	put_mem(p, fmt, before);
	put_mem(p, val, strlen(val));
	put_mem(p, after, strlen(after));
}

static void put_text_u64(struct roam_print *p, const char *fmt, uint64_t val)
{
	const char *after;
	size_t before;

	if (!one_conv(fmt, "%llu", &before, &after)) {
		/* formats are written for unsigned long long */
		put_fmt(p, fmt, (unsigned long long)val);
		return;
	}
	put_mem(p, fmt, before);
	put_u64(p, val);
	put_mem(p, after, strlen(after));
}

void rp_buffer(struct roam_print *p)
{
	if (p->buf)
		return;
	p->buf = malloc(RP_BUF_SIZE);
	p->cap = p->buf ? RP_BUF_SIZE : 0;
	p->len = 0;
}

void rp_unbuffer(struct roam_print *p)
{
	if (!p->buf || p->gather)
		return;
	buf_flush(p);
	buf_free(p);
	p->buf = NULL;
	p->cap = 0;
}

bool rp_gather(struct roam_print *p)
{
	if (!p->buf)
		rp_buffer(p);
	if (!p->buf)
		return false;
	/* what was buffered before goes out first: it is not the listing's */
	if (!p->gather)
		buf_flush(p);
	p->gather = true;
	return true;
}

void rp_gather_discard(struct roam_print *p)
{
	bool json = p->json, pretty = p->pretty, mapped = p->mapped;
	size_t cap = p->cap;
	char *buf = p->buf;
	FILE *f = p->f;

	rp_init(p, f, json, pretty);
	p->pretty = pretty;
	p->buf = buf;
	p->cap = cap;
	p->mapped = mapped;
	p->gather = buf != NULL;
}

void rp_gather_drop(struct roam_print *p)
{
	if (!p->gather)
		return;
	p->gather = false;
	p->lost = false;
	p->len = 0;
	rp_unbuffer(p);
}

bool rp_lost(const struct roam_print *p)
{
	return p->lost;
}

void rp_gather_write(struct roam_print *p)
{
	if (!p->gather)
		return;
	p->gather = false;
	if (!p->lost)
		buf_flush(p);
	p->len = 0;
	rp_unbuffer(p);
}

void rp_init(struct roam_print *p, FILE *f, bool json, bool pretty)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->json = json;
	p->pretty = json && pretty;
	p->depth = 0;
	p->empty[0] = true;
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/* The bytes a JSON string holds as they are: printable ASCII but " and \ */
static const bool plain[256] = {
	[0x20 ... '"' - 1] = true,
	['"' + 1 ... '\\' - 1] = true,
	['\\' + 1 ... 0x7e] = true,
};

static void escape(struct roam_print *p, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;

		/*
		 * A run of plain ASCII in one write: keys and values are
		 * mostly that, and a write per byte made listings of 100k
		 * sessions slower than the kernel's dump of them.
		 */
		for (n = 0; i + n < len && plain[s[i + n]]; n++)
			;
		if (n) {
			put_mem(p, s + i, n);
			i += n;
			continue;
		}
		switch (c) {
		case '"':
			put_mem(p, "\\\"", 2);
			break;
		case '\\':
			put_mem(p, "\\\\", 2);
			break;
		case '\n':
			put_mem(p, "\\n", 2);
			break;
		case '\r':
			put_mem(p, "\\r", 2);
			break;
		case '\t':
			put_mem(p, "\\t", 2);
			break;
		case '\b':
			put_mem(p, "\\b", 2);
			break;
		case '\f':
			put_mem(p, "\\f", 2);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				put_fmt(p, "\\u%04x", c);
				break;
			}
			n = utf8_seq(s + i, len - i);
			if (!n) {
				put_mem(p, "\\ufffd", 6);
				break;
			}
			put_mem(p, s + i, n);
			i += n;
			continue;
		}
		i++;
	}
}

/*
 * The NUL-terminated s as the body of a JSON string.  Keys and values are
 * short and nearly always plain: while the printer buffers, their plain
 * bytes are copied in one pass that also finds their end (no strlen(),
 * no memcpy(): at some twenty strings a row, those calls were much of a
 * listing's cost, and more so in an emulated machine); the rest, if any,
 * goes through escape().
 */
static void put_json_str(struct roam_print *p, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (p->buf) {
		char *d = p->buf + p->len, *end = p->buf + p->cap;

		/* NUL is not plain: the copy stops at the end of s */
		while (d < end && plain[*u])
			*d++ = (char)*u++;
		p->len = d - p->buf;
		if (!*u)
			return;
	}
	escape(p, (const char *)u, strlen((const char *)u));
}

void rp_json_escape(FILE *f, const char *s, size_t len)
{
	struct roam_print p = { .f = f };

	escape(&p, s, len);
}

static void indent(struct roam_print *p)
{
	int i;

	if (!p->pretty)
		return;
	put_ch(p, '\n');
	for (i = 0; i < p->depth; i++)
		put_mem(p, "  ", 2);
}

/*
 * Compact JSON into the buffer, a member with a key: the separator, the
 * key and its quotes and colon in one pass with one check of the room.
 * Keys are nearly always plain; the copy stops at the first byte that is
 * not, and what is left of the key goes the slow way.  A row has some
 * twenty members: json_member() and put_json_str() had 18% of the
 * listing's samples in the emulated machine, a check of the room per
 * byte of the separator, quotes and colon part of that.
 */
static void json_key_fast(struct roam_print *p, const char *key, bool sep)
{
	const unsigned char *k = (const unsigned char *)key;
	/* room kept for the closing quote and the colon */
	char *d = p->buf + p->len, *end = p->buf + p->cap - 2;

	if (sep)
		*d++ = ',';
	*d++ = '"';
	while (d < end && plain[*k])
		*d++ = (char)*k++;
	if (!*k) {
		*d++ = '"';
		*d++ = ':';
		p->len = d - p->buf;
		return;
	}
	p->len = d - p->buf;
	escape(p, (const char *)k, strlen((const char *)k));
	put_ch(p, '"');
	put_ch(p, ':');
}

/* Separator, indentation and key before a JSON member or element. */
static void json_member(struct roam_print *p, const char *key)
{
	bool sep = !p->empty[p->depth];

	p->empty[p->depth] = false;
	/* 4: the separator and the opening quote, with room for the rest */
	if (key && p->buf && !p->pretty && p->cap - p->len >= 4) {
		json_key_fast(p, key, sep);
		return;
	}
	if (sep)
		put_ch(p, ',');
	if (p->depth > 0)
		indent(p);
	if (key) {
		put_ch(p, '"');
		put_json_str(p, key);
		put_ch(p, '"');
		put_ch(p, ':');
		if (p->pretty)
			put_ch(p, ' ');
	}
}

static void open_container(struct roam_print *p, const char *key, char ch)
{
	if (!p->json)
		return;
	json_member(p, key);
	put_ch(p, ch);
	if (p->depth + 1 < RP_MAX_DEPTH)
		p->depth++;
	p->empty[p->depth] = true;
}

static void close_container(struct roam_print *p, char ch)
{
	bool was_empty;

	if (!p->json)
		return;
	was_empty = p->empty[p->depth];
	if (p->depth > 0)
		p->depth--;
	if (!was_empty)
		indent(p);
	put_ch(p, ch);
}

void rp_open_array(struct roam_print *p, const char *key)
{
	open_container(p, key, '[');
}

void rp_close_array(struct roam_print *p)
{
	close_container(p, ']');
}

void rp_open_object(struct roam_print *p, const char *key)
{
	open_container(p, key, '{');
}

void rp_close_object(struct roam_print *p)
{
	close_container(p, '}');
}

void rp_str(struct roam_print *p, const char *key, const char *fmt,
	    const char *val)
{
	if (p->json) {
		if (!key)
			return;
		json_member(p, key);
		put_ch(p, '"');
		put_json_str(p, val);
		put_ch(p, '"');
	} else if (fmt) {
		put_text_str(p, fmt, val);
	}
}

void rp_elem_str(struct roam_print *p, const char *fmt, const char *val)
{
	if (p->json) {
		json_member(p, NULL);
		put_ch(p, '"');
		put_json_str(p, val);
		put_ch(p, '"');
	} else if (fmt) {
		put_fmt(p, fmt, val);
	}
}

void rp_u64(struct roam_print *p, const char *key, const char *fmt,
	    uint64_t val)
{
	if (p->json) {
		if (!key)
			return;
		json_member(p, key);
		put_u64(p, val);
	} else if (fmt) {
		put_text_u64(p, fmt, val);
	}
}

void rp_elem_u64(struct roam_print *p, const char *fmt, uint64_t val)
{
	if (!p->json) {
		if (fmt)
			put_fmt(p, fmt, (unsigned long long)val);
		return;
	}
	json_member(p, NULL);
	put_u64(p, val);
}

void rp_ipv4(struct roam_print *p, const char *key, const char *fmt,
	     uint32_t addr)
{
	char buf[ROAM_IPV4_STRLEN];

	roam_ipv4_format(addr, buf);
	rp_str(p, key, fmt, buf);
}

void rp_bool(struct roam_print *p, const char *key, bool val)
{
	if (!p->json)
		return;
	json_member(p, key);
	put_json_str(p, val ? "true" : "false");
}

void rp_text(struct roam_print *p, const char *fmt, ...)
{
	va_list ap;

	if (p->json)
		return;
	/* plain text ("\n" after each row of a listing): no format to read */
	if (!strchr(fmt, '%')) {
		put_mem(p, fmt, strlen(fmt));
		return;
	}
	va_start(ap, fmt);
	put_vfmt(p, fmt, ap);
	va_end(ap);
}

void rp_end(struct roam_print *p)
{
	if (p->json)
		put_ch(p, '\n');
	rp_gather_write(p);
	rp_unbuffer(p);
	fflush(p->f);
}

void rp_traffic(struct roam_print *p, uint64_t rx_packets, uint64_t rx_bytes,
		uint64_t rx_dropped, uint64_t tx_packets, uint64_t tx_bytes,
		uint64_t tx_dropped)
{
	rp_u64(p, "rx_packets", "\n    RX: packets %llu", rx_packets);
	rp_u64(p, "rx_bytes", " bytes %llu", rx_bytes);
	rp_u64(p, "rx_dropped", " dropped %llu", rx_dropped);
	rp_u64(p, "tx_packets", "\n    TX: packets %llu", tx_packets);
	rp_u64(p, "tx_bytes", " bytes %llu", tx_bytes);
	rp_u64(p, "tx_dropped", " dropped %llu", tx_dropped);
}
