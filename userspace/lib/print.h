/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One print API for text and JSON output.  The caller describes each
 * value once, with a JSON key (snake_case) and a text format; the
 * printer emits whichever the user asked for:
 *
 *	rp_str(p, "name", "user %s", name);	text: "user alice"
 *						JSON: "name": "alice"
 *
 * A NULL key makes a value text-only; a NULL format makes it JSON-only.
 */
#ifndef ROAM_PRINT_H
#define ROAM_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

#define RP_MAX_DEPTH	16

struct roam_print {
	FILE *f;
	bool json;
	bool pretty;
	int depth;
	/* per open container: nothing printed in it yet */
	bool empty[RP_MAX_DEPTH];
	/*
	 * while buffered (rp_buffer()): cap bytes (RP_BUF_SIZE, more while
	 * gathering), len of them used
	 */
	char *buf;
	size_t len, cap;
	bool gather;		/* rp_gather(): held until rp_end() */
	bool lost;		/* gathering ran out of memory */
	bool mapped;		/* buf is mmap()ed (a large gathering) */
};

#define RP_BUF_SIZE	(64u << 10)

void rp_init(struct roam_print *p, FILE *f, bool json, bool pretty);

/* Containers.  key is NULL at the top level and inside arrays.  They
 * print nothing in text mode. */
void rp_open_array(struct roam_print *p, const char *key);
void rp_close_array(struct roam_print *p);
void rp_open_object(struct roam_print *p, const char *key);
void rp_close_object(struct roam_print *p);

void rp_str(struct roam_print *p, const char *key, const char *fmt,
	    const char *val);
/* A string element of the array just opened. */
void rp_elem_str(struct roam_print *p, const char *fmt, const char *val);
void rp_u64(struct roam_print *p, const char *key, const char *fmt,
	    uint64_t val);
void rp_ipv4(struct roam_print *p, const char *key, const char *fmt,
	     uint32_t addr);	/* host byte order */
/* The "RX: packets bytes dropped / TX: ..." lines of devices and sessions. */
void rp_traffic(struct roam_print *p, uint64_t rx_packets, uint64_t rx_bytes,
		uint64_t rx_dropped, uint64_t tx_packets, uint64_t tx_bytes,
		uint64_t tx_dropped);
void rp_bool(struct roam_print *p, const char *key, bool val); /* JSON only */
/* A number element of the array just opened. */
void rp_elem_u64(struct roam_print *p, const char *fmt, uint64_t val);

/* Text only: free text, ignored in JSON mode. */
__printf(2, 3) void rp_text(struct roam_print *p, const char *fmt, ...);

/*
 * Gather what follows in the printer's buffer and write it to the file in
 * 64 KiB pieces, until rp_unbuffer() (or rp_end()) writes the rest: for
 * long listings.  Nothing else may write to the file in between.  Without
 * memory for the buffer, output goes to the file directly as before.
 */
void rp_buffer(struct roam_print *p);
void rp_unbuffer(struct roam_print *p);

/*
 * Gather everything that follows in memory, written to the file only by
 * rp_end() (or rp_gather_write()): for a listing that may have to be
 * thrown away and printed again (a netlink dump read again after it was
 * interrupted), so that nothing of a reading left unfinished is output.
 * false without memory for the buffer (nothing is gathered then).
 */
bool rp_gather(struct roam_print *p);
/* Throw away what was gathered; the printer starts over, still gathering. */
void rp_gather_discard(struct roam_print *p);
/* Throw away what was gathered and stop gathering: nothing is written. */
void rp_gather_drop(struct roam_print *p);
/* Write what was gathered (unless rp_lost()) and stop gathering. */
void rp_gather_write(struct roam_print *p);
/* Gathering ran out of memory: the output is incomplete, nothing written. */
bool rp_lost(const struct roam_print *p);

/*
 * Finish the output: the newline after a JSON document, and what was
 * gathered written out.
 */
void rp_end(struct roam_print *p);

/*
 * Write s as the body of a JSON string (without quotes): escapes quotes,
 * backslashes and control characters, and replaces bytes that are not
 * valid UTF-8 with U+FFFD so the document always parses.
 */
void rp_json_escape(FILE *f, const char *s, size_t len);

#endif /* ROAM_PRINT_H */
