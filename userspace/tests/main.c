// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>

#include "test.h"

static int passed, failed;
static bool current_failed;
static const char *current;

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	current_failed = true;
	fprintf(stderr, "FAIL %s (%s:%d): ", current, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void t_run(const char *name, void (*fn)(void))
{
	current = name;
	current_failed = false;
	fn();
	if (current_failed)
		failed++;
	else
		passed++;
}

int main(int argc, char **argv)
{
	suite_hashtab();
	suite_tokenize();
	suite_cmd();
	suite_group();
	suite_policy();
	suite_ctl_proto();
	suite_print();
	suite_session();
	suite_session_list();
	suite_session_stream();
	suite_session_attrs();
	suite_nl_dump();
	suite_session_layer();
	suite_session_policy();
	suite_session_server_limits();
	suite_session_ike_radius();
	suite_session_index();
	suite_addr();
	suite_pool();
	suite_users();
	suite_nlerr();
	suite_ike_payload();
	suite_ike_keys();
	suite_ike_exchange();
	suite_ike_setup_limit();
	suite_ike_initiator();
	suite_ike_mapping();
	suite_ike_ra();
	suite_ike_attr();
	suite_ike_table();
	suite_ipsec();
	suite_ipsec_remap();
	suite_xfrm_msg();
	suite_l2tp_codec();
	suite_l2tp_reliable();
	suite_l2tp_resync();
	suite_l2tp_fsm();
	suite_l2tp_refuse();
	suite_ppp_codec();
	suite_ppp_crypto();
	suite_ppp_fsm();
	suite_ppp_session();
	suite_ppp_auth();
	suite_ppp_mppe();
	suite_pptp_codec();
	suite_pptp_ctrl();
	suite_gre();
	suite_restart();
	suite_takeover();
	suite_resume();
	suite_session_resume();
	suite_mppe_kernel();
	suite_radius_codec();
	suite_radius_coa();
	suite_radius_client();
	suite_loadgen();
	suite_loadgen_esp();
	if (argc == 3)
		suite_roamd(argv[1], argv[2]);
	else
		fprintf(stderr, "roamd and roam not given: their tests skipped\n");
	fflush(stderr);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
