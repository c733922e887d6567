// SPDX-License-Identifier: GPL-2.0
/*
 * roam monitor: session events as they happen, from two sources: the
 * kernel's (sessions added to and deleted from roam0's table, the
 * netlink multicast group) and roamd's (a session up, down with its
 * reason, a login refused with its cause and Windows error: over the
 * control socket, when roamd runs in this network namespace).  A thread
 * reads roamd's; each event is printed whole under stdout's lock, so
 * that lines of the two never mix.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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
	flockfile(stdout);
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
	fflush(stdout);
	funlockfile(stdout);
	return 0;
}

/* roamd's events: each frame is one line, printed as it comes. */
static void *roamd_events(void *arg)
{
	int fd = (int)(long)arg;
	char *line;
	size_t len;

	while ((line = roamd_monitor_next(fd, &len))) {
		flockfile(stdout);
		fwrite(line, 1, len, stdout);
		fflush(stdout);
		funlockfile(stdout);
		free(line);
	}
	close(fd);
	return NULL;
}

int do_monitor(const struct roam_opts *o)
{
	struct roam_nl_err e;
	struct roam_genl g;
	pthread_t th;
	int ret, fd;

	fd = roamd_monitor_open(o);
	if (fd >= 0 && pthread_create(&th, NULL, roamd_events,
				      (void *)(long)fd)) {
		fprintf(stderr, "roam: roamd's events will not be shown (no thread)\n");
		close(fd);
		fd = -1;
	}
	ret = genl_open_or_say(&g);
	if (ret) {
		/* no roam module: roamd's events alone, until it ends */
		if (fd < 0)
			return ret;
		pthread_join(th, NULL);
		return EXIT_OK;
	}
	ret = EXIT_OK;
	if (roam_genl_monitor(&g, on_event, (void *)o, &e))
		ret = nl_failed(&e);
	roam_genl_close(&g);
	return ret;
}
