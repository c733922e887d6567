// SPDX-License-Identifier: GPL-2.0
/* roam monitor: the kernel's session events, as they happen. */
#include <stdio.h>

#include <linux/roam.h>

#include "roam.h"
#include "session_print.h"

static const char *reason_name(uint32_t reason)
{
	switch (reason) {
	case ROAM_DEL_REASON_ADMIN:
		return "admin";
	case ROAM_DEL_REASON_DEVICE_GONE:
		return "device-gone";
	case ROAM_DEL_REASON_ENCAP_GONE:
		return "encap-gone";
	}
	return "?";
}

static int on_event(uint8_t cmd, const struct roam_session_info *s,
		    void *arg)
{
	const struct roam_opts *o = arg;
	struct roam_print p;

	if (!s) {
		fprintf(stderr, "roam: events were lost (receive buffer overrun)\n");
		return 0;
	}
	/* one JSON document a line, so a reader can take them one by one */
	rp_init(&p, stdout, o->json, o->pretty);
	rp_open_object(&p, NULL);
	rp_str(&p, "event", "%s ",
	       cmd == ROAM_CMD_SESSION_ADD_NTF ? "added" : "deleted");
	roam_session_print(&p, s, NULL, o->stats);
	if (s->del_reason)
		rp_str(&p, "reason", " reason %s", reason_name(s->del_reason));
	rp_close_object(&p);
	rp_text(&p, "\n");
	rp_end(&p);
	return 0;
}

int do_monitor(const struct roam_opts *o)
{
	struct roam_nl_err e;
	struct roam_genl g;
	int ret;

	ret = genl_open_or_say(&g);
	if (ret)
		return ret;
	ret = EXIT_OK;
	if (roam_genl_monitor(&g, on_event, (void *)o, &e))
		ret = nl_failed(&e);
	roam_genl_close(&g);
	return ret;
}
