/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SipHash-2-4 (Aumasson and Bernstein): a keyed hash of short inputs, for
 * hash tables whose keys a peer chooses (its address, its cookie).  With
 * a secret random key, no peer can pick keys that fall into one chain.
 */
#ifndef ROAM_SIPHASH_H
#define ROAM_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t siphash24(const uint64_t key[2], const void *data, size_t len);

#endif /* ROAM_SIPHASH_H */
