/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A very small unit-test harness.  A test is a function; it passes when
 * none of its CHECKs fails.  main.c runs every suite and ends with the
 * line "N passed, N failed".
 */
#ifndef ROAM_TEST_H
#define ROAM_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void t_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void t_run(const char *name, void (*fn)(void));

#define RUN(fn)	t_run(#fn, fn)

#define CHECK(cond) do {						\
	if (!(cond))							\
		t_fail(__FILE__, __LINE__, "%s", #cond);		\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b)							\
		t_fail(__FILE__, __LINE__, "%s == %lld, expected %lld",	\
		       #a, _a, _b);					\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (!_a || strcmp(_a, _b))					\
		t_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", \
		       #a, _a ? _a : "(null)", _b);			\
} while (0)

/* err must contain the fragment (messages are checked by their gist) */
#define CHECK_HAS(err, frag) do {					\
	const char *_e = (err), *_f = (frag);				\
	if (!_e || !strstr(_e, _f))					\
		t_fail(__FILE__, __LINE__, "\"%s\" lacks \"%s\"",	\
		       _e ? _e : "(null)", _f);				\
} while (0)

void suite_hashtab(void);
void suite_tokenize(void);
void suite_cmd(void);
void suite_group(void);
void suite_policy(void);
void suite_ctl_proto(void);
void suite_print(void);
void suite_session(void);
void suite_session_list(void);
void suite_session_stream(void);
void suite_session_attrs(void);
void suite_nl_dump(void);
void suite_session_layer(void);
void suite_session_policy(void);
void suite_session_server_limits(void);
void suite_session_ike_radius(void);
void suite_session_index(void);
void suite_addr(void);
void suite_pool(void);
void suite_loadgen(void);
void suite_loadgen_esp(void);
void suite_users(void);
void suite_nlerr(void);
void suite_ike_payload(void);
void suite_ike_keys(void);
void suite_ike_exchange(void);
void suite_ike_setup_limit(void);
void suite_ike_initiator(void);
void suite_ike_mapping(void);
void suite_ike_ra(void);
void suite_ike_attr(void);
void suite_ike_table(void);
void suite_ipsec(void);
void suite_ipsec_remap(void);
void suite_xfrm_msg(void);
void suite_l2tp_codec(void);
void suite_l2tp_reliable(void);
void suite_l2tp_resync(void);
void suite_l2tp_fsm(void);
void suite_l2tp_refuse(void);
void suite_ppp_codec(void);
void suite_ppp_crypto(void);
void suite_ppp_fsm(void);
void suite_ppp_session(void);
void suite_ppp_auth(void);
void suite_ppp_mppe(void);
void suite_pptp_codec(void);
void suite_pptp_ctrl(void);
void suite_gre(void);
void suite_restart(void);
void suite_takeover(void);
void suite_resume(void);
void suite_session_resume(void);
void suite_mppe_kernel(void);
void suite_radius_codec(void);
void suite_radius_coa(void);
void suite_radius_client(void);
/* with the paths of the built roamd and roam */
void suite_roamd(const char *roamd, const char *roam);

#endif /* ROAM_TEST_H */
