// SPDX-License-Identifier: GPL-2.0
#include "session_print.h"
#include "session_stream.h"

struct stream {
	struct roam_print *p;
	struct roam_session_listing l;
	bool stats;
	bool unordered;		/* a row came out of order */
	uint32_t ifindex, id;	/* of the last row */
	size_t n;		/* rows printed */
};

/* A reading starts (again): what an interrupted one printed goes. */
static void stream_begin(void *arg)
{
	struct stream *w = arg;

	rp_gather_discard(w->p);
	roam_session_listing_begin(&w->l, w->p, w->stats);
	w->unordered = false;
	w->n = 0;
}

/*
 * roam_session_merge() orders rows by device, then id, and keeps equal
 * ones in the kernel's order: the same test as its check before sorting.
 */
static int stream_row(const struct roam_session_info *s, void *arg)
{
	struct stream *w = arg;

	if (w->unordered)
		return 0;
	if (w->n && (s->ifindex < w->ifindex ||
		     (s->ifindex == w->ifindex && s->id < w->id))) {
		w->unordered = true;
		return 0;
	}
	w->ifindex = s->ifindex;
	w->id = s->id;
	w->n++;
	roam_session_listing_row(&w->l, s, NULL);
	return 0;
}

enum roam_stream_result roam_session_stream(struct roam_genl *g,
					    uint32_t ifindex, uint32_t id,
					    struct roam_print *p, bool stats,
					    struct roam_nl_err *e)
{
	struct stream w = { .p = p, .stats = stats };
	struct roam_session_walk walk = {
		.begin = stream_begin,
		.row = stream_row,
		.arg = &w,
	};
	int ret;

	if (!rp_gather(p))
		return ROAM_STREAM_SORT;
	ret = roam_genl_session_walk(g, ifindex, id, &walk, e);
	if (ret || w.unordered || rp_lost(p)) {
		rp_gather_drop(p);
		return ret ? ROAM_STREAM_FAILED : ROAM_STREAM_SORT;
	}
	roam_session_listing_end(&w.l);
	rp_end(p);
	return ROAM_STREAM_DONE;
}
