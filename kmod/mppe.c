// SPDX-License-Identifier: GPL-2.0
/*
 * roam - MPPE (RFC 3078 and RFC 3079), weak cryptography kept for the
 * legacy PPTP client. See mppe.h for the contract; no state but the
 * caller's struct roam_mppe, which the caller locks.
 *
 * Key schedule, as Windows and Linux's ppp_mppe interoperate:
 * - initial session key: GetNewKeyFromSHA(start, start), salted for 40
 *   and 56 bits (RFC 3079 section 3.1: D1 26 9E / D1 in front);
 * - a key change: interim = GetNewKeyFromSHA(start, current), then
 *   key = RC4(interim, interim), salted again;
 * - stateless: a key change before every packet; stateful: before every
 *   flag packet (coherency count's low byte 0xff) and every flushed one;
 * - the first packet has coherency count 0.
 *
 * Stateful resynchronisation, and why it tries more than one key: Linux's
 * ppp_mppe (the client we meet) changes the key on every flushed packet,
 * not only on flag packets, and flushes once for each CCP Reset-Request
 * it acknowledges. When a flushed packet is lost as well, its key change
 * is invisible to the receiver: RFC 3078's count (one change per flag
 * packet missed, then one for the flushed packet) falls short, every
 * later packet decrypts to garbage with a coherency count in step, and
 * nothing asks for a reset again (Linux's own decompressor stays lost
 * that way). So a flushed packet that ends the discard state is tried
 * with 0, 1, ... ROAM_MPPE_RESYNC_MAX extra key changes, one for each
 * flushed packet that may have been lost (each Reset-Request we sent can
 * have caused one), and the first whose plaintext starts with a valid
 * IPv4 or IPv6 header is taken; none, and the state is left as it was
 * and the discard state goes on. The session carries IPv4 and IPv6 only,
 * so a packet that is neither cannot end a resynchronisation.
 */

#include "mppe.h"

#define ROAM_MPPE_PAD_LEN	40
#define ROAM_MPPE_CCOUNT_SPACE	(ROAM_MPPE_CCOUNT_MASK + 1)
/* Extra key changes tried on a resynchronising packet (lost flushes). */
#define ROAM_MPPE_RESYNC_MAX	16
/* What is decrypted to judge a try: protocol field and an IPv4 header. */
#define ROAM_MPPE_PEEK_LEN	64

unsigned int roam_mppe_keylen(unsigned int bits)
{
	switch (bits) {
	case 40:
	case 56:
		return 8;
	case 128:
		return 16;
	default:
		return 0;
	}
}

/*
 * SHA-1 of the four parts of GetNewKeyFromSHA (RFC 3078 section 7.3):
 * start key, 40 zero bytes, current key, 40 bytes of 0xf2. At most
 * 2 * 16 + 80 = 112 bytes, which fits two SHA-1 blocks with the padding,
 * so the message is laid out and padded by hand around the kernel's
 * sha1_transform() (the 6.1 library offers no one-shot digest).
 */
void roam_mppe_get_new_key(const u8 *start_key, const u8 *session_key,
			   unsigned int keylen, u8 *out)
{
	u8 block[2 * SHA1_BLOCK_SIZE];
	u32 digest[SHA1_DIGEST_WORDS];
	u32 ws[SHA1_WORKSPACE_WORDS];
	unsigned int len = 0, i;
	u64 bits;

	memset(block, 0, sizeof(block));
	memcpy(block, start_key, keylen);
	len = keylen + ROAM_MPPE_PAD_LEN;
	memcpy(block + len, session_key, keylen);
	len += keylen;
	memset(block + len, 0xf2, ROAM_MPPE_PAD_LEN);
	len += ROAM_MPPE_PAD_LEN;
	block[len] = 0x80;
	bits = (u64)len * 8;
	for (i = 0; i < 8; i++)
		block[sizeof(block) - 1 - i] = (u8)(bits >> (8 * i));

	sha1_init(digest);
	sha1_transform(digest, (const char *)block, ws);
	sha1_transform(digest, (const char *)block + SHA1_BLOCK_SIZE, ws);
	for (i = 0; i < keylen; i++)
		out[i] = (u8)(digest[i / 4] >> (24 - 8 * (i % 4)));

	memzero_explicit(block, sizeof(block));
	memzero_explicit(digest, sizeof(digest));
	memzero_explicit(ws, sizeof(ws));
}

/* RFC 3079 section 3.1 / 3.2: the fixed high bytes of the weak keys. */
static void roam_mppe_salt(struct roam_mppe *m)
{
	if (m->bits == 40) {
		m->session_key[0] = 0xd1;
		m->session_key[1] = 0x26;
		m->session_key[2] = 0x9e;
	} else if (m->bits == 56) {
		m->session_key[0] = 0xd1;
	}
}

static void roam_mppe_change_key(struct roam_mppe *m)
{
	u8 interim[ROAM_MPPE_KEY_MAX];

	roam_mppe_get_new_key(m->start_key, m->session_key, m->keylen,
			      interim);
	arc4_setkey(&m->rc4, interim, m->keylen);
	arc4_crypt(&m->rc4, m->session_key, interim, m->keylen);
	roam_mppe_salt(m);
	arc4_setkey(&m->rc4, m->session_key, m->keylen);
	memzero_explicit(interim, sizeof(interim));
}

/**
 * roam_mppe_init - key one direction
 * @m: the context, overwritten (call roam_mppe_wipe() on the old one)
 * @bits: 40, 56 or 128
 * @stateless: stateless mode
 * @key: the start key; at least roam_mppe_keylen(@bits) bytes, of which
 *	that many are used (a 16-byte key serves 40/56 bits: RFC 3079 takes
 *	the same first 8 bytes)
 * @keylen: bytes at @key
 *
 * Returns 0, or -EINVAL for an unknown strength or a short key.
 */
int roam_mppe_init(struct roam_mppe *m, unsigned int bits, bool stateless,
		   const u8 *key, unsigned int keylen)
{
	unsigned int need = roam_mppe_keylen(bits);

	if (!need || keylen < need)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->bits = bits;
	m->keylen = need;
	m->stateless = stateless;
	memcpy(m->start_key, key, need);
	roam_mppe_get_new_key(m->start_key, m->start_key, need,
			      m->session_key);
	roam_mppe_salt(m);
	arc4_setkey(&m->rc4, m->session_key, need);
	/* The count before the first packet's 0. */
	m->ccount = ROAM_MPPE_CCOUNT_MASK;
	return 0;
}

void roam_mppe_wipe(struct roam_mppe *m)
{
	memzero_explicit(m, sizeof(*m));
}

/**
 * roam_mppe_encrypt - encrypt one packet in place
 * @m: the transmit context
 * @hdr: where the 2-byte MPPE header is written
 * @data: the PPP protocol field and payload, encrypted in place
 * @len: bytes at @data
 */
void roam_mppe_encrypt(struct roam_mppe *m, u8 *hdr, u8 *data,
		       unsigned int len)
{
	u8 bits = ROAM_MPPE_ENCRYPTED;

	m->ccount = (m->ccount + 1) & ROAM_MPPE_CCOUNT_MASK;
	if (m->stateless || (m->ccount & 0xff) == 0xff || m->flush_next) {
		roam_mppe_change_key(m);
		bits |= ROAM_MPPE_FLUSHED;
		m->flush_next = false;
	}
	hdr[0] = bits | (m->ccount >> 8);
	hdr[1] = m->ccount & 0xff;
	arc4_crypt(&m->rc4, data, data, len);
}

/* The ones' complement sum of @len bytes (even) at @p, folded. */
static u16 roam_mppe_csum(const u8 *p, unsigned int len)
{
	u32 sum = 0;
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/**
 * roam_mppe_plausible - does a plaintext start with an IP packet?
 * @p: the decrypted PPP protocol field and what follows
 * @n: bytes at @p
 * @len: length of the whole frame (@n may be a prefix)
 *
 * IPv4: version, header length, total length within the frame and the
 * header checksum; IPv6: version and payload length within the frame.
 */
bool roam_mppe_plausible(const u8 *p, unsigned int n, unsigned int len)
{
	unsigned int off = 2, ihl, tot;
	u16 proto;

	if (n < 1)
		return false;
	if (p[0] & 1) {		/* protocol field compressed */
		proto = p[0];
		off = 1;
	} else {
		if (n < 2)
			return false;
		proto = (p[0] << 8) | p[1];
	}
	p += off;
	n -= off;
	len -= off;
	switch (proto) {
	case 0x0021:
		if (n < 20 || p[0] >> 4 != 4)
			return false;
		ihl = (p[0] & 0x0f) * 4;
		tot = (p[2] << 8) | p[3];
		return ihl >= 20 && ihl <= n && tot >= ihl && tot <= len &&
		       roam_mppe_csum(p, ihl) == 0xffff;
	case 0x0057:
		tot = ((p[4] << 8) | p[5]) + 40;
		return n >= 40 && p[0] >> 4 == 6 && tot <= len;
	default:
		return false;
	}
}

/*
 * End the discard state with the flushed packet @ccount, trying for lost
 * flushes (see the top of this file). Decrypts @data in place on success.
 */
static enum roam_mppe_result roam_mppe_resync(struct roam_mppe *m, u16 ccount,
					      u8 *data, unsigned int len)
{
	unsigned int n = min_t(unsigned int, len, ROAM_MPPE_PEEK_LEN), i;
	u8 saved[ROAM_MPPE_KEY_MAX], peek[ROAM_MPPE_PEEK_LEN];
	u16 saved_ccount = m->ccount;
	bool found = false;

	memcpy(saved, m->session_key, m->keylen);
	/* One key change for every flag packet we missed. */
	while ((ccount & ~0xff) != (m->ccount & ~0xff)) {
		roam_mppe_change_key(m);
		m->ccount = (m->ccount + 256) & ROAM_MPPE_CCOUNT_MASK;
	}
	/* The flushed packet's own change, then one per lost flush. */
	for (i = 0; i <= ROAM_MPPE_RESYNC_MAX && !found; i++) {
		roam_mppe_change_key(m);
		arc4_crypt(&m->rc4, peek, data, n);
		found = roam_mppe_plausible(peek, n, len);
	}
	memzero_explicit(peek, sizeof(peek));
	if (!found) {
		memcpy(m->session_key, saved, m->keylen);
		m->ccount = saved_ccount;
		arc4_setkey(&m->rc4, m->session_key, m->keylen);
		memzero_explicit(saved, sizeof(saved));
		return ROAM_MPPE_DISCARD;
	}
	memzero_explicit(saved, sizeof(saved));
	m->discard = false;
	m->ccount = ccount;
	arc4_setkey(&m->rc4, m->session_key, m->keylen);
	arc4_crypt(&m->rc4, data, data, len);
	return ROAM_MPPE_OK;
}

/* Stateful receive (RFC 3078 section 8.2); the header is already checked. */
static enum roam_mppe_result roam_mppe_decrypt_stateful(struct roam_mppe *m,
							u16 ccount,
							bool flushed, u8 *data,
							unsigned int len)
{
	if (m->discard) {
		if (!flushed)
			return ROAM_MPPE_DISCARD;
		return roam_mppe_resync(m, ccount, data, len);
	}
	m->ccount = (m->ccount + 1) & ROAM_MPPE_CCOUNT_MASK;
	if (ccount != m->ccount) {
		m->discard = true;
		return ROAM_MPPE_LOST;
	}
	if (flushed)
		roam_mppe_change_key(m);
	arc4_crypt(&m->rc4, data, data, len);
	return ROAM_MPPE_OK;
}

/**
 * roam_mppe_lost_sync - the caller found garbage in a stateful packet
 * @m: the receive context
 *
 * Enter the discard state, as after a loss: wait for a flushed packet
 * (the caller asks for it with a CCP Reset-Request).
 */
void roam_mppe_lost_sync(struct roam_mppe *m)
{
	if (!m->stateless)
		m->discard = true;
}

/**
 * roam_mppe_decrypt - decrypt one packet in place
 * @m: the receive context
 * @hdr: the 2-byte MPPE header
 * @data: the encrypted PPP protocol field and payload
 * @len: bytes at @data (at least 1)
 *
 * A stateless packet more than half the count space behind is late and
 * refused; one ahead costs one key change per skipped count (bounded by
 * half the count space, 2048).
 */
enum roam_mppe_result roam_mppe_decrypt(struct roam_mppe *m, const u8 *hdr,
					u8 *data, unsigned int len)
{
	bool flushed = hdr[0] & ROAM_MPPE_FLUSHED;
	u16 ccount = ((hdr[0] & 0x0f) << 8) | hdr[1];
	unsigned int ahead;

	if (!len || !(hdr[0] & ROAM_MPPE_ENCRYPTED) ||
	    (hdr[0] & ROAM_MPPE_COMPRESSED))
		return ROAM_MPPE_BAD;
	if (m->stateless) {
		if (!flushed)
			return ROAM_MPPE_BAD;
		ahead = (ccount - m->ccount) & ROAM_MPPE_CCOUNT_MASK;
		if (!ahead || ahead > ROAM_MPPE_CCOUNT_SPACE / 2)
			return ROAM_MPPE_BAD;
		while (m->ccount != ccount) {
			roam_mppe_change_key(m);
			m->ccount = (m->ccount + 1) & ROAM_MPPE_CCOUNT_MASK;
		}
		arc4_crypt(&m->rc4, data, data, len);
		return ROAM_MPPE_OK;
	}
	if ((ccount & 0xff) == 0xff && !flushed)
		return ROAM_MPPE_BAD;
	return roam_mppe_decrypt_stateful(m, ccount, flushed, data, len);
}
