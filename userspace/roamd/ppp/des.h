/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Single DES, encryption of one block, only for MS-CHAP (RFC 2433, RFC
 * 2759) and the LAN Manager hash.  OpenSSL 3 moved single DES to its
 * "legacy" provider; this local copy keeps MS-CHAP working without it.
 * Not for any new use: DES is broken.
 */
#ifndef ROAM_PPP_DES_H
#define ROAM_PPP_DES_H

#include <stdint.h>

/* key: 8 octets, the low bit of each (parity) is ignored. */
void ppp_des_encrypt(const uint8_t key[8], const uint8_t in[8],
		     uint8_t out[8]);

/*
 * MS-CHAP's key expansion: 56 key bits in 7 octets spread over 8 octets,
 * 7 bits each in the high bits, parity set (RFC 2759 8.6 "DesEncrypt").
 */
void ppp_des_expand_key(const uint8_t key7[7], uint8_t key8[8]);

#endif /* ROAM_PPP_DES_H */
