// SPDX-License-Identifier: GPL-2.0
/*
 * "session show" and "session del" as roamd answers them (the CLI asks
 * roamd first when it runs in the CLI's network namespace).
 *
 * show: the kernel's sessions, dumped here, merged with what the engines
 * know of their calls (user, protocol, PPP phase, uptime), and the calls
 * the kernel does not carry yet, so that sessions in setup are seen too.
 * del: a call is closed the way its protocol closes (PPP Terminate, then
 * L2TP CDN; its address goes back to the pool); a kernel session that no
 * call owns (one added by hand) is only deleted from the kernel.
 */
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>

#include "genl.h"
#include "log.h"
#include "roamd.h"
#include "session_merge.h"
#include "session_print.h"
#include "vpn.h"

static __printf(3, 4) enum roam_ctl_status failed(char *err, size_t errlen,
						  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return ROAM_CTL_S_FAILED;
}

/* "dev NAME" to an ifindex, 0 when not given; -1 when there is none. */
static int dev_index(const struct roam_cmd_session *c, uint32_t *ifindex)
{
	*ifindex = c->dev ? if_nametoindex(c->dev) : 0;
	return c->dev && !*ifindex ? -1 : 0;
}

/* The kernel's sessions; none when the module is not loaded. */
static int kernel_sessions(uint32_t ifindex, uint32_t id,
			   struct roam_session_info **s, size_t *n,
			   struct roam_nl_err *e)
{
	struct roam_genl g;
	int ret;

	*s = NULL;
	*n = 0;
	/* a socket of its own: the calls' one may be missing (no L2TP) */
	ret = roam_genl_open(&g, e);
	if (ret == ROAM_GENL_NO_FAMILY)
		return 0;
	if (ret)
		return -1;
	ret = roam_genl_session_list(&g, ifindex, id, s, n, e);
	roam_genl_close(&g);
	return ret;
}

static enum roam_ctl_status session_show(struct roamd *d,
					 const struct roam_cmd_session *c,
					 struct roam_print *p, bool stats,
					 char *err, size_t errlen)
{
	struct roam_call_list calls = {};
	struct roam_session_row *rows;
	struct roam_session_info *s;
	struct roam_nl_err e;
	uint32_t ifindex;
	size_t ns, n;

	if (dev_index(c, &ifindex))
		return failed(err, errlen, "no device named '%s'", c->dev);
	if (kernel_sessions(ifindex, c->id, &s, &ns, &e))
		return failed(err, errlen, "%s", roam_nl_err_text(&e));
	rows = NULL;
	if (!vpn_calls(d, &calls))
		rows = calloc(ns + calls.n + 1, sizeof(*rows));
	if (!rows) {
		roam_call_list_free(&calls);
		free(s);
		return failed(err, errlen, "out of memory");
	}
	n = roam_session_merge(s, ns, calls.v, calls.n, ifindex, c->id,
			       rows);
	roam_session_print_rows(p, rows, n, stats);
	free(rows);
	roam_call_list_free(&calls);
	free(s);
	return ROAM_CTL_S_OK;
}

static enum roam_ctl_status session_del(struct roamd *d,
					const struct roam_cmd_session *c,
					char *err, size_t errlen)
{
	struct roam_nl_err e;
	struct roam_genl g;
	uint32_t ifindex;
	int ret;

	if (dev_index(c, &ifindex))
		return failed(err, errlen, "no device named '%s'", c->dev);
	if (vpn_close_session(d, ifindex, c->id))
		return ROAM_CTL_S_OK;
	ret = roam_genl_open(&g, &e);
	if (ret)
		return failed(err, errlen, "%s", roam_nl_err_text(&e));
	ret = (!ifindex && roam_genl_only_dev(&g, &ifindex, &e)) ||
	      roam_genl_session_del(&g, ifindex, c->id, &e);
	roam_genl_close(&g);
	if (ret)
		return failed(err, errlen, "%s", roam_nl_err_text(&e));
	log_info("kernel session %u deleted by control request (no call on it)",
		 c->id);
	return ROAM_CTL_S_OK;
}

enum roam_ctl_status roamd_session_exec(struct roamd *d,
					const struct roam_cmd *cmd,
					struct roam_print *p, bool stats,
					char *err, size_t errlen)
{
	if (cmd->verb == ROAM_VERB_SHOW)
		return session_show(d, &cmd->session, p, stats, err, errlen);
	if (cmd->verb == ROAM_VERB_DEL)
		return session_del(d, &cmd->session, err, errlen);
	snprintf(err, errlen,
		 "'session %s' is handled by the kernel, not by roamd: run 'roam session ...' directly",
		 roam_verb_name(cmd->verb));
	return ROAM_CTL_S_USAGE;
}
