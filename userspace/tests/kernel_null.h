/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel that accepts every session added or deleted and keeps nothing,
 * behind the session layer's own interface (session/kernel.h): for the
 * tests and benches that measure or check the session table alone
 * (test_session_index.c, bench/ppp_peer.c).
 */
#ifndef TEST_KERNEL_NULL_H
#define TEST_KERNEL_NULL_H

#include "session/session.h"

extern const struct session_kernel_ops kernel_null_ops;

#endif /* TEST_KERNEL_NULL_H */
