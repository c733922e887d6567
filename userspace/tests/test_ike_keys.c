// SPDX-License-Identifier: GPL-2.0
/*
 * IKE crypto and key derivation: known answers for RFC 2409's SKEYID
 * family, key expansion, IVs, HASH_I/R and KEYMAT; Diffie-Hellman
 * agreement; vendor IDs; NAT-D.
 *
 * The expected values were computed once, independently of this code,
 * with python3's hmac and hashlib straight from the RFC 2409 formulas:
 *
 *   prf = lambda k, *d: hmac.new(k, b''.join(d), H).digest()
 *   SKEYID   = prf(psk, Ni, Nr)
 *   SKEYID_d = prf(SKEYID, gxy, CKY_I, CKY_R, b'\0')
 *   SKEYID_a = prf(SKEYID, SKEYID_d, gxy, CKY_I, CKY_R, b'\1')
 *   SKEYID_e = prf(SKEYID, SKEYID_a, gxy, CKY_I, CKY_R, b'\2')
 *   Ka = SKEYID_e[:n] or K1|K2.. with K1 = prf(SKEYID_e, b'\0'),
 *        Kn = prf(SKEYID_e, Kn-1)                  (Appendix B)
 *   IV1 = H(gxi + gxr)[:blk];  IV2 = H(IV1 + M-ID)[:blk]
 *   HASH_I = prf(SKEYID, gxi, gxr, CKY_I, CKY_R, SAi_b, IDii_b)
 *   HASH_R = prf(SKEYID, gxr, gxi, CKY_R, CKY_I, SAi_b, IDii_b)
 *   KEYMAT = K1|K2.., Kn = prf(SKEYID_d, Kn-1, [gxy_qm], 3, SPI, Ni, Nr)
 *
 * with the inputs built by fill() below (the same byte patterns).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "ike/keys.h"
#include "ike/natt.h"

void suite_ike_keys(void);

static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	while (s[0] && s[1]) {
		unsigned int v;

		sscanf(s, "%2x", &v);
		out[n++] = v;
		s += 2;
	}
	return n;
}

static bool eq_hex(const uint8_t *b, size_t len, const char *hex)
{
	uint8_t want[256];
	size_t n = unhex(hex, want);

	return n == len && !memcmp(b, want, len);
}

#define CHECK_HEX(b, len, hex) do {					\
	if (!eq_hex(b, len, hex))					\
		t_fail(__FILE__, __LINE__, "%s differs from %s", #b, hex); \
} while (0)

struct inputs {
	uint8_t psk[13], ni[16], nr[32], gxy[256], gxi[256], gxr[256];
	uint8_t ci[8], cr[8], sai[52], idi[8];
};

static void fill(struct inputs *in)
{
	int i;

	memcpy(in->psk, "roam-test-psk", 13);
	for (i = 0; i < 16; i++)
		in->ni[i] = i;
	for (i = 0; i < 32; i++)
		in->nr[i] = 0xa0 + i;
	for (i = 0; i < 256; i++) {
		in->gxy[i] = i * 7 + 3;
		in->gxi[i] = i * 5 + 1;
		in->gxr[i] = i * 11 + 9;
	}
	unhex("0102030405060708", in->ci);
	unhex("1112131415161718", in->cr);
	memset(in->sai, 0, sizeof(in->sai));
	unhex("0000000100000001", in->sai);
	for (i = 0; i < 40; i++)
		in->sai[12 + i] = i;
	unhex("011101f4c0a8010a", in->idi);
}

struct vector {
	enum ike_hash hash;
	size_t enc_len, blk;
	const char *skeyid, *d, *a, *e, *ka, *iv1, *iv2, *hi, *hr, *km, *kmp;
};

static const struct vector vectors[] = {
	{ IKE_HASH_SHA1, 32, 16,
	  "069c0a4629b927240e3ae32732983f0aa056bd20",
	  "d9306b6baefbdf010dc9b3330147d7899f35d9cf",
	  "294e4223a5cbd1c07c0585dac893d199988cc87d",
	  "0386dd0bc6fdb11e32b25df31fd7457e05bd0dce",
	  "9068692841373e2e9c6954b2d932d2c3077e717f2ba3dfa54094afec7675c560",
	  "3366d5a6b740d1eb98fac5d7a6a130b0",
	  "2d79714406d1d0b670b32a48c950cf78",
	  "ddd2a1af4f6512221c3b01d09a4f4a43cac8a5ba",
	  "c1fef539ec35cf35bd6a63dfa1f19aa69a639720",
	  "12c6154cf29d7634493fae202c6e01fe4f5e1696ac6164e66921c048b4f90cc2"
	  "c692947f1b9d6a54c079ffc5c10191c07a9d6b77",
	  "d85dd752c122f49dc8a4277ec6c3812d4dd6cc682420959f5b09473c7c4b6366"
	  "1470dcaee82f643406fb1895a31d3b0477c57f7c" },
	{ IKE_HASH_MD5, 24, 8,
	  "f3edec8272dc48132afed1aa12dc663b",
	  "0c8e5c6a3715bbdd15375f9374fbc1a8",
	  "b53c004ba095be8e9c68251d79583fbf",
	  "d736f0a777dca12bbdab2614ab01d1f7",
	  "3f13c4279257cf7a22fa25f36723605631ba97ef5971a52e",
	  "f2552d6917420e4f", "0a12cdf022604469",
	  "002a46a059af97dbf961194da7d4dc64",
	  "2e80898001039a781686d9eefb825f31",
	  "d95598f396908fe2b39c243cc6694c86d29891dd1c2b48604bf380923cb96c47"
	  "17c8b3df46ae820c95b8bf108eebe0ec1d37e910",
	  "3a67f3479d7c81b1d4afd28f94030b4e39ff391ffeac36a151782b69b506e433"
	  "4cf0715445776316f71bf08726c8eb1cc027dfb8" },
	{ IKE_HASH_SHA2_256, 16, 16,
	  "eac03dd9e4959dda67e39bc95c4e45346d63f5d718dd77a3e17289e85cd4f5b9",
	  "11ff1d18d3c673442e2dc612ecf94e9f58fdd39ae082c6c91a96b888080eb197",
	  "0e948f99c21de3b48ea82a6a5dcece80c18949839f13084e4639eca5df32fb3a",
	  "3a29fdf163f9ff7c96524948c0a7e45114c560164ad51cd0574ae14ccb61221b",
	  "3a29fdf163f9ff7c96524948c0a7e451",
	  "a220867f081d6be559c058523cf04ec6",
	  "0fb7dc14f01ef8661a6904332ea74bb4",
	  "dc7ab63a0f116ada74fd834f110f2a250ebc35e3a06e4af5640fe3808f29aed3",
	  "3d667d64abcee7af246890c7dda8d53f678526b4bc0a4ba99ebd4d2e034eb314",
	  "f1e85d78b022c71bbd03a0c9a4d41f25c31c6af625da87709c8da2dca1d2c71a"
	  "e978dbe82f4159e2a6ad427459c78da5a69ed025",
	  "fad6e4975c791709a768a37449a0083ef70f2357925e62016d882fe27a0653f5"
	  "96b95042a928e120ab80a8b5702c28fcb9997630" },
};

static void derivation_known_answers(void)
{
	static struct inputs in;
	uint8_t iv1[16], iv2[16], h[64], km[52], spi[4] = { 0xc0, 0xff, 0xee, 1 };
	uint8_t skeyid[IKE_MAX_HASH];
	struct ike_p1_keys k;
	size_t i, hl;

	fill(&in);
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];

		hl = ike_hash_len(v->hash);
		CHECK_INT(ike_p1_derive(v->hash, in.psk, 13, in.ni, 16, in.nr,
					32, in.gxy, 256, in.ci, in.cr,
					v->enc_len, &k, skeyid), 0);
		CHECK_INT(k.prf_len, hl);
		CHECK_HEX(skeyid, hl, v->skeyid);
		CHECK_HEX(k.skeyid_d, hl, v->d);
		CHECK_HEX(k.skeyid_a, hl, v->a);
		CHECK_HEX(k.skeyid_e, hl, v->e);
		CHECK_HEX(k.enc_key, v->enc_len, v->ka);
		CHECK_INT(ike_iv_phase1(v->hash, in.gxi, in.gxr, 256, v->blk,
					iv1), 0);
		CHECK_HEX(iv1, v->blk, v->iv1);
		CHECK_INT(ike_iv_phase2(v->hash, iv1, v->blk, 0x12345678, iv2), 0);
		CHECK_HEX(iv2, v->blk, v->iv2);
		CHECK_INT(ike_hash_auth(v->hash, skeyid, hl, in.gxi, in.gxr,
					256, in.ci, in.cr, in.sai,
					sizeof(in.sai), in.idi, 8, h), 0);
		CHECK_HEX(h, hl, v->hi);
		CHECK_INT(ike_hash_auth(v->hash, skeyid, hl, in.gxr, in.gxi,
					256, in.cr, in.ci, in.sai,
					sizeof(in.sai), in.idi, 8, h), 0);
		CHECK_HEX(h, hl, v->hr);
		CHECK_INT(ike_keymat(v->hash, &k, NULL, 0, 3, spi, in.ni, 16,
				     in.nr, 32, km, sizeof(km)), 0);
		CHECK_HEX(km, sizeof(km), v->km);
		CHECK_INT(ike_keymat(v->hash, &k, in.gxy, 128, 3, spi, in.ni,
				     16, in.nr, 32, km, sizeof(km)), 0);
		CHECK_HEX(km, sizeof(km), v->kmp);
	}
}

static void dh_agree(enum ike_group g)
{
	struct ike_dh *a = ike_dh_new(g), *b = ike_dh_new(g);
	uint8_t s1[IKE_MAX_DH], s2[IKE_MAX_DH];
	size_t l1 = 0, l2 = 0, want;

	CHECK(a && b);
	if (!a || !b)
		goto out;
	want = g == IKE_GROUP_ECP256 ? 32 : g == IKE_GROUP_ECP384 ? 48 :
	       ike_dh_len(g);
	CHECK_INT(ike_dh_derive(a, ike_dh_pub(b), ike_dh_len(g), s1, &l1), 0);
	CHECK_INT(ike_dh_derive(b, ike_dh_pub(a), ike_dh_len(g), s2, &l2), 0);
	CHECK_INT(l1, want);
	CHECK_INT(l2, want);
	CHECK(!memcmp(s1, s2, want));
	CHECK(memcmp(ike_dh_pub(a), ike_dh_pub(b), ike_dh_len(g)));
out:
	ike_dh_free(a);
	ike_dh_free(b);
}

static void dh_modp2048_agrees(void)
{
	dh_agree(IKE_GROUP_MODP2048);
}

static void dh_ecp256_agrees(void)
{
	dh_agree(IKE_GROUP_ECP256);
}

static void dh_other_groups_agree(void)
{
	dh_agree(IKE_GROUP_MODP768);
	dh_agree(IKE_GROUP_MODP1024);
	dh_agree(IKE_GROUP_MODP1536);
	dh_agree(IKE_GROUP_ECP384);
}

static void dh_rejects_bad_peer_values(void)
{
	struct ike_dh *a = ike_dh_new(IKE_GROUP_MODP2048);
	struct ike_dh *e = ike_dh_new(IKE_GROUP_ECP256);
	uint8_t v[256], s[IKE_MAX_DH];
	size_t l;

	CHECK(a && e);
	if (!a || !e)
		goto out;
	memset(v, 0, sizeof(v));
	v[255] = 1;				/* y = 1 */
	CHECK(ike_dh_derive(a, v, 256, s, &l) < 0);
	memset(v, 0xff, sizeof(v));		/* y > p */
	CHECK(ike_dh_derive(a, v, 256, s, &l) < 0);
	CHECK(ike_dh_derive(a, v, 255, s, &l) < 0);	/* wrong length */
	memset(v, 0x11, 64);			/* not on the curve */
	CHECK(ike_dh_derive(e, v, 64, s, &l) < 0);
out:
	ike_dh_free(a);
	ike_dh_free(e);
}

static void expansion_matches_appendix_b(void)
{
	uint8_t key[20], out[45], k1[20], k2[20], k3[20], z = 0;
	struct ike_iov iov;

	memset(key, 0x5a, sizeof(key));
	CHECK_INT(ike_expand(IKE_HASH_SHA1, key, 20, out, sizeof(out)), 0);
	iov = (struct ike_iov){ &z, 1 };
	ike_prf(IKE_HASH_SHA1, key, 20, &iov, 1, k1);
	iov = (struct ike_iov){ k1, 20 };
	ike_prf(IKE_HASH_SHA1, key, 20, &iov, 1, k2);
	iov = (struct ike_iov){ k2, 20 };
	ike_prf(IKE_HASH_SHA1, key, 20, &iov, 1, k3);
	CHECK(!memcmp(out, k1, 20));
	CHECK(!memcmp(out + 20, k2, 20));
	CHECK(!memcmp(out + 40, k3, 5));
}

static void cbc_chains_iv(void)
{
	uint8_t key[32], iv[16], iv2[16], buf[48], orig[48];
	int i;

	for (i = 0; i < 32; i++)
		key[i] = i;
	for (i = 0; i < 48; i++)
		orig[i] = buf[i] = 3 * i;
	memset(iv, 0x42, 16);
	memcpy(iv2, iv, 16);
	CHECK_INT(ike_cbc(IKE_ENC_AES_CBC, key, 32, iv, buf, 48, true), 0);
	CHECK(!memcmp(iv, buf + 32, 16));	/* next IV = last block */
	CHECK_INT(ike_cbc(IKE_ENC_AES_CBC, key, 32, iv2, buf, 48, false), 0);
	CHECK(!memcmp(buf, orig, 48));
	CHECK(!memcmp(iv, iv2, 16));
	CHECK(ike_cbc(IKE_ENC_AES_CBC, key, 32, iv, buf, 47, true) < 0);
	CHECK(ike_cbc(IKE_ENC_3DES, key, 24, iv, buf, 48, true) == 0);
	CHECK(ike_cbc(IKE_ENC_3DES, key, 16, iv, buf, 48, true) < 0);
}

/* The vendor ID table against MD5 of its strings. */
static void vendor_ids_are_md5_of_their_strings(void)
{
	static const struct { const char *s; enum ike_natt n; } t[] = {
		{ "RFC 3947", IKE_NATT_RFC },
		{ "draft-ietf-ipsec-nat-t-ike-03", IKE_NATT_DRAFT_03 },
		{ "draft-ietf-ipsec-nat-t-ike-02\n", IKE_NATT_DRAFT_02N },
		{ "draft-ietf-ipsec-nat-t-ike-02", IKE_NATT_DRAFT_02 },
	};
	static const struct { const char *s; enum ike_vid_kind k; } o[] = {
		{ "MS NT5 ISAKMPOAKLEY", IKE_VID_MS_NT5 },
		{ "MS-Negotiation Discovery Capable", IKE_VID_MS_NDC },
		{ "IKE CGA version 1", IKE_VID_MS_CGA },
		{ "Vid-Initial-Contact", IKE_VID_MS_INITIAL_CONTACT },
		{ "FRAGMENTATION", IKE_VID_FRAGMENTATION },
	};
	uint8_t md[20], ms[20];
	struct ike_vid_info vi;
	struct ike_iov iov;
	const uint8_t *v;
	size_t i, len;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		iov = (struct ike_iov){ t[i].s, strlen(t[i].s) };
		CHECK_INT(ike_digest(IKE_HASH_MD5, &iov, 1, md), 0);
		v = ike_vid_natt(t[i].n, &len);
		CHECK(v && len == 16 && !memcmp(v, md, 16));
		ike_vid_classify(md, 16, &vi);
		CHECK_INT(vi.kind, IKE_VID_NATT);
		CHECK_INT(vi.natt, t[i].n);
	}
	CHECK(eq_hex(ike_vid_natt(IKE_NATT_RFC, &len), 16,
		     "4a131c81070358455c5728f20e95452f"));
	for (i = 0; i < sizeof(o) / sizeof(o[0]); i++) {
		iov = (struct ike_iov){ o[i].s, strlen(o[i].s) };
		CHECK_INT(ike_digest(IKE_HASH_MD5, &iov, 1, md), 0);
		ike_vid_classify(md, 16, &vi);
		CHECK_INT(vi.kind, o[i].k);
	}
	/* Windows appends its version to the MS NT5 ID. */
	iov = (struct ike_iov){ "MS NT5 ISAKMPOAKLEY", 19 };
	ike_digest(IKE_HASH_MD5, &iov, 1, ms);
	ms[16] = 0, ms[17] = 0, ms[18] = 0, ms[19] = 9;
	ike_vid_classify(ms, 20, &vi);
	CHECK_INT(vi.kind, IKE_VID_MS_NT5);
	v = ike_vid_dpd(&len);
	CHECK(eq_hex(v, len, "afcad71368a1f1c96b8696fc77570100"));
	ike_vid_classify(md, 15, &vi);
	CHECK_INT(vi.kind, IKE_VID_UNKNOWN);
}

static void natd_hash_layout(void)
{
	struct ike_addr a = { .family = AF_INET, .port = 4500,
			      .ip = { 198, 51, 100, 7 } };
	uint8_t ci[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, cr[8] = { 9 };
	uint8_t h[20], w[20], in[22];
	struct ike_iov iov = { in, 22 };

	memcpy(in, ci, 8);
	memcpy(in + 8, cr, 8);
	memcpy(in + 16, a.ip, 4);
	in[20] = 4500 >> 8;
	in[21] = 4500 & 0xff;
	ike_digest(IKE_HASH_SHA1, &iov, 1, w);
	CHECK_INT(ike_natd_hash(IKE_HASH_SHA1, ci, cr, &a, h), 0);
	CHECK(!memcmp(h, w, 20));
}

void suite_ike_keys(void)
{
	RUN(derivation_known_answers);
	RUN(expansion_matches_appendix_b);
	RUN(cbc_chains_iv);
	RUN(dh_modp2048_agrees);
	RUN(dh_ecp256_agrees);
	RUN(dh_other_groups_agree);
	RUN(dh_rejects_bad_peer_values);
	RUN(vendor_ids_are_md5_of_their_strings);
	RUN(natd_hash_layout);
}
