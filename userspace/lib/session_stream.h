/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "session show" of the kernel's table printed as the dump is read: no
 * array of decoded rows, no second pass.  The listing is gathered in the
 * printer's memory (rp_gather()) and written only once a reading ended
 * uninterrupted, so nothing of a reading thrown away (NLM_F_DUMP_INTR)
 * reaches the output.  Without roamd's calls the kernel's order is the
 * listing's as long as rows come by device and id; when one does not,
 * the caller reads the list again and sorts it (roam_session_merge()).
 */
#ifndef ROAM_SESSION_STREAM_H
#define ROAM_SESSION_STREAM_H

#include <stdint.h>

#include "genl.h"
#include "print.h"

enum roam_stream_result {
	ROAM_STREAM_DONE,	/* printed and written (rp_end()) */
	ROAM_STREAM_FAILED,	/* e says why; nothing was written */
	/* out of order, or no memory for the listing: nothing was written */
	ROAM_STREAM_SORT,
};

/*
 * Print "session show [dev] [id]" of the kernel's table into p (just
 * rp_init()'ed, nothing written yet), and end it.
 */
enum roam_stream_result roam_session_stream(struct roam_genl *g,
					    uint32_t ifindex, uint32_t id,
					    struct roam_print *p, bool stats,
					    struct roam_nl_err *e);

#endif /* ROAM_SESSION_STREAM_H */
