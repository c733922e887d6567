// SPDX-License-Identifier: GPL-2.0
/*
 * Commands that arrive on the control socket: roamd's objects (user,
 * pool, log, daemon, ...), and session show|del (session_cmd.c).  Output goes through the print API so that -j
 * gives the same data as JSON.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "help.h"
#include "log.h"
#include "service.h"
#include "policy.h"
#include "policy_show.h"
#include "print.h"
#include "access/ike.h"
#include "access/l2tp.h"
#include "access/pptp.h"
#include "ike/ike.h"
#include "roamd.h"

static enum roam_ctl_status refuse(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return ROAM_CTL_S_FAILED;
}

static enum roam_ctl_status user_show(struct roamd *d, const char *name,
				      struct roam_print *p,
				      char *err, size_t errlen)
{
	struct roamd_policy pol;
	struct roamd_user **v;
	size_t i;

	if (name && !users_find(&d->db.users, name)) {
		snprintf(err, errlen, "no user '%s'", name);
		return ROAM_CTL_S_FAILED;
	}
	if (users_sorted(&d->db.users, &v))
		return refuse(err, errlen, "out of memory");
	rp_open_array(p, NULL);
	for (i = 0; i < d->db.users.count; i++) {
		if (name && strcmp(name, v[i]->name))
			continue;
		/* the password is deliberately not among the fields */
		rp_open_object(p, NULL);
		rp_str(p, "name", "%s", v[i]->name);
		if (v[i]->has_ipv4)
			rp_ipv4(p, "address", " address %s", v[i]->ipv4);
		if (v[i]->group[0])
			rp_str(p, "group", " group %s", v[i]->group);
		/* one user: its policy in force, and where each came from */
		if (name) {
			policy_for(&d->db, v[i]->name, NULL, &pol);
			policy_show(p, &pol);
		}
		rp_close_object(p);
		rp_text(p, "\n");
	}
	rp_close_array(p);
	free(v);
	return ROAM_CTL_S_OK;
}

static void pool_show(struct roamd *d, struct roam_print *p, bool stats)
{
	size_t i;

	rp_open_array(p, NULL);
	for (i = 0; i < d->db.pools.n; i++) {
		const struct roamd_pool *pool = &d->db.pools.v[i];
		char range[ROAM_RANGE_STRLEN];

		roam_range_format(pool->first, pool->last, range);
		rp_open_object(p, NULL);
		rp_str(p, "name", "%s", pool->name);
		rp_str(p, "range", " range %s", range);
		rp_u64(p, "size", " size %llu", pool_size(pool));
		if (stats) {
			rp_open_object(p, "stats");
			rp_u64(p, "in_use", "\n    in-use %llu", pool->in_use);
			rp_u64(p, "free", " free %llu",
			       pool_size(pool) - pool->in_use);
			rp_close_object(p);
		}
		rp_close_object(p);
		rp_text(p, "\n");
	}
	rp_close_array(p);
}

/*
 * What malloc holds for roamd: bytes in use (small blocks and mmapped
 * ones) and bytes taken from the system. A bench reads them before and
 * after N sessions to tell what a session costs roamd (its RSS also
 * counts pages malloc keeps free).
 */
static void heap_show(struct roam_print *p)
{
	struct mallinfo2 m = mallinfo2();

	rp_open_object(p, "heap");
	rp_u64(p, "in_use", "\n    heap in-use %llu",
	       (uint64_t)(m.uordblks + m.hblkhd));
	rp_u64(p, "system", " system %llu", (uint64_t)(m.arena + m.hblkhd));
	rp_u64(p, "free", " free %llu", (uint64_t)m.fordblks);
	rp_close_object(p);
}

/*
 * The restart state's upkeep (restart/persist.c): how often it was read
 * out and encoded, the time that took, the files written, the changes
 * that waited for a hold-off, and the size of the last encoding; and the
 * L2TP tunnels taken over from a state that lagged, whose Ns or Nr the
 * peer moved on (l2tp_rl_resume()).
 */
static void restart_show(const struct roamd *d, struct roam_print *p)
{
	const struct restart_saver *r = &d->restart;
	struct l2tp_stats st;

	rp_open_object(p, "restart_state");
	rp_u64(p, "rebuilds", "\n    restart-state rebuilds %llu",
	       r->stats.rebuilds);
	rp_u64(p, "rebuild_ms", " rebuild-ms %llu", r->stats.rebuild_us / 1000);
	rp_u64(p, "written", " written %llu", r->stats.written);
	rp_u64(p, "held", " held %llu", r->stats.held);
	rp_u64(p, "bytes", " bytes %llu", r->stats.last_len);
	if (d->l2tp) {
		l2tp_get_stats(d->l2tp->l2tp, &st);
		rp_u64(p, "l2tp_resynced", " l2tp-resynced %llu",
		       st.tunnels_resynced);
	}
	rp_close_object(p);
}

/*
 * The admission bounds on work in setup (ike set setup-limit, l2tp set
 * setup-limit), each as in force (IKE's 0 is its built-in bound), and
 * how many phase 1 negotiations are in setup now, to see how near the
 * bound a gateway runs.
 */
static void setup_limits_show(const struct roamd *d, struct roam_print *p)
{
	const struct roamd_settings *s = &d->db.settings;

	rp_open_object(p, "setup_limit");
	rp_u64(p, "ike", "\n    setup-limit ike %llu",
	       ike_max_half_open(s->ike_setup_limit));
	rp_u64(p, "l2tp", " l2tp %llu", s->l2tp_setup_limit);
	if (d->ike) {
		struct ike_stats st;

		ike_get_stats(d->ike->ctx, &st);
		rp_u64(p, "ike_half_open", " ike-half-open %llu", st.half_open);
	}
	rp_close_object(p);
}

static void daemon_show(struct roamd *d, struct roam_print *p, bool stats)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	rp_open_object(p, NULL);
	rp_u64(p, "pid", "roamd pid %llu", (uint64_t)getpid());
	rp_u64(p, "uptime", " uptime %llus",
	       (uint64_t)(now.tv_sec - d->started.tv_sec));
	rp_str(p, "config", "\n    config %s", d->config_path);
	rp_str(p, "socket", " socket %s", d->socket_path);
	rp_str(p, "log_level", " log-level %s",
	       roam_log_level_name(roam_log_get_level()));
	rp_u64(p, "users", "\n    users %llu", d->db.users.count);
	rp_u64(p, "pools", " pools %llu", d->db.pools.n);
	setup_limits_show(d, p);
	if (d->sessions.clock_offset) {
		char off[24];

		/* a string in JSON: the printer has no signed numbers */
		snprintf(off, sizeof(off), "%lld", d->sessions.clock_offset);
		rp_str(p, "clock_offset", " clock-offset %ss", off);
	}
	if (stats) {
		rp_open_object(p, "stats");
		rp_u64(p, "requests", "\n    requests %llu", d->requests);
		rp_u64(p, "refused", " refused %llu", d->refused);
		rp_close_object(p);
		heap_show(p);
		restart_show(d, p);
		if (d->ike) {
			struct ike_drops x;

			ike_get_drops(d->ike->ctx, &x);
			rp_open_object(p, "ike_drops");
			rp_u64(p, "malformed", "\n    ike-drops malformed %llu",
			       x.malformed);
			rp_u64(p, "unknown_sa", " unknown-sa %llu", x.unknown_sa);
			rp_u64(p, "bad_hash", " bad-hash %llu", x.bad_hash);
			rp_u64(p, "no_proposal", " no-proposal %llu",
			       x.no_proposal);
			rp_u64(p, "rate_limited", " rate-limited %llu",
			       x.rate_limited);
			rp_u64(p, "log_held", " log-held %llu",
			       d->ike->log_held_total);
			rp_close_object(p);
		}
		l2tp_show_drops(d, p);
		pptp_show_drops(d, p);
	}
	rp_close_object(p);
	rp_text(p, "\n");
}

enum roam_ctl_status roamd_exec(struct roamd *d, const struct roam_cmd *cmd,
				unsigned int flags, FILE *out,
				char *err, size_t errlen)
{
	bool stats = flags & ROAM_CTL_F_STATS;
	enum roam_ctl_status st = ROAM_CTL_S_OK;
	struct roam_print p;

	rp_init(&p, out, flags & ROAM_CTL_F_JSON, flags & ROAM_CTL_F_PRETTY);

	/* the kernel's object, which roamd knows more about */
	if (cmd->obj == ROAM_OBJ_SESSION && cmd->verb != ROAM_VERB_HELP) {
		st = roamd_session_exec(d, cmd, &p, stats, err, errlen);
		if (st == ROAM_CTL_S_OK && cmd->verb == ROAM_VERB_SHOW)
			rp_end(&p);
		return st;
	}
	if (!roam_cmd_is_roamd(cmd) && cmd->verb != ROAM_VERB_HELP) {
		snprintf(err, errlen,
			 "'%s' is handled by the kernel, not by roamd: run 'roam %s ...' directly",
			 roam_obj_name(cmd->obj), roam_obj_name(cmd->obj));
		return ROAM_CTL_S_USAGE;
	}

	switch (cmd->verb) {
	case ROAM_VERB_HELP:
		fputs(roam_help_text(cmd->obj), out);
		return ROAM_CTL_S_OK;
	case ROAM_VERB_ADD:
	case ROAM_VERB_DEL:
		if (db_apply(&d->db, cmd, err, errlen))
			return ROAM_CTL_S_FAILED;
		/* names only: never the password */
		if (cmd->obj == ROAM_OBJ_PSK) {
			log_info("pre-shared key %s by control request",
				 cmd->verb == ROAM_VERB_ADD ? "added" :
							      "deleted");
		} else if (cmd->obj == ROAM_OBJ_RADIUS) {
			/* its address: a RADIUS command has no name */
			char a[ROAM_IPV4_STRLEN];

			roam_ipv4_format(cmd->radius.server, a);
			log_info("RADIUS server %s %s by control request", a,
				 cmd->verb == ROAM_VERB_ADD ? "added" :
							      "deleted");
		} else
			log_info("%s '%s' %s by control request",
				 roam_obj_name(cmd->obj),
				 cmd->obj == ROAM_OBJ_USER ? cmd->user.name :
				 cmd->obj == ROAM_OBJ_GROUP ? cmd->group.name :
							      cmd->pool.name,
				 cmd->verb == ROAM_VERB_ADD ? "added" :
							      "deleted");
		services_settings_changed(d);
		return ROAM_CTL_S_OK;
	case ROAM_VERB_SET:
		if (cmd->obj == ROAM_OBJ_DAEMON) {
			d->sessions.clock_offset = cmd->daemon.clock_offset;
			d->sessions.policy_recheck = true;
			log_warn("the policy's clock is now %lld s off the system's (access hours follow it)",
				 cmd->daemon.clock_offset);
			return ROAM_CTL_S_OK;
		}
		if (db_apply(&d->db, cmd, err, errlen))
			return ROAM_CTL_S_FAILED;
		log_info("%s settings changed by control request",
			 roam_obj_name(cmd->obj));
		services_settings_changed(d);
		return ROAM_CTL_S_OK;
	case ROAM_VERB_LEVEL:
		roam_log_set_level(cmd->log_level);
		log_info("log level set to %s",
			 roam_log_level_name(cmd->log_level));
		return ROAM_CTL_S_OK;
	case ROAM_VERB_SHOW:
		break;
	default:
		snprintf(err, errlen, "'%s %s' is not a roamd command",
			 roam_obj_name(cmd->obj), roam_verb_name(cmd->verb));
		return ROAM_CTL_S_USAGE;
	}

	if (cmd->obj == ROAM_OBJ_USER)
		st = user_show(d, cmd->user.name, &p, err, errlen);
	else if (cmd->obj == ROAM_OBJ_POOL)
		pool_show(d, &p, stats);
	else if (cmd->obj == ROAM_OBJ_DAEMON)
		daemon_show(d, &p, stats);
	else if (cmd->obj == ROAM_OBJ_GROUP)
		ike_show_groups(&d->db.groups, cmd->group.name, &p);
	else
		services_show(d, cmd->obj, &p, stats);
	if (st == ROAM_CTL_S_OK)
		rp_end(&p);
	return st;
}
