/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Authentication for every access method, asynchronous: a request is
 * queued with aaa_submit() and its verdict is collected later with
 * aaa_next_done(), from the loop that drives the sessions, never by a call
 * back into the asker.  The local user database answers on the next
 * aaa_run(); when the source is RADIUS, aaa_run() hands the request to
 * the remote backend (aaa/radius.c) and it waits there until the
 * backend calls aaa_remote_done() with the server's answer.  XAUTH asks
 * the same way as PPP does (a PAP-style user name and password).
 *
 * A request carries secrets (passwords, responses, MPPE keys): they are
 * wiped when it is freed, and never logged.
 */
#ifndef ROAMD_AAA_AUTH_H
#define ROAMD_AAA_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/auth.h"

struct roamd_users;

#define AAA_CHALLENGE_MAX	64
#define AAA_RESPONSE_MAX	255

/*
 * Who asked: each asker has its own queue of answers, so that one that
 * settles never takes (and drops) another's verdicts.
 */
enum aaa_asker {
	AAA_ASKER_PPP,			/* owner: a session's serial */
	AAA_ASKER_XAUTH,		/* owner: the IKE engine's sa_id */
	AAA_ASKER_COUNT,
};

/*
 * What a RADIUS server said beyond the verdict (RFC 2865 5): the session
 * layer honours them.  Zero: not given.
 */
struct aaa_attrs {
	bool remote;			/* answered by a RADIUS server */
	uint32_t framed_ip;		/* host order */
	uint32_t session_timeout;	/* seconds */
	uint32_t idle_timeout;		/* seconds */
	uint32_t interim;		/* Acct-Interim-Interval, seconds */
	uint8_t class_val[253];		/* echoed in accounting */
	size_t class_len;
	char filter_id[64];
	char framed_pool[64];		/* a roam pool's name; "": none */
};

struct aaa_request {
	struct aaa_request *next;
	uint64_t tag;			/* unique: the remote backend's handle */
	int source;			/* enum roam_auth_source */
	enum aaa_asker asker;
	uint64_t owner;			/* the asker's handle */
	uint32_t seq;			/* the asker's, echoed back */
	enum ppp_auth_method method;
	char user[PPP_NAME_MAX + 1];
	uint8_t id;
	uint8_t challenge[AAA_CHALLENGE_MAX];
	size_t challenge_len;
	uint8_t response[AAA_RESPONSE_MAX];
	size_t response_len;
	/* the answer, once done */
	enum ppp_verdict verdict;
	struct ppp_auth_result res;
	const char *why;		/* for the log: why it failed */
	struct aaa_attrs attrs;
};

/*
 * A remote backend (RADIUS): submit takes a request (0, or -1 and the
 * request fails at once), cancel forgets the one with that tag.  The
 * backend answers with aaa_remote_done().
 */
struct aaa_backend {
	int (*submit)(void *ctx, struct aaa_request *r);
	void (*cancel)(void *ctx, uint64_t tag);
	void *ctx;
};

struct aaa {
	const struct roamd_users *users;
	struct aaa_request *pending, **pending_tail;
	struct {
		struct aaa_request *head, **tail;
	} done[AAA_ASKER_COUNT];
	uint64_t accepted, rejected;
	/* the source each asker uses (enum roam_auth_source); NULL: local */
	const int *source[AAA_ASKER_COUNT];
	const struct aaa_backend *remote;	/* NULL: none configured */
	struct aaa_request *waiting;	/* with the remote backend */
	uint64_t next_tag;
};

void aaa_init(struct aaa *a, const struct roamd_users *users);
/*
 * Where an asker's questions go: *source (read at each aaa_run(), so a
 * configuration change applies to the next question), and the remote
 * backend for ROAM_AUTH_SOURCE_RADIUS (NULL: such questions fail).
 */
void aaa_set_source(struct aaa *a, enum aaa_asker asker, const int *source);
void aaa_set_remote(struct aaa *a, const struct aaa_backend *remote);
/*
 * The remote backend's answer for tag: verdict, res and attrs filled in
 * the request (aaa_remote_find() gives it), which moves to its asker's
 * done queue.  Unknown tags (cancelled) are ignored.
 */
struct aaa_request *aaa_remote_find(struct aaa *a, uint64_t tag);
void aaa_remote_done(struct aaa *a, struct aaa_request *r);
/*
 * Check r against the local user database (verdict, res, why), as for
 * the local source: the RADIUS backend's fallback when no server
 * answered.
 */
void aaa_local_check(const struct aaa *a, struct aaa_request *r);
/* Fail every request waiting for the remote backend (it is going away). */
void aaa_remote_fail_all(struct aaa *a, const char *why);
/* Frees every request, answered or not. */
void aaa_fini(struct aaa *a);

/*
 * Queue a question from session owner (its serial); what req points at
 * is copied.  0, or -1 when out of memory or a field is too long (the
 * asker then fails the authentication itself).
 */
int aaa_submit(struct aaa *a, uint64_t owner, const struct ppp_auth_request *req);
/* The same for another asker; its answers come from aaa_next_done_for(). */
int aaa_submit_for(struct aaa *a, enum aaa_asker asker, uint64_t owner,
		   const struct ppp_auth_request *req);
/*
 * The same with the source given (enum roam_auth_source; -1: the
 * asker's, aaa_set_source()): XAUTH asks with its group's.
 */
int aaa_submit_src(struct aaa *a, enum aaa_asker asker, uint64_t owner,
		   const struct ppp_auth_request *req, int source);
/* Drop the questions of a PPP session that is going away. */
void aaa_cancel(struct aaa *a, uint64_t owner);
void aaa_cancel_for(struct aaa *a, enum aaa_asker asker, uint64_t owner);
/* Answer what the backends can answer now; true if any was answered. */
bool aaa_run(struct aaa *a);
/*
 * The oldest answered request of PPP (aaa_next_done) or of an asker,
 * unlinked; free it with aaa_request_free.
 */
struct aaa_request *aaa_next_done(struct aaa *a);
struct aaa_request *aaa_next_done_for(struct aaa *a, enum aaa_asker asker);
/* Wipes the secrets and frees. */
void aaa_request_free(struct aaa_request *r);
/* The question as the PPP engine's verifier takes it (points into r). */
void aaa_request_view(const struct aaa_request *r, struct ppp_auth_request *q);

#endif /* ROAMD_AAA_AUTH_H */
