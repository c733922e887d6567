// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/mppe.c, compiled unchanged (see kshim.h), against known answers:
 * RFC 3079's initial session keys, roamd's own GetNewKeyFromSHA, OpenSSL's
 * RC4 and SHA-1 for a first packet computed independently, and round trips
 * through the key changes of both modes, losses and resynchronisation.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/rc4.h>
#include <openssl/sha.h>
#include <stdlib.h>

#include "util.h"

#include "../../kmod/mppe.h"
#include "ppp/mppe_keys.h"
#include "test.h"

/* Helpers */

static unsigned int nibble(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static void hex(const char *s, u8 *out)
{
	for (; s[0] && s[1]; s += 2)
		*out++ = nibble(s[0]) << 4 | nibble(s[1]);
}

static const char *start40 = "8B7CDC149B993A1B";
static const char *start128 = "8B7CDC149B993A1BA118CB153F56DCCB";

/* RFC 3079 3.5.1-3.5.3: SendSessionKey40/56/128 from the start key. */
static void test_rfc3079_session_keys(void)
{
	struct { unsigned int bits; const char *start, *session; } v[] = {
		{ 40, "8B7CDC149B993A1B", "D1269EC49FA62E3E" },
		{ 56, "8B7CDC149B993A1B", "D15C00C49FA62E3E" },
		{ 128, "8B7CDC149B993A1BA118CB153F56DCCB",
		  "405CB2247A7956E6E211007AE27B22D4" },
	};
	struct roam_mppe m;
	u8 key[16], want[16];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		hex(v[i].start, key);
		hex(v[i].session, want);
		CHECK_INT(roam_mppe_init(&m, v[i].bits, false, key,
					 roam_mppe_keylen(v[i].bits)), 0);
		CHECK(!memcmp(m.session_key, want, m.keylen));
		roam_mppe_wipe(&m);
		CHECK(m.keylen == 0 && m.session_key[0] == 0);
	}
}

static void test_bad_keys(void)
{
	struct roam_mppe m;
	u8 key[16] = { 1 };

	CHECK_INT(roam_mppe_init(&m, 64, false, key, 16), -EINVAL);
	CHECK_INT(roam_mppe_init(&m, 128, false, key, 8), -EINVAL);
	CHECK_INT(roam_mppe_init(&m, 0, false, key, 16), -EINVAL);
	/* a 16-byte start key serves 40 bits: its first 8 bytes */
	CHECK_INT(roam_mppe_init(&m, 40, false, key, 16), 0);
	CHECK_INT(m.keylen, 8);
}

/* GetNewKeyFromSHA against roamd's independent implementation. */
static void test_new_key_matches_roamd(void)
{
	u8 start[16], cur[16], a[16], b[16];
	unsigned int i, n, len;

	srand(7);
	for (n = 0; n < 50; n++) {
		len = n % 2 ? 16 : 8;
		for (i = 0; i < 16; i++) {
			start[i] = rand();
			cur[i] = rand();
		}
		roam_mppe_get_new_key(start, cur, len, a);
		CHECK_INT(mppe_new_key_from_sha(start, cur, len, b), 0);
		CHECK(!memcmp(a, b, len));
	}
}

/* The shim's RC4 is the cipher: a published vector and OpenSSL agree. */
static void test_rc4_shim(void)
{
	struct arc4_ctx c;
	u8 out[9], want[9], buf[300], ref[300];
	RC4_KEY k;
	unsigned int i;

	arc4_setkey(&c, (const u8 *)"Key", 3);
	arc4_crypt(&c, out, (const u8 *)"Plaintext", 9);
	hex("BBF316E8D940AF0AD3", want);
	CHECK(!memcmp(out, want, 9));

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = i * 7;
	RC4_set_key(&k, 16, (const u8 *)"0123456789abcdef");
	RC4(&k, sizeof(buf), buf, ref);
	arc4_setkey(&c, (const u8 *)"0123456789abcdef", 16);
	arc4_crypt(&c, buf, buf, 100);
	arc4_crypt(&c, buf + 100, buf + 100, 200);
	CHECK(!memcmp(buf, ref, sizeof(buf)));
}

/*
 * The first stateless 128-bit packet, computed with OpenSSL alone: key
 * change of the initial session key, then RC4 of the payload.
 */
static void test_first_packet_independent(void)
{
	u8 start[16], session[16], interim[16], key[16], msg[64], ref[64];
	u8 in[112], digest[20], hdr[2];
	struct roam_mppe m;
	RC4_KEY k;

	hex(start128, start);
	hex("405CB2247A7956E6E211007AE27B22D4", session);
	memcpy(in, start, 16);
	memset(in + 16, 0, 40);
	memcpy(in + 56, session, 16);
	memset(in + 72, 0xf2, 40);
	SHA1(in, sizeof(in), digest);
	memcpy(interim, digest, 16);
	RC4_set_key(&k, 16, interim);
	RC4(&k, 16, interim, key);
	memcpy(msg, "\x00\x21" "test message, first of the session", 37);
	RC4_set_key(&k, 16, key);
	RC4(&k, 37, msg, ref);

	CHECK_INT(roam_mppe_init(&m, 128, true, start, 16), 0);
	roam_mppe_encrypt(&m, hdr, msg, 37);
	CHECK_INT(hdr[0], ROAM_MPPE_FLUSHED | ROAM_MPPE_ENCRYPTED);
	CHECK_INT(hdr[1], 0);
	CHECK(!memcmp(msg, ref, 37));
}

/* Encrypt n packets with one context and decrypt with another. */
static void round_trip(unsigned int bits, bool stateless, unsigned int n)
{
	struct roam_mppe tx, rx;
	u8 key[16], hdr[2], buf[40], plain[40];
	unsigned int i, j, bad = 0, flushed = 0;

	hex(start128, key);
	CHECK_INT(roam_mppe_init(&tx, bits, stateless, key, 16), 0);
	CHECK_INT(roam_mppe_init(&rx, bits, stateless, key, 16), 0);
	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof(buf); j++)
			plain[j] = buf[j] = i + j;
		roam_mppe_encrypt(&tx, hdr, buf, sizeof(buf));
		flushed += !!(hdr[0] & ROAM_MPPE_FLUSHED);
		if (memcmp(buf, plain, sizeof(buf)) == 0)
			bad++;
		if (roam_mppe_decrypt(&rx, hdr, buf, sizeof(buf)) !=
		    ROAM_MPPE_OK || memcmp(buf, plain, sizeof(buf)))
			bad++;
	}
	CHECK_INT(bad, 0);
	/* stateful: the flag packets 0x0ff, 0x1ff, ... only */
	CHECK_INT(flushed, stateless ? n : n / 256);
}

static void test_round_trips(void)
{
	round_trip(128, true, 300);
	round_trip(128, false, 600);
	round_trip(40, false, 520);
	round_trip(56, true, 50);
}

/* Stateless: lost packets are skipped over, late ones refused. */
static void test_stateless_loss(void)
{
	struct roam_mppe tx, rx;
	u8 key[16], hdr[2], old[2], buf[8];
	unsigned int i;

	hex(start40, key);
	roam_mppe_init(&tx, 40, true, key, 8);
	roam_mppe_init(&rx, 40, true, key, 8);
	for (i = 0; i < 5; i++) {
		memcpy(buf, "\x00\x21lost!", 8);
		roam_mppe_encrypt(&tx, hdr, buf, 8);
		if (i == 1)
			memcpy(old, hdr, 2);
	}
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, 8), ROAM_MPPE_OK);
	CHECK(!memcmp(buf, "\x00\x21lost!", 8));
	CHECK_INT(roam_mppe_decrypt(&rx, old, buf, 8), ROAM_MPPE_BAD);
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, 8), ROAM_MPPE_BAD);
	hdr[0] &= ~ROAM_MPPE_FLUSHED;
	hdr[1]++;
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, 8), ROAM_MPPE_BAD);
}

/*
 * An IPv4 packet in a PPP frame (protocol field 00 21), 36 bytes: a
 * valid header (checksum included) and 14 bytes of payload marked @tag.
 */
#define IP_FRAME_LEN	36
static void ip_frame(u8 *f, u8 tag)
{
	u32 sum = 0;
	unsigned int i;

	memset(f, 0, IP_FRAME_LEN);
	f[1] = 0x21;
	f[2] = 0x45;
	f[5] = IP_FRAME_LEN - 2;		/* total length */
	f[10] = 64;				/* TTL */
	f[11] = 1;				/* ICMP */
	memcpy(f + 14, "\x0a\x0a\x00\x0a\xc0\xa8\x32\x02", 8);
	for (i = 2; i < 22; i += 2)
		sum += (f[i] << 8) | f[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	f[12] = ~sum >> 8;
	f[13] = ~sum & 0xff;
	memset(f + 22, tag, IP_FRAME_LEN - 22);
}

/* Encrypt an IPv4 frame marked @tag; its header in @hdr. */
static void send_ip(struct roam_mppe *tx, u8 *hdr, u8 *buf, u8 tag)
{
	ip_frame(buf, tag);
	roam_mppe_encrypt(tx, hdr, buf, IP_FRAME_LEN);
}

/* Decrypt and compare with the frame marked @tag. */
static bool got_ip(struct roam_mppe *rx, u8 *hdr, u8 *buf, u8 tag)
{
	u8 want[IP_FRAME_LEN];

	ip_frame(want, tag);
	return roam_mppe_decrypt(rx, hdr, buf, IP_FRAME_LEN) ==
	       ROAM_MPPE_OK && !memcmp(buf, want, IP_FRAME_LEN);
}

/*
 * Stateful: a lost packet puts the receiver out of sync until the sender,
 * asked by a CCP Reset-Request, flushes its next packet.
 */
static void test_stateful_resync(void)
{
	struct roam_mppe tx, rx;
	u8 key[16], hdr[2], buf[IP_FRAME_LEN];
	unsigned int i;

	hex(start128, key);
	roam_mppe_init(&tx, 128, false, key, 16);
	roam_mppe_init(&rx, 128, false, key, 16);
	for (i = 0; i < 3; i++) {
		send_ip(&tx, hdr, buf, i);
		if (i == 0)
			CHECK(got_ip(&rx, hdr, buf, i));
		else if (i == 2)
			CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, IP_FRAME_LEN),
				  ROAM_MPPE_LOST);
	}
	send_ip(&tx, hdr, buf, 3);
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, IP_FRAME_LEN),
		  ROAM_MPPE_DISCARD);
	tx.flush_next = true;		/* the Reset-Request arrived */
	send_ip(&tx, hdr, buf, 4);
	CHECK(hdr[0] & ROAM_MPPE_FLUSHED);
	CHECK(got_ip(&rx, hdr, buf, 4));
	/* back in step */
	send_ip(&tx, hdr, buf, 5);
	CHECK(got_ip(&rx, hdr, buf, 5));
	/* a flag packet without the flushed bit, and no D bit: refused */
	hdr[0] = ROAM_MPPE_ENCRYPTED;
	hdr[1] = 0xff;
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, 8), ROAM_MPPE_BAD);
	hdr[0] = ROAM_MPPE_FLUSHED;
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, 8), ROAM_MPPE_BAD);
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, 0), ROAM_MPPE_BAD);
}

/*
 * Stateful, the flushed packets of the first @lost_flushes resets lost as
 * well (Linux's sender changes its key on each): the next flushed packet
 * still resynchronises, across a flag packet too, and the stream goes on.
 */
static void stateful_lost_flushes(unsigned int lost_flushes, unsigned int gap)
{
	struct roam_mppe tx, rx;
	u8 key[16], hdr[2], buf[IP_FRAME_LEN];
	unsigned int i;

	hex(start128, key);
	roam_mppe_init(&tx, 128, false, key, 16);
	roam_mppe_init(&rx, 128, false, key, 16);
	send_ip(&tx, hdr, buf, 1);
	CHECK(got_ip(&rx, hdr, buf, 1));
	send_ip(&tx, hdr, buf, 2);			/* lost */
	send_ip(&tx, hdr, buf, 3);
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, IP_FRAME_LEN),
		  ROAM_MPPE_LOST);
	for (i = 0; i < lost_flushes; i++) {
		tx.flush_next = true;
		send_ip(&tx, hdr, buf, 4);		/* flushed, lost */
		CHECK(hdr[0] & ROAM_MPPE_FLUSHED);
	}
	for (i = 0; i < gap; i++)			/* lost or discarded */
		send_ip(&tx, hdr, buf, 5);
	tx.flush_next = true;
	send_ip(&tx, hdr, buf, 6);
	CHECK(got_ip(&rx, hdr, buf, 6));
	for (i = 0; i < 300; i++) {
		send_ip(&tx, hdr, buf, i);
		if (!got_ip(&rx, hdr, buf, i))
			break;
	}
	CHECK_INT(i, 300);
}

static void test_stateful_lost_flushes(void)
{
	stateful_lost_flushes(1, 0);
	stateful_lost_flushes(3, 10);
	stateful_lost_flushes(2, 300);		/* a flag packet missed too */
	stateful_lost_flushes(16, 1);
}

/*
 * Too many flushes lost to try: the packet is discarded and the state
 * left alone, so that nothing is taken for a resynchronisation.
 */
static void test_stateful_lost_too_many(void)
{
	struct roam_mppe tx, rx;
	u8 key[16], hdr[2], buf[IP_FRAME_LEN];
	unsigned int i;

	hex(start128, key);
	roam_mppe_init(&tx, 128, false, key, 16);
	roam_mppe_init(&rx, 128, false, key, 16);
	send_ip(&tx, hdr, buf, 1);			/* lost */
	send_ip(&tx, hdr, buf, 2);
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, IP_FRAME_LEN),
		  ROAM_MPPE_LOST);
	for (i = 0; i < 17; i++) {
		tx.flush_next = true;
		send_ip(&tx, hdr, buf, 3);
	}
	tx.flush_next = true;
	send_ip(&tx, hdr, buf, 4);
	CHECK_INT(roam_mppe_decrypt(&rx, hdr, buf, IP_FRAME_LEN),
		  ROAM_MPPE_DISCARD);
}

/* The plaintext check: IPv4 and IPv6 headers, truncated and malformed. */
static void test_plausible(void)
{
	u8 f[IP_FRAME_LEN], v6[48];

	ip_frame(f, 7);
	CHECK(roam_mppe_plausible(f, sizeof(f), sizeof(f)));
	CHECK(roam_mppe_plausible(f + 1, sizeof(f) - 1, sizeof(f) - 1));
	CHECK(!roam_mppe_plausible(f, 21, sizeof(f)));	/* header cut */
	CHECK(!roam_mppe_plausible(f, 0, 0));
	CHECK(!roam_mppe_plausible(f, 1, 1));
	CHECK(!roam_mppe_plausible(f, sizeof(f), sizeof(f) - 1));
	f[12] ^= 1;					/* checksum */
	CHECK(!roam_mppe_plausible(f, sizeof(f), sizeof(f)));
	f[12] ^= 1;
	f[2] = 0x44;					/* IHL 4 */
	CHECK(!roam_mppe_plausible(f, sizeof(f), sizeof(f)));
	f[2] = 0x4f;					/* IHL 15: 60 bytes */
	CHECK(!roam_mppe_plausible(f, sizeof(f), sizeof(f)));
	f[1] = 0x23;					/* not IP */
	CHECK(!roam_mppe_plausible(f, sizeof(f), sizeof(f)));
	memset(v6, 0, sizeof(v6));
	v6[1] = 0x57;
	v6[2] = 0x60;
	v6[7] = 6;					/* payload length */
	CHECK(roam_mppe_plausible(v6, sizeof(v6), sizeof(v6)));
	v6[7] = 7;
	CHECK(!roam_mppe_plausible(v6, sizeof(v6), sizeof(v6)));
	CHECK(!roam_mppe_plausible(v6, 30, 30));
}

void suite_mppe_kernel(void)
{
	RUN(test_rfc3079_session_keys);
	RUN(test_bad_keys);
	RUN(test_new_key_matches_roamd);
	RUN(test_rc4_shim);
	RUN(test_first_packet_independent);
	RUN(test_round_trips);
	RUN(test_stateless_loss);
	RUN(test_stateful_resync);
	RUN(test_stateful_lost_flushes);
	RUN(test_stateful_lost_too_many);
	RUN(test_plausible);
}
