/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MD4 (RFC 1320), only for MS-CHAP's NtPasswordHash.  OpenSSL 3 keeps MD4
 * in its "legacy" provider, which is not always installed or loaded; this
 * small local copy removes that dependency.  Not for any new use.
 */
#ifndef ROAM_PPP_MD4_H
#define ROAM_PPP_MD4_H

#include <stddef.h>
#include <stdint.h>

#define MD4_DIGEST_LEN	16

void ppp_md4(const void *data, size_t len, uint8_t digest[MD4_DIGEST_LEN]);

#endif /* ROAM_PPP_MD4_H */
