/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Authentication for every access method, asynchronous: a request is
 * queued with aaa_submit() and its verdict is collected later with
 * aaa_next_done(), from the loop that drives the sessions, never by a call
 * back into the asker.  Today the verdict comes from the local user
 * database on the next aaa_run(); a RADIUS backend answers the same
 * queue when its reply arrives, and XAUTH asks the same way as PPP does
 * (a PAP-style user name and password).
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

struct aaa_request {
	struct aaa_request *next;
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
};

struct aaa {
	const struct roamd_users *users;
	struct aaa_request *pending, **pending_tail;
	struct {
		struct aaa_request *head, **tail;
	} done[AAA_ASKER_COUNT];
	uint64_t accepted, rejected;
};

void aaa_init(struct aaa *a, const struct roamd_users *users);
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
