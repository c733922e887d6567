// SPDX-License-Identifier: GPL-2.0
/*
 * Encrypted ISAKMP bodies (RFC 2408 3.1, RFC 2409 5.3 and Appendix B) and
 * the informational HASH(1).  Each exchange owns its CBC chain: callers
 * pass the IV to use and get back the one the next message continues from.
 */
#include <stdlib.h>
#include <string.h>

#include "sa.h"

int ike_decrypt(const struct ike_sa *sa, uint8_t *iv, const uint8_t *msg,
		size_t len, uint8_t **plain)
{
	size_t blen = len - ISAKMP_HDR_LEN;
	uint8_t *p;

	*plain = NULL;
	if (!sa->blk || !blen || blen % sa->blk)
		return -1;
	p = malloc(blen);
	if (!p)
		return -1;
	memcpy(p, msg + ISAKMP_HDR_LEN, blen);
	if (ike_cbc(sa->prop.enc, sa->keys.enc_key, sa->keys.enc_len, iv, p,
		    blen, false)) {
		free(p);
		return -1;
	}
	*plain = p;
	return 0;
}

int ike_encrypt(const struct ike_sa *sa, uint8_t *iv, struct ike_buf *b)
{
	static const uint8_t zeros[IKE_MAX_BLOCK];
	size_t blen;

	if (b->err || b->len < ISAKMP_HDR_LEN)
		return -1;
	/*
	 * Zero padding up to the block: receivers stop at the last payload
	 * of the chain and ignore the rest (RFC 2408 3.1).
	 */
	blen = b->len - ISAKMP_HDR_LEN;
	if (blen % sa->blk)
		ike_put(b, zeros, sa->blk - blen % sa->blk);
	if (b->err)
		return -1;
	b->p[19] |= ISAKMP_FLAG_ENC;
	ike_msg_finish(b);
	return ike_cbc(sa->prop.enc, sa->keys.enc_key, sa->keys.enc_len, iv,
		       b->p + ISAKMP_HDR_LEN, b->len - ISAKMP_HDR_LEN, true);
}

void ike_hdr_for(const struct ike_sa *sa, uint8_t exch, uint32_t msgid,
		 struct isakmp_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->cky_i, sa->cky_i, 8);
	memcpy(h->cky_r, sa->cky_r, 8);
	h->exch = exch;
	h->msgid = msgid;
}

int ike_hash_qm(const struct ike_sa *sa, uint32_t msgid, bool zero,
		const struct ike_iov *parts, unsigned int n, uint8_t *out)
{
	struct ike_iov iov[5];
	uint8_t m[4], z = 0;
	unsigned int i = 0, k;

	if (n > 3)
		return -1;
	ike_set32(m, msgid);
	if (zero)
		iov[i++] = (struct ike_iov){ &z, 1 };
	iov[i++] = (struct ike_iov){ m, 4 };
	for (k = 0; k < n; k++)
		iov[i++] = parts[k];
	return ike_prf(sa->prop.hash, sa->keys.skeyid_a, sa->keys.prf_len,
		       iov, i, out);
}

int ike_hash_msgid(const struct ike_sa *sa, uint32_t msgid,
		   const uint8_t *data, size_t len, uint8_t *out)
{
	struct ike_iov part = { data, len };

	return ike_hash_qm(sa, msgid, false, &part, 1, out);
}

/* Bytes covered by a hash: from after the HASH payload to the last one. */
static size_t chain_end(const struct ike_chain *c)
{
	const struct ike_payload *last = &c->pl[c->n - 1];

	return last->off + ISAKMP_GEN_LEN + last->len - ISAKMP_HDR_LEN;
}

int ike_check_hash1(struct ike_ctx *ctx, const struct ike_sa *sa,
		    uint32_t msgid, const struct ike_chain *c,
		    const uint8_t *body, size_t body_len)
{
	uint8_t want[IKE_MAX_HASH];
	size_t from, to;
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	if (!c->n || c->pl[0].type != ISAKMP_NP_HASH ||
	    c->pl[0].len != sa->keys.prf_len) {
		ike_log(ctx, IKE_LOG_WARN,
			"IKE message %#x from %s dropped: does not start with a %zu-byte HASH",
			msgid, peer, sa->keys.prf_len);
		return -1;
	}
	from = c->pl[0].off + ISAKMP_GEN_LEN + c->pl[0].len - ISAKMP_HDR_LEN;
	to = chain_end(c);
	if (to > body_len || from > to ||
	    ike_hash_msgid(sa, msgid, body + from, to - from, want))
		return -1;
	if (memcmp(want, c->pl[0].body, sa->keys.prf_len)) {
		ctx->drops.bad_hash++;
		ike_log(ctx, IKE_LOG_WARN,
			"IKE message %#x from %s dropped: HASH mismatch",
			msgid, peer);
		return -1;
	}
	return 0;
}

void ike_send_info(struct ike_ctx *ctx, struct ike_sa *sa, uint8_t np,
		   const uint8_t *body, size_t len)
{
	uint8_t iv[IKE_MAX_BLOCK], hash[IKE_MAX_HASH];
	struct isakmp_hdr h;
	struct ike_buf b;
	size_t hpl, rest;
	uint32_t msgid = 0;

	bool enc = sa->state == IKE_P1_ESTABLISHED;

	while (enc && !msgid)
		if (ike_random(&msgid, sizeof(msgid)))
			return;
	ike_hdr_for(sa, ISAKMP_EXCH_INFO, msgid, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	if (!enc) {
		ike_pl_add(&b, np, body, len);
		ike_msg_finish(&b);
	} else {
		hpl = ike_pl_start(&b, ISAKMP_NP_HASH);
		ike_put(&b, hash, sa->keys.prf_len);	/* filled below */
		ike_pl_end(&b, hpl);
		rest = b.len;
		ike_pl_add(&b, np, body, len);
		if (b.err ||
		    ike_hash_msgid(sa, msgid, b.p + rest, b.len - rest, hash) ||
		    ike_iv_phase2(sa->prop.hash, sa->iv, sa->blk, msgid, iv))
			goto out;
		memcpy(b.p + hpl + ISAKMP_GEN_LEN, hash, sa->keys.prf_len);
		if (ike_encrypt(sa, iv, &b))
			goto out;
	}
	if (!b.err)
		ike_send(ctx, &sa->local, &sa->remote, b.p, b.len);
out:
	ike_buf_free(&b);
}
