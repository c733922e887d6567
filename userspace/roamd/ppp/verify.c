// SPDX-License-Identifier: GPL-2.0
/*
 * Checking a PAP/CHAP/MS-CHAP response against a cleartext password, for
 * users in roamd's own database.  Comparisons are constant-time and every
 * intermediate secret is wiped before returning.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "auth.h"
#include "mppe_keys.h"

const char *ppp_auth_method_name(enum ppp_auth_method m)
{
	switch (m) {
	case PPP_AUTH_NONE:	return "none";
	case PPP_AUTH_PAP:	return "PAP";
	case PPP_AUTH_CHAP_MD5:	return "CHAP-MD5";
	case PPP_AUTH_MSCHAPV1:	return "MS-CHAP-V1";
	case PPP_AUTH_MSCHAPV2:	return "MS-CHAP-V2";
	}
	return "?";
}

/* The keyword "ppp set auth" takes for the method: what roam prints. */
const char *ppp_auth_method_keyword(enum ppp_auth_method m)
{
	switch (m) {
	case PPP_AUTH_NONE:	return "none";
	case PPP_AUTH_PAP:	return "pap";
	case PPP_AUTH_CHAP_MD5:	return "chap";
	case PPP_AUTH_MSCHAPV1:	return "mschapv1";
	case PPP_AUTH_MSCHAPV2:	return "mschapv2";
	}
	return "?";
}

static bool same(const void *a, const void *b, size_t len)
{
	return !CRYPTO_memcmp(a, b, len);
}

static enum ppp_verdict check_pap(const struct ppp_auth_request *req,
				  const char *pw, size_t len)
{
	if (req->response_len != len)
		return PPP_AUTH_FAIL;
	return same(req->response, pw, len) ? PPP_AUTH_OK : PPP_AUTH_FAIL;
}

/* RFC 1994 4.1: MD5(Identifier | secret | Challenge). */
static enum ppp_verdict check_chap_md5(const struct ppp_auth_request *req,
				       const char *pw, size_t len)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	enum ppp_verdict v = PPP_AUTH_FAIL;
	EVP_MD_CTX *ctx;
	int ok;

	if (req->response_len != 16)
		return PPP_AUTH_FAIL;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return PPP_AUTH_FAIL;
	ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) &&
	     EVP_DigestUpdate(ctx, &req->id, 1) &&
	     EVP_DigestUpdate(ctx, pw, len) &&
	     EVP_DigestUpdate(ctx, req->challenge, req->challenge_len) &&
	     EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	if (ok && n == 16 && same(md, req->response, 16))
		v = PPP_AUTH_OK;
	OPENSSL_cleanse(md, sizeof(md));
	return v;
}

/* RFC 2433: the NT-Response (octets 24..47), flag octet 48 = use NT. */
static enum ppp_verdict check_mschapv1(const struct ppp_auth_request *req,
				       const char *pw, size_t len,
				       struct ppp_auth_result *res)
{
	uint8_t hash[16], hashhash[16], nt[24];
	enum ppp_verdict v = PPP_AUTH_FAIL;

	/*
	 * LM-only responses come from pre-NT clients; we do not accept the
	 * LAN Manager hash as a password check.
	 */
	if (req->response_len != 49 || req->response[48] != 1 ||
	    req->challenge_len != MSCHAP_V1_CHALLENGE_LEN)
		return PPP_AUTH_FAIL;
	if (mschap_nt_password_hash(pw, len, hash))
		return PPP_AUTH_FAIL;
	mschap_challenge_response(req->challenge, hash, nt);
	if (same(nt, req->response + 24, 24)) {
		mschap_hash_nt_password_hash(hash, hashhash);
		if (!mppe_v1_start_key128(hashhash, req->challenge,
					  res->mppe_send)) {
			/* MS-CHAPv1 keys are the same in both directions. */
			memcpy(res->mppe_recv, res->mppe_send, 16);
			res->have_keys = true;
		}
		v = PPP_AUTH_OK;
	}
	OPENSSL_cleanse(hash, sizeof(hash));
	OPENSSL_cleanse(hashhash, sizeof(hashhash));
	return v;
}

/* RFC 2759: Peer-Challenge 0..15, reserved 16..23, NT-Response 24..47. */
static enum ppp_verdict check_mschapv2(const struct ppp_auth_request *req,
				       const char *pw, size_t len,
				       struct ppp_auth_result *res)
{
	const uint8_t *peer = req->response, *ntr = req->response + 24;
	uint8_t hash[16], hashhash[16], nt[24], master[16];
	enum ppp_verdict v = PPP_AUTH_FAIL;

	if (req->response_len != 49 ||
	    req->challenge_len != MSCHAP_V2_CHALLENGE_LEN)
		return PPP_AUTH_FAIL;
	if (mschap_nt_password_hash(pw, len, hash))
		return PPP_AUTH_FAIL;
	if (mschapv2_nt_response(req->challenge, peer, req->user,
				 req->user_len, hash, nt))
		goto out;
	if (!same(nt, ntr, 24))
		goto out;
	if (mschapv2_authenticator_response(hash, ntr, peer, req->challenge,
					    req->user, req->user_len,
					    res->authenticator))
		goto out;
	mschap_hash_nt_password_hash(hash, hashhash);
	if (!mppe_master_key(hashhash, ntr, master) &&
	    !mppe_asymmetric_start_key(master, res->mppe_send, 16, true,
				       true) &&
	    !mppe_asymmetric_start_key(master, res->mppe_recv, 16, false,
				       true))
		res->have_keys = true;
	v = PPP_AUTH_OK;
out:
	OPENSSL_cleanse(hash, sizeof(hash));
	OPENSSL_cleanse(hashhash, sizeof(hashhash));
	OPENSSL_cleanse(master, sizeof(master));
	return v;
}

enum ppp_verdict ppp_auth_check_password(const struct ppp_auth_request *req,
					 const char *password, size_t len,
					 struct ppp_auth_result *res)
{
	enum ppp_verdict v = PPP_AUTH_FAIL;

	memset(res, 0, sizeof(*res));
	switch (req->method) {
	case PPP_AUTH_PAP:
		v = check_pap(req, password, len);
		break;
	case PPP_AUTH_CHAP_MD5:
		v = check_chap_md5(req, password, len);
		break;
	case PPP_AUTH_MSCHAPV1:
		v = check_mschapv1(req, password, len, res);
		break;
	case PPP_AUTH_MSCHAPV2:
		v = check_mschapv2(req, password, len, res);
		break;
	case PPP_AUTH_NONE:
		break;
	}
	if (v != PPP_AUTH_OK) {
		OPENSSL_cleanse(res, sizeof(*res));
		res->error = 691;
	}
	return v;
}
