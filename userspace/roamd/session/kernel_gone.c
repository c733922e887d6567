// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel deleted a session under a call: end the call properly
 * (kernel_gone.h).
 */
#include <stdio.h>
#include <unistd.h>

#include <linux/roam.h>

#include "log.h"
#include "session/kernel_gone.h"
#include "session/ppp_link.h"

const char *session_kernel_gone_reason(uint32_t del_reason)
{
	switch (del_reason) {
	case ROAM_DEL_REASON_ADMIN:
		return "deleted over netlink, not by roamd";
	case ROAM_DEL_REASON_DEVICE_GONE:
		return "its roam device was deleted";
	case ROAM_DEL_REASON_ENCAP_GONE:
		return "the module of its encapsulation was unloaded";
	}
	return "deleted by the kernel";
}

static void end_call(struct roamd_session *s, const char *why, uint64_t now)
{
	/* PPTP sends PPP through the kernel session: no way left for it */
	bool ppp_through_kernel = s->kernel_early;

	log_warn("%s%s%s: kernel session %u gone (%s): ending the call",
		 s->label, s->user[0] ? " user " : "", s->user, s->kernel_id,
		 why);
	session_set_kernel_id(s, 0);
	s->kernel_early = false;
	session_note_why(s, "kernel session gone: %s", why);
	if (s->ppp && !s->ppp_finished && !ppp_through_kernel) {
		/* Terminate-Request through the call, then its close */
		ppp_link_close(s, now);
		return;
	}
	/* PPP cannot reach the client: end it here, close the call */
	if (s->ppp)
		s->ppp_finished = true;
	session_finish(s, s->why, 0);
}

static bool alive(const struct roamd_session *s)
{
	return s->kernel_id &&
	       s->state != SESSION_CLOSING && s->state != SESSION_DEAD;
}

bool session_kernel_gone(struct session_table *t, uint32_t ifindex,
			 uint32_t id, const char *why, uint64_t now)
{
	struct roamd_session *s = session_by_kernel_id(t, ifindex, id);

	if (!s || !alive(s))
		return false;
	end_call(s, why, now);
	return true;
}

unsigned int session_kernel_all_gone(struct session_table *t,
				     const char *why, uint64_t now)
{
	struct roamd_session *s;
	unsigned int n = 0;

	/* nothing is freed before session_reap(): the walk is safe */
	for (s = t->list; s; s = s->next) {
		if (!alive(s))
			continue;
		end_call(s, why, now);
		n++;
	}
	return n;
}

unsigned int session_kernel_resync(struct session_table *t,
				   const struct roam_session_info *k,
				   size_t n, uint64_t now)
{
	struct roamd_session *s;
	unsigned int lost = 0;
	size_t i;

	for (s = t->list; s; s = s->next) {
		if (!alive(s))
			continue;
		for (i = 0; i < n; i++)
			if (k[i].id == s->kernel_id &&
			    k[i].ifindex == s->kernel_ifindex)
				break;
		if (i < n)
			continue;
		end_call(s, "not in the kernel any more (notification lost)", now);
		lost++;
	}
	return lost;
}

static const char *encap_module(uint32_t kind)
{
	return kind == ROAM_KIND_L2TP ? "roam_l2tp" :
	       kind == ROAM_KIND_PPTP ? "roam_pptp" : NULL;
}

void session_kernel_encap_gone(struct session_kernel *k, uint32_t kind)
{
	const char *m = encap_module(kind);

	if (!m || k->encap_removed & 1u << kind)
		return;
	k->encap_removed |= 1u << kind;
	log_warn("the %s kernel module was unloaded: its calls end, and roamd will not load it again (modprobe %s brings it back)",
		 m, m);
}

bool session_kernel_encap_refused(struct session_kernel *k, uint32_t kind,
				  char *err, size_t errlen)
{
	const char *m = encap_module(kind);
	char path[64];

	if (!m || !(k->encap_removed & 1u << kind))
		return false;
	snprintf(path, sizeof(path), "/sys/module/%s", m);
	if (!access(path, F_OK)) {
		k->encap_removed &= ~(1u << kind);
		log_info("the %s kernel module is back", m);
		return false;
	}
	snprintf(err, errlen,
		 "the %s module was unloaded and roamd does not load it again (modprobe %s)",
		 m, m);
	return true;
}
