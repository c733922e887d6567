// SPDX-License-Identifier: GPL-2.0
/*
 * The authentication queue and its local backend (the user database).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aaa/auth.h"
#include "users.h"

void aaa_init(struct aaa *a, const struct roamd_users *users)
{
	memset(a, 0, sizeof(*a));
	a->users = users;
	a->pending_tail = &a->pending;
	a->done_tail = &a->done;
}

void aaa_request_free(struct aaa_request *r)
{
	if (!r)
		return;
	OPENSSL_cleanse(r, sizeof(*r));
	free(r);
}

static void free_list(struct aaa_request *r)
{
	struct aaa_request *next;

	for (; r; r = next) {
		next = r->next;
		aaa_request_free(r);
	}
}

void aaa_fini(struct aaa *a)
{
	free_list(a->pending);
	free_list(a->done);
	aaa_init(a, a->users);
}

int aaa_submit(struct aaa *a, uint64_t owner,
	       const struct ppp_auth_request *req)
{
	struct aaa_request *r;

	if (req->user_len > PPP_NAME_MAX ||
	    req->challenge_len > AAA_CHALLENGE_MAX ||
	    req->response_len > AAA_RESPONSE_MAX)
		return -1;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	r->owner = owner;
	r->seq = req->seq;
	r->method = req->method;
	memcpy(r->user, req->user, req->user_len);
	r->id = req->id;
	if (req->challenge_len)
		memcpy(r->challenge, req->challenge, req->challenge_len);
	r->challenge_len = req->challenge_len;
	if (req->response_len)
		memcpy(r->response, req->response, req->response_len);
	r->response_len = req->response_len;
	r->verdict = PPP_AUTH_PENDING;
	*a->pending_tail = r;
	a->pending_tail = &r->next;
	return 0;
}

static void cancel_in(struct aaa_request **head, struct aaa_request ***tail,
		      uint64_t owner)
{
	struct aaa_request **pp = head, *r;

	while ((r = *pp)) {
		if (r->owner == owner) {
			*pp = r->next;
			aaa_request_free(r);
		} else {
			pp = &r->next;
		}
	}
	*tail = head;
	while (**tail)
		*tail = &(**tail)->next;
}

void aaa_cancel(struct aaa *a, uint64_t owner)
{
	cancel_in(&a->pending, &a->pending_tail, owner);
	cancel_in(&a->done, &a->done_tail, owner);
}

void aaa_request_view(const struct aaa_request *r, struct ppp_auth_request *q)
{
	memset(q, 0, sizeof(*q));
	q->method = r->method;
	q->seq = r->seq;
	q->user = r->user;
	q->user_len = strlen(r->user);
	q->id = r->id;
	q->challenge = r->challenge;
	q->challenge_len = r->challenge_len;
	q->response = r->response;
	q->response_len = r->response_len;
}

/* The local user database answers at once. */
static void local_check(struct aaa *a, struct aaa_request *r)
{
	const struct roamd_user *u = users_find(a->users, r->user);
	struct ppp_auth_request q;

	memset(&r->res, 0, sizeof(r->res));
	if (!u) {
		r->verdict = PPP_AUTH_FAIL;
		r->res.error = 691;
		r->why = "no such user";
		return;
	}
	aaa_request_view(r, &q);
	r->verdict = ppp_auth_check_password(&q, u->password, u->password_len,
					     &r->res);
	if (r->verdict != PPP_AUTH_OK)
		r->why = "wrong password";
}

bool aaa_run(struct aaa *a)
{
	struct aaa_request *r;
	bool any = false;

	while ((r = a->pending)) {
		a->pending = r->next;
		if (!a->pending)
			a->pending_tail = &a->pending;
		r->next = NULL;
		local_check(a, r);
		if (r->verdict == PPP_AUTH_OK)
			a->accepted++;
		else
			a->rejected++;
		*a->done_tail = r;
		a->done_tail = &r->next;
		any = true;
	}
	return any;
}

struct aaa_request *aaa_next_done(struct aaa *a)
{
	struct aaa_request *r = a->done;

	if (!r)
		return NULL;
	a->done = r->next;
	if (!a->done)
		a->done_tail = &a->done;
	r->next = NULL;
	return r;
}
