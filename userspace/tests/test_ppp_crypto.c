// SPDX-License-Identifier: GPL-2.0
/*
 * Known answers for the PPP authentication crypto: MD4 (RFC 1320), DES
 * (FIPS 81 / the classic textbook vector), MS-CHAPv2 (RFC 2759 9.2),
 * MS-CHAPv1 (RFC 2433 B.2), MPPE keys (RFC 3079 2.5 and 3.5), CHAP-MD5,
 * and ppp_auth_check_password() for every method.
 */
#include "test.h"

#include "ppp/auth.h"
#include "ppp/des.h"
#include "ppp/md4.h"
#include "ppp/mppe_keys.h"
#include "ppp/mschap.h"

void suite_ppp_crypto(void);

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static unsigned int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

/* "AB CD ..." or "abcd..." to octets; returns the count. */
static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		out[n++] = (uint8_t)(nibble(s[0]) << 4 | nibble(s[1]));
		s += 2;
	}
	return n;
}

#define CHECK_HEX(buf, len, hex) do {					\
	uint8_t _want[64];						\
	size_t _n = unhex(hex, _want);					\
	CHECK_INT(_n, len);						\
	if (memcmp(buf, _want, _n))					\
		t_fail(__FILE__, __LINE__, "%s != %s", #buf, hex);	\
} while (0)

/* RFC 2759 9.2 */
static const char *const V_AUTH_CHAL =
	"5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28";
static const char *const V_PEER_CHAL =
	"21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E";
static const char *const V_NT_RESP =
	"82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 "
	"42 33 11 4A 3D 85 D6 DF";

static void md4_rfc1320(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "31d6cfe0d16ae931b73c59d7e0c089c0" },
		{ "a", "bde52cb31de33e46245e05fbdbd6fb24" },
		{ "abc", "a448017aaf21d8525fc10ae87aa6729d" },
		{ "message digest", "d9130a8164549fe818874806e1c7014b" },
		{ "abcdefghijklmnopqrstuvwxyz",
		  "d79e1c308aa5bbcdeea8ed63df412da9" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "043f8582f241db351ce627e153e7f0e4" },
		{ "1234567890123456789012345678901234567890"
		  "1234567890123456789012345678901234567890",
		  "e33b4ddc9c38f2199c3e7b164fcc0536" },
	};
	uint8_t d[MD4_DIGEST_LEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		ppp_md4(v[i].in, strlen(v[i].in), d);
		CHECK_HEX(d, 16, v[i].out);
	}
}

static void des_known_answers(void)
{
	uint8_t k[8], p[8], c[8], k8[8];

	/* The textbook vector (Stallings; the FIPS 46 worked example). */
	unhex("133457799BBCDFF1", k);
	unhex("0123456789ABCDEF", p);
	ppp_des_encrypt(k, p, c);
	CHECK_HEX(c, 8, "85E813540F0AB405");
	/* FIPS 81 appendix B: "Now is t" under 0123456789abcdef. */
	unhex("0123456789ABCDEF", k);
	unhex("4E6F772069732074", p);
	ppp_des_encrypt(k, p, c);
	CHECK_HEX(c, 8, "3FA40E8A984D4815");
	/* Parity bits do not matter. */
	unhex("0022446688AACCEE", k);
	ppp_des_encrypt(k, p, c);
	unhex("0123456789ABCDEF", k);
	ppp_des_encrypt(k, p, k8);
	CHECK(!memcmp(c, k8, 8));

	/* 7 -> 8 key expansion: 56 bits spread 7 a byte, odd parity. */
	unhex("FFFFFFFFFFFFFF", k);
	ppp_des_expand_key(k, k8);
	CHECK_HEX(k8, 8, "FEFEFEFEFEFEFEFE");
	memset(k, 0, 7);
	ppp_des_expand_key(k, k8);
	CHECK_HEX(k8, 8, "0101010101010101");
}

static void mschapv2_rfc2759(void)
{
	uint8_t auth[16], peer[16], hash[16], hh[16], ch[8], nt[24];
	char s[MSCHAP_AUTH_RESP_LEN + 1];

	unhex(V_AUTH_CHAL, auth);
	unhex(V_PEER_CHAL, peer);

	CHECK_INT(mschap_nt_password_hash("clientPass", 10, hash), 0);
	CHECK_HEX(hash, 16, "44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE");
	mschap_hash_nt_password_hash(hash, hh);
	CHECK_HEX(hh, 16, "41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F");
	CHECK_INT(mschap_challenge_hash(peer, auth, "User", 4, ch), 0);
	CHECK_HEX(ch, 8, "D0 2E 43 86 BC E9 12 26");
	CHECK_INT(mschapv2_nt_response(auth, peer, "User", 4, hash, nt), 0);
	CHECK_HEX(nt, 24, V_NT_RESP);
	CHECK_INT(mschapv2_authenticator_response(hash, nt, peer, auth,
						  "User", 4, s), 0);
	CHECK_STR(s, "S=407A5589115FD0D6209F510FE9C04566932CDA56");

	/* A Windows domain prefix is not part of the ChallengeHash. */
	CHECK_INT(mschap_challenge_hash(peer, auth, "CORP\\User", 9, ch), 0);
	CHECK_HEX(ch, 8, "D0 2E 43 86 BC E9 12 26");
}

static void mschapv1_rfc2433(void)
{
	uint8_t ch[8], hash[16], resp[24];

	/* RFC 2433 B.2, password "MyPw". */
	unhex("10 2D B5 DF 08 5D 30 41", ch);
	CHECK_INT(mschap_nt_password_hash("MyPw", 4, hash), 0);
	CHECK_HEX(hash, 16, "FC 15 6A F7 ED CD 6C 0E DD E3 33 7D 42 7F 4E AC");
	mschap_challenge_response(ch, hash, resp);
	CHECK_HEX(resp, 24, "4E 9D 3C 8F 9C FD 38 5D 5B F4 D3 24 67 91 95 6C "
			    "A4 C3 51 AB 40 9A 3D 61");
	CHECK_INT(mschap_lm_password_hash("MyPw", 4, hash), 0);
	CHECK_HEX(hash, 16, "75 BA 30 19 8E 6D 19 75 AA D3 B4 35 B5 14 04 EE");
}

static void nt_hash_unicode(void)
{
	uint8_t hash[16];
	/* 256 characters is the limit (RFC 2759 8.1). */
	char longpw[258];

	/* Reference values: iconv -t UTF-16LE | openssl dgst -md4. */
	CHECK_INT(mschap_nt_password_hash("p\xc3\xa4ssw\xc3\xb6rd\xe2\x82\xac",
					  13, hash), 0);
	CHECK_HEX(hash, 16, "7f20bf6e69d97371914a8807579cab5c");
	/* U+1F600 becomes a surrogate pair. */
	CHECK_INT(mschap_nt_password_hash("a\xf0\x9f\x98\x80", 5, hash), 0);
	CHECK_HEX(hash, 16, "d7a8818d09eec184f85b7c9941485a12");

	/* Malformed UTF-8 is refused, not guessed at. */
	CHECK_INT(mschap_nt_password_hash("\xc3", 1, hash), -1);
	CHECK_INT(mschap_nt_password_hash("\xc0\xaf", 2, hash), -1);
	CHECK_INT(mschap_nt_password_hash("\xed\xa0\x80", 3, hash), -1);
	CHECK_INT(mschap_nt_password_hash("\xff", 1, hash), -1);

	memset(longpw, 'x', sizeof(longpw));
	CHECK_INT(mschap_nt_password_hash(longpw, 256, hash), 0);
	CHECK_INT(mschap_nt_password_hash(longpw, 257, hash), -1);
}

/* Tiny RC4, only to check the RFC's sample encryptions. */
static void rc4(const uint8_t *key, size_t klen, const char *in, uint8_t *out)
{
	uint8_t st[256], t;
	unsigned int i, j = 0, k;

	for (i = 0; i < 256; i++)
		st[i] = (uint8_t)i;
	for (i = 0; i < 256; i++) {
		j = (j + st[i] + key[i % klen]) & 0xff;
		t = st[i];
		st[i] = st[j];
		st[j] = t;
	}
	for (i = j = k = 0; in[k]; k++) {
		i = (i + 1) & 0xff;
		j = (j + st[i]) & 0xff;
		t = st[i];
		st[i] = st[j];
		st[j] = t;
		out[k] = (uint8_t)in[k] ^ st[(st[i] + st[j]) & 0xff];
	}
}

static void mppe_rfc3079_mschapv2(void)
{
	uint8_t hh[16], nt[24], master[16], start[16], key[16], msg[12];

	unhex("41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F", hh);
	unhex(V_NT_RESP, nt);
	CHECK_INT(mppe_master_key(hh, nt, master), 0);
	CHECK_HEX(master, 16,
		  "FD EC E3 71 7A 8C 83 8C B3 88 E5 27 AE 3C DD 31");

	/* 3.5.1, 40-bit.  The RFC's "send" key is the server's. */
	CHECK_INT(mppe_asymmetric_start_key(master, start, 8, true, true), 0);
	CHECK_HEX(start, 8, "8B 7C DC 14 9B 99 3A 1B");
	CHECK_INT(mppe_new_key_from_sha(start, start, 8, key), 0);
	CHECK_HEX(key, 8, "96 5C 00 C4 9F A6 2E 3E");
	CHECK_INT(mppe_initial_session_key(start, 40, key), 0);
	CHECK_HEX(key, 8, "D1 26 9E C4 9F A6 2E 3E");
	rc4(key, 8, "test message", msg);
	CHECK_HEX(msg, 12, "92 91 37 91 7E 58 03 D6 68 D7 58 98");

	/*
	 * 3.5.2, 56-bit.  (The RFC prints the sample ciphertext as ending
	 * "57 58"; RC4 under the RFC's own key gives "57 B8".)
	 */
	CHECK_INT(mppe_initial_session_key(start, 56, key), 0);
	CHECK_HEX(key, 8, "D1 5C 00 C4 9F A6 2E 3E");
	rc4(key, 8, "test message", msg);
	CHECK_HEX(msg, 12, "3F 10 68 33 FA 44 8D A8 42 BC 57 B8");

	/* 3.5.3, 128-bit. */
	CHECK_INT(mppe_asymmetric_start_key(master, start, 16, true, true), 0);
	CHECK_HEX(start, 16, "8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB");
	CHECK_INT(mppe_initial_session_key(start, 128, key), 0);
	CHECK_HEX(key, 16, "40 5C B2 24 7A 79 56 E6 E2 11 00 7A E2 7B 22 D4");
	rc4(key, 16, "test message", msg);
	CHECK_HEX(msg, 12, "81 84 83 17 DF 68 84 62 72 FB 5A BE");

	/* The directions mirror: server send = client receive. */
	CHECK_INT(mppe_asymmetric_start_key(master, key, 16, false, false), 0);
	CHECK(!memcmp(key, start, 16));
	CHECK_INT(mppe_asymmetric_start_key(master, start, 16, false, true), 0);
	CHECK_INT(mppe_asymmetric_start_key(master, key, 16, true, false), 0);
	CHECK(!memcmp(key, start, 16));
	CHECK(memcmp(key, master, 16));

	CHECK_INT(mppe_initial_session_key(start, 64, key), -1);
}

static void mppe_rfc3079_mschapv1(void)
{
	uint8_t ch[8], hash[16], hh[16], key[16];

	/* RFC 3079 2.5, password "clientPass", the RFC 2433 challenge. */
	unhex("10 2D B5 DF 08 5D 30 41", ch);
	CHECK_INT(mschap_lm_password_hash("clientPass", 10, hash), 0);
	CHECK_HEX(hash, 16, "76 A1 52 93 60 96 D7 83 0E 23 90 22 74 04 AF D2");
	CHECK_INT(mppe_new_key_from_sha(hash, hash, 8, key), 0);
	CHECK_HEX(key, 8, "D8 08 01 53 8C EC 4A 08");

	CHECK_INT(mschap_nt_password_hash("clientPass", 10, hash), 0);
	mschap_hash_nt_password_hash(hash, hh);
	CHECK_INT(mppe_v1_start_key128(hh, ch, key), 0);
	/*
	 * (2.5.3's step listing has "AC CA D1"; its own next step and the
	 * resulting session key follow from "AC C1 D1".)
	 */
	CHECK_HEX(key, 16, "A8 94 78 50 CF C0 AC C1 D1 78 9F B6 2D DC DD B0");
	CHECK_INT(mppe_initial_session_key(key, 128, key), 0);
	CHECK_HEX(key, 16, "59 D1 59 BC 09 F7 6F 1D A2 A8 6A 28 FF EC 0B 1E");
}

static void check_password_all_methods(void)
{
	uint8_t auth[16], v2[49] = { 0 }, v1[49] = { 0 }, md5[16], ch[16];
	uint8_t hash[16];
	struct ppp_auth_request req;
	struct ppp_auth_result res;

	/* PAP */
	memset(&req, 0, sizeof(req));
	req.method = PPP_AUTH_PAP;
	req.user = "dialin1";
	req.user_len = 7;
	req.response = (const uint8_t *)"friend1";
	req.response_len = 7;
	CHECK_INT(ppp_auth_check_password(&req, "friend1", 7, &res),
		  PPP_AUTH_OK);
	CHECK_INT(ppp_auth_check_password(&req, "friend", 6, &res),
		  PPP_AUTH_FAIL);
	CHECK_INT(res.error, 691);
	CHECK_INT(ppp_auth_check_password(&req, "friend2", 7, &res),
		  PPP_AUTH_FAIL);

	/* CHAP-MD5: MD5(0x2a | "friend1" | 00..0f), from openssl dgst. */
	unhex("000102030405060708090a0b0c0d0e0f", ch);
	unhex("8397e5f7b5ec4f145ecd54a3692eefa9", md5);
	req.method = PPP_AUTH_CHAP_MD5;
	req.id = 0x2a;
	req.challenge = ch;
	req.challenge_len = 16;
	req.response = md5;
	req.response_len = 16;
	CHECK_INT(ppp_auth_check_password(&req, "friend1", 7, &res),
		  PPP_AUTH_OK);
	CHECK_INT(ppp_auth_check_password(&req, "friend2", 7, &res),
		  PPP_AUTH_FAIL);
	req.id = 0x2b;
	CHECK_INT(ppp_auth_check_password(&req, "friend1", 7, &res),
		  PPP_AUTH_FAIL);

	/* MS-CHAPv2, RFC 2759 9.2 as the client would send it. */
	unhex(V_AUTH_CHAL, auth);
	unhex(V_PEER_CHAL, v2);
	unhex(V_NT_RESP, v2 + 24);
	memset(&req, 0, sizeof(req));
	req.method = PPP_AUTH_MSCHAPV2;
	req.user = "User";
	req.user_len = 4;
	req.challenge = auth;
	req.challenge_len = 16;
	req.response = v2;
	req.response_len = 49;
	CHECK_INT(ppp_auth_check_password(&req, "clientPass", 10, &res),
		  PPP_AUTH_OK);
	CHECK_STR(res.authenticator,
		  "S=407A5589115FD0D6209F510FE9C04566932CDA56");
	CHECK(res.have_keys);
	CHECK_HEX(res.mppe_send, 16,
		  "8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB");
	CHECK_INT(ppp_auth_check_password(&req, "clientPasS", 10, &res),
		  PPP_AUTH_FAIL);
	CHECK(!res.have_keys);
	CHECK_STR(res.authenticator, "");
	req.response_len = 48;
	CHECK_INT(ppp_auth_check_password(&req, "clientPass", 10, &res),
		  PPP_AUTH_FAIL);

	/* MS-CHAPv1, RFC 2433 B.2; flag octet 1 = use the NT-Response. */
	unhex("10 2D B5 DF 08 5D 30 41", ch);
	unhex("4E 9D 3C 8F 9C FD 38 5D 5B F4 D3 24 67 91 95 6C "
	      "A4 C3 51 AB 40 9A 3D 61", v1 + 24);
	v1[48] = 1;
	req.method = PPP_AUTH_MSCHAPV1;
	req.challenge = ch;
	req.challenge_len = 8;
	req.response = v1;
	req.response_len = 49;
	CHECK_INT(ppp_auth_check_password(&req, "MyPw", 4, &res), PPP_AUTH_OK);
	CHECK(res.have_keys);
	CHECK_INT(mschap_nt_password_hash("MyPw", 4, hash), 0);
	CHECK_INT(ppp_auth_check_password(&req, "MyPW", 4, &res),
		  PPP_AUTH_FAIL);
	v1[48] = 0;	/* LM-only: refused */
	CHECK_INT(ppp_auth_check_password(&req, "MyPw", 4, &res),
		  PPP_AUTH_FAIL);
}

void suite_ppp_crypto(void)
{
	RUN(md4_rfc1320);
	RUN(des_known_answers);
	RUN(mschapv2_rfc2759);
	RUN(mschapv1_rfc2433);
	RUN(nt_hash_unicode);
	RUN(mppe_rfc3079_mschapv2);
	RUN(mppe_rfc3079_mschapv1);
	RUN(check_password_all_methods);
}
