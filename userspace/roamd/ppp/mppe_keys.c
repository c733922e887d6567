// SPDX-License-Identifier: GPL-2.0
/*
 * MPPE key derivation (RFC 3079).  The magic strings are the RFC's octet
 * arrays written as the ASCII text they spell.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "mppe_keys.h"
#include "mschap.h"

static const char master_magic[] = "This is the MPPE Master Key";
static const char client_send_magic[] =
	"On the client side, this is the send key; "
	"on the server side, it is the receive key.";
static const char client_recv_magic[] =
	"On the client side, this is the receive key; "
	"on the server side, it is the send key.";

/* SHSpad1 is 40 zero octets, SHSpad2 40 octets of 0xf2. */
static const uint8_t pad1[40];
static const uint8_t pad2[40] = {
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
};

int mppe_master_key(const uint8_t hashhash[16], const uint8_t nt[24],
		    uint8_t master[16])
{
	uint8_t d[20];

	if (mschap_sha1(d, hashhash, 16, nt, 24, master_magic,
			sizeof(master_magic) - 1, NULL, 0))
		return -1;
	memcpy(master, d, 16);
	OPENSSL_cleanse(d, sizeof(d));
	return 0;
}

int mppe_asymmetric_start_key(const uint8_t master[16], uint8_t *key,
			      size_t keylen, bool is_send, bool is_server)
{
	/* The client's send direction is the server's receive direction. */
	bool client_send = is_send != is_server;
	const char *s = client_send ? client_send_magic : client_recv_magic;
	size_t slen = client_send ? sizeof(client_send_magic) - 1 :
				    sizeof(client_recv_magic) - 1;
	uint8_t d[20];

	if (keylen > MPPE_KEY_MAX)
		return -1;
	if (mschap_sha1(d, master, 16, pad1, sizeof(pad1), s, slen, pad2,
			sizeof(pad2)))
		return -1;
	memcpy(key, d, keylen);
	OPENSSL_cleanse(d, sizeof(d));
	return 0;
}

int mppe_new_key_from_sha(const uint8_t *start, const uint8_t *session,
			  size_t keylen, uint8_t *out)
{
	uint8_t d[20];

	if (keylen > MPPE_KEY_MAX)
		return -1;
	if (mschap_sha1(d, start, keylen, pad1, sizeof(pad1), session, keylen,
			pad2, sizeof(pad2)))
		return -1;
	memcpy(out, d, keylen);
	OPENSSL_cleanse(d, sizeof(d));
	return 0;
}

int mppe_initial_session_key(const uint8_t *start, unsigned int bits,
			     uint8_t *out)
{
	size_t keylen = bits == 128 ? 16 : 8;

	if (bits != 40 && bits != 56 && bits != 128)
		return -1;
	if (mppe_new_key_from_sha(start, start, keylen, out))
		return -1;
	/* Weaker keys keep 64 bits with known leading octets (RFC 3079). */
	if (bits == 40) {
		out[0] = 0xd1;
		out[1] = 0x26;
		out[2] = 0x9e;
	} else if (bits == 56) {
		out[0] = 0xd1;
	}
	return 0;
}

int mppe_v1_start_key128(const uint8_t hashhash[16],
			 const uint8_t challenge[8], uint8_t key[16])
{
	uint8_t d[20];

	if (mschap_sha1(d, hashhash, 16, hashhash, 16, challenge, 8, NULL, 0))
		return -1;
	memcpy(key, d, 16);
	OPENSSL_cleanse(d, sizeof(d));
	return 0;
}
