// SPDX-License-Identifier: GPL-2.0
/* RFC 2409 key derivation; the tests hold known answers for all of it. */
#include <string.h>

#include "keys.h"

int ike_expand(enum ike_hash h, const uint8_t *key, size_t key_len,
	       uint8_t *out, size_t out_len)
{
	size_t hl = ike_hash_len(h), done = 0;
	uint8_t prev[IKE_MAX_HASH], k[IKE_MAX_HASH];
	struct ike_iov iov = { prev, 1 };

	if (!hl)
		return -1;
	prev[0] = 0;			/* K1 = prf(key, 0) */
	while (done < out_len) {
		size_t n = out_len - done < hl ? out_len - done : hl;

		if (ike_prf(h, key, key_len, &iov, 1, k))
			return -1;
		memcpy(out + done, k, n);
		done += n;
		memcpy(prev, k, hl);	/* Kn = prf(key, Kn-1) */
		iov.len = hl;
	}
	ike_wipe(k, sizeof(k));
	ike_wipe(prev, sizeof(prev));
	return 0;
}

int ike_p1_derive(enum ike_hash h, const uint8_t *psk, size_t psk_len,
		  const uint8_t *ni, size_t ni_len,
		  const uint8_t *nr, size_t nr_len,
		  const uint8_t *gxy, size_t gxy_len,
		  const uint8_t cky_i[8], const uint8_t cky_r[8],
		  size_t enc_len, struct ike_p1_keys *k,
		  uint8_t skeyid[IKE_MAX_HASH])
{
	uint8_t b0 = 0, b1 = 1, b2 = 2;
	struct ike_iov iov[5];
	size_t hl = ike_hash_len(h);

	memset(k, 0, sizeof(*k));
	if (!hl || enc_len > sizeof(k->enc_key))
		return -1;
	k->prf_len = hl;
	iov[0] = (struct ike_iov){ ni, ni_len };
	iov[1] = (struct ike_iov){ nr, nr_len };
	if (ike_prf(h, psk, psk_len, iov, 2, skeyid))
		return -1;
	iov[0] = (struct ike_iov){ gxy, gxy_len };
	iov[1] = (struct ike_iov){ cky_i, 8 };
	iov[2] = (struct ike_iov){ cky_r, 8 };
	iov[3] = (struct ike_iov){ &b0, 1 };
	if (ike_prf(h, skeyid, hl, iov, 4, k->skeyid_d))
		return -1;
	iov[0] = (struct ike_iov){ k->skeyid_d, hl };
	iov[1] = (struct ike_iov){ gxy, gxy_len };
	iov[2] = (struct ike_iov){ cky_i, 8 };
	iov[3] = (struct ike_iov){ cky_r, 8 };
	iov[4] = (struct ike_iov){ &b1, 1 };
	if (ike_prf(h, skeyid, hl, iov, 5, k->skeyid_a))
		return -1;
	iov[0] = (struct ike_iov){ k->skeyid_a, hl };
	iov[4] = (struct ike_iov){ &b2, 1 };
	if (ike_prf(h, skeyid, hl, iov, 5, k->skeyid_e))
		return -1;
	k->enc_len = enc_len;
	if (enc_len <= hl) {
		memcpy(k->enc_key, k->skeyid_e, enc_len);
		return 0;
	}
	return ike_expand(h, k->skeyid_e, hl, k->enc_key, enc_len);
}

int ike_iv_phase1(enum ike_hash h, const uint8_t *gxi, const uint8_t *gxr,
		  size_t gx_len, size_t blk, uint8_t *iv)
{
	struct ike_iov iov[2] = { { gxi, gx_len }, { gxr, gx_len } };
	uint8_t d[IKE_MAX_HASH];

	if (blk > ike_hash_len(h) || ike_digest(h, iov, 2, d))
		return -1;
	memcpy(iv, d, blk);
	return 0;
}

int ike_iv_phase2(enum ike_hash h, const uint8_t *p1_iv, size_t blk,
		  uint32_t msgid, uint8_t *iv)
{
	uint8_t m[4], d[IKE_MAX_HASH];
	struct ike_iov iov[2] = { { p1_iv, blk }, { m, 4 } };

	m[0] = msgid >> 24;
	m[1] = msgid >> 16;
	m[2] = msgid >> 8;
	m[3] = msgid;
	if (blk > ike_hash_len(h) || ike_digest(h, iov, 2, d))
		return -1;
	memcpy(iv, d, blk);
	return 0;
}

int ike_hash_auth(enum ike_hash h, const uint8_t *skeyid, size_t skeyid_len,
		  const uint8_t *gx_a, const uint8_t *gx_b, size_t gx_len,
		  const uint8_t cky_a[8], const uint8_t cky_b[8],
		  const uint8_t *sai_b, size_t sai_len,
		  const uint8_t *id_b, size_t id_len, uint8_t *out)
{
	struct ike_iov iov[6] = {
		{ gx_a, gx_len }, { gx_b, gx_len }, { cky_a, 8 }, { cky_b, 8 },
		{ sai_b, sai_len }, { id_b, id_len },
	};

	return ike_prf(h, skeyid, skeyid_len, iov, 6, out);
}

int ike_keymat(enum ike_hash h, const struct ike_p1_keys *k,
	       const uint8_t *gxy, size_t gxy_len, uint8_t proto,
	       const uint8_t spi[4], const uint8_t *ni, size_t ni_len,
	       const uint8_t *nr, size_t nr_len, uint8_t *out, size_t out_len)
{
	size_t hl = k->prf_len, done = 0;
	uint8_t kn[IKE_MAX_HASH];
	struct ike_iov iov[6];
	unsigned int n;

	while (done < out_len) {
		size_t take = out_len - done < hl ? out_len - done : hl;

		n = 0;
		if (done)
			iov[n++] = (struct ike_iov){ kn, hl };
		if (gxy)
			iov[n++] = (struct ike_iov){ gxy, gxy_len };
		iov[n++] = (struct ike_iov){ &proto, 1 };
		iov[n++] = (struct ike_iov){ spi, 4 };
		iov[n++] = (struct ike_iov){ ni, ni_len };
		iov[n++] = (struct ike_iov){ nr, nr_len };
		if (ike_prf(h, k->skeyid_d, hl, iov, n, kn))
			return -1;
		memcpy(out + done, kn, take);
		done += take;
	}
	ike_wipe(kn, sizeof(kn));
	return 0;
}
