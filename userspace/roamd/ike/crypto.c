// SPDX-License-Identifier: GPL-2.0
/*
 * OpenSSL 3 EVP wrappers.  Algorithms are fetched per call: IKE does a few
 * dozen operations per negotiation, so caching would buy nothing and would
 * add global state.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "crypto.h"

static const char *hash_name(enum ike_hash h)
{
	switch (h) {
	case IKE_HASH_MD5: return "MD5";
	case IKE_HASH_SHA1: return "SHA1";
	case IKE_HASH_SHA2_256: return "SHA2-256";
	case IKE_HASH_SHA2_384: return "SHA2-384";
	case IKE_HASH_SHA2_512: return "SHA2-512";
	}
	return NULL;
}

size_t ike_hash_len(enum ike_hash h)
{
	switch (h) {
	case IKE_HASH_MD5: return 16;
	case IKE_HASH_SHA1: return 20;
	case IKE_HASH_SHA2_256: return 32;
	case IKE_HASH_SHA2_384: return 48;
	case IKE_HASH_SHA2_512: return 64;
	}
	return 0;
}

int ike_digest(enum ike_hash h, const struct ike_iov *iov, unsigned int n,
	       uint8_t *out)
{
	const char *name = hash_name(h);
	EVP_MD_CTX *ctx;
	EVP_MD *md;
	unsigned int i;
	int ok;

	if (!name)
		return -1;
	md = EVP_MD_fetch(NULL, name, NULL);
	ctx = EVP_MD_CTX_new();
	ok = md && ctx && EVP_DigestInit_ex(ctx, md, NULL);
	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, iov[i].p, iov[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return ok ? 0 : -1;
}

int ike_prf(enum ike_hash h, const uint8_t *key, size_t key_len,
	    const struct ike_iov *iov, unsigned int n, uint8_t *out)
{
	const char *name = hash_name(h);
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *mac;
	unsigned int i;
	size_t len;
	int ok;

	if (!name || !key_len)
		return -1;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac)
		ctx = EVP_MAC_CTX_new(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)name, 0);
	params[1] = OSSL_PARAM_construct_end();
	ok = ctx && EVP_MAC_init(ctx, key, key_len, params);
	for (i = 0; ok && i < n; i++)
		ok = EVP_MAC_update(ctx, iov[i].p, iov[i].len);
	ok = ok && EVP_MAC_final(ctx, out, &len, IKE_MAX_HASH);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ok ? 0 : -1;
}

size_t ike_cipher_block(enum ike_enc c)
{
	switch (c) {
	case IKE_ENC_DES:
	case IKE_ENC_3DES:
		return 8;
	case IKE_ENC_AES_CBC:
		return 16;
	}
	return 0;
}

static const char *cipher_name(enum ike_enc c, size_t key_len)
{
	switch (c) {
	case IKE_ENC_DES:
		return key_len == 8 ? "DES-CBC" : NULL;
	case IKE_ENC_3DES:
		return key_len == 24 ? "DES-EDE3-CBC" : NULL;
	case IKE_ENC_AES_CBC:
		if (key_len == 16)
			return "AES-128-CBC";
		if (key_len == 24)
			return "AES-192-CBC";
		if (key_len == 32)
			return "AES-256-CBC";
	}
	return NULL;
}

int ike_cbc(enum ike_enc c, const uint8_t *key, size_t key_len, uint8_t *iv,
	    uint8_t *buf, size_t len, bool encrypt)
{
	const char *name = cipher_name(c, key_len);
	size_t blk = ike_cipher_block(c);
	uint8_t next_iv[IKE_MAX_BLOCK];
	EVP_CIPHER_CTX *ctx;
	EVP_CIPHER *ci;
	int ok, outl;

	if (!name || !len || len % blk || len > INT32_MAX)
		return -1;
	/* Decrypting in place destroys the block the next IV is made of. */
	if (!encrypt)
		memcpy(next_iv, buf + len - blk, blk);
	/* Single DES lives in OpenSSL's legacy provider: the caller loads it. */
	ci = EVP_CIPHER_fetch(NULL, name, NULL);
	ctx = EVP_CIPHER_CTX_new();
	ok = ci && ctx &&
	     EVP_CipherInit_ex2(ctx, ci, key, iv, encrypt ? 1 : 0, NULL) &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	     EVP_CipherUpdate(ctx, buf, &outl, buf, (int)len) &&
	     (size_t)outl == len;
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(ci);
	if (!ok)
		return -1;
	memcpy(iv, encrypt ? buf + len - blk : next_iv, blk);
	return 0;
}

size_t ike_dh_len(enum ike_group g)
{
	switch (g) {
	case IKE_GROUP_MODP768: return 96;
	case IKE_GROUP_MODP1024: return 128;
	case IKE_GROUP_MODP1536: return 192;
	case IKE_GROUP_MODP2048: return 256;
	case IKE_GROUP_ECP256: return 64;
	case IKE_GROUP_ECP384: return 96;
	}
	return 0;
}

struct ike_dh {
	enum ike_group group;
	EVP_PKEY *key;
	uint8_t pub[IKE_MAX_DH];
};

static bool is_ecp(enum ike_group g)
{
	return g == IKE_GROUP_ECP256 || g == IKE_GROUP_ECP384;
}

/* The primes are RFC 2409 section 6 and RFC 3526 section 2/3; g = 2. */
static BIGNUM *modp_prime(enum ike_group g)
{
	switch (g) {
	case IKE_GROUP_MODP768: return BN_get_rfc2409_prime_768(NULL);
	case IKE_GROUP_MODP1024: return BN_get_rfc2409_prime_1024(NULL);
	case IKE_GROUP_MODP1536: return BN_get_rfc3526_prime_1536(NULL);
	case IKE_GROUP_MODP2048: return BN_get_rfc3526_prime_2048(NULL);
	default: return NULL;
	}
}

/*
 * Domain parameters plus an optional public value.  q = (p-1)/2 (the
 * primes are safe primes) lets OpenSSL check that a peer's value lies in
 * the prime-order subgroup.
 */
static EVP_PKEY *modp_key(enum ike_group g, const uint8_t *pub, size_t len)
{
	BIGNUM *p = modp_prime(g), *q = BN_new(), *gen = BN_new();
	BIGNUM *y = pub ? BN_bin2bn(pub, (int)len, NULL) : NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	/*
	 * OpenSSL refuses to generate keys when q is given for primes below
	 * its minimum strength (the 768/1024-bit groups); there we omit q
	 * and it falls back to the range check 1 < y < p-1.
	 */
	bool with_q = g != IKE_GROUP_MODP768 && g != IKE_GROUP_MODP1024;
	int ok;

	ok = p && q && gen && bld && (!pub || y) &&
	     BN_rshift1(q, p) && BN_set_word(gen, 2) &&
	     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) &&
	     (!with_q || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_Q, q)) &&
	     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, gen) &&
	     (!y || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y));
	if (ok)
		params = OSSL_PARAM_BLD_to_param(bld);
	if (params)
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	if (ctx && EVP_PKEY_fromdata_init(ctx) > 0)
		EVP_PKEY_fromdata(ctx, &key, y ? EVP_PKEY_PUBLIC_KEY :
				  EVP_PKEY_KEY_PARAMETERS, params);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(p);
	BN_free(q);
	BN_free(gen);
	BN_free(y);
	return key;
}

static EVP_PKEY *ecp_key(enum ike_group g, const uint8_t *xy, size_t len)
{
	const char *curve = g == IKE_GROUP_ECP256 ? "P-256" : "P-384";
	uint8_t point[1 + IKE_MAX_DH];
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *key = NULL;
	OSSL_PARAM params[3];

	if (!xy)
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
	/* RFC 5903 sends x||y; OpenSSL wants the SEC1 uncompressed form. */
	point[0] = 0x04;
	memcpy(point + 1, xy, len);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						     (char *)curve, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
						      point, len + 1);
	params[2] = OSSL_PARAM_construct_end();
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (ctx && EVP_PKEY_fromdata_init(ctx) > 0)
		EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

struct ike_dh *ike_dh_new(enum ike_group g)
{
	size_t len = ike_dh_len(g), got = 0;
	struct ike_dh *dh;
	EVP_PKEY *params;
	EVP_PKEY_CTX *ctx;
	uint8_t point[1 + IKE_MAX_DH];
	BIGNUM *y = NULL;
	int ok = 0;

	if (!len)
		return NULL;
	dh = calloc(1, sizeof(*dh));
	if (!dh)
		return NULL;
	dh->group = g;
	if (is_ecp(g)) {
		dh->key = ecp_key(g, NULL, 0);
		ok = dh->key &&
		     EVP_PKEY_get_octet_string_param(dh->key,
				OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
				point, sizeof(point), &got) &&
		     got == len + 1 && point[0] == 0x04;
		if (ok)
			memcpy(dh->pub, point + 1, len);
	} else {
		params = modp_key(g, NULL, 0);
		ctx = params ? EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL) :
			       NULL;
		ok = ctx && EVP_PKEY_keygen_init(ctx) > 0 &&
		     EVP_PKEY_keygen(ctx, &dh->key) > 0 &&
		     EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY,
					   &y) &&
		     BN_bn2binpad(y, dh->pub, (int)len) == (int)len;
		BN_free(y);
		EVP_PKEY_CTX_free(ctx);
		EVP_PKEY_free(params);
	}
	if (!ok) {
		ike_dh_free(dh);
		return NULL;
	}
	return dh;
}

void ike_dh_free(struct ike_dh *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->key);
	free(dh);
}

const uint8_t *ike_dh_pub(const struct ike_dh *dh)
{
	return dh->pub;
}

int ike_dh_derive(struct ike_dh *dh, const uint8_t *peer, size_t peer_len,
		  uint8_t *secret, size_t *secret_len)
{
	size_t len = ike_dh_len(dh->group), out = IKE_MAX_DH;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk;
	int ok;

	if (peer_len != len)
		return -1;
	pk = is_ecp(dh->group) ? ecp_key(dh->group, peer, peer_len) :
				 modp_key(dh->group, peer, peer_len);
	if (pk)
		ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL);
	ok = ctx && EVP_PKEY_derive_init(ctx) > 0;
	/* g^xy keeps its leading zeros: it is hashed at the prime's size. */
	if (ok && !is_ecp(dh->group))
		ok = EVP_PKEY_CTX_set_dh_pad(ctx, 1) > 0;
	/* The last argument asks OpenSSL to validate the peer's value. */
	ok = ok && EVP_PKEY_derive_set_peer_ex(ctx, pk, 1) > 0 &&
	     EVP_PKEY_derive(ctx, secret, &out) > 0;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	if (!ok)
		return -1;
	*secret_len = out;
	return 0;
}

int ike_random(void *buf, size_t len)
{
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

void ike_wipe(void *p, size_t len)
{
	OPENSSL_cleanse(p, len);
}
