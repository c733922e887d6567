// SPDX-License-Identifier: GPL-2.0
/*
 * The authentication queue, its local backend (the user database) and
 * the hand-over to the remote one (RADIUS, aaa/radius.c).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aaa/auth.h"
#include "cmd.h"
#include "users.h"

void aaa_init(struct aaa *a, const struct roamd_users *users)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->users = users;
	a->pending_tail = &a->pending;
	for (i = 0; i < AAA_ASKER_COUNT; i++)
		a->done[i].tail = &a->done[i].head;
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
	struct aaa_request *r;
	int i;

	free_list(a->pending);
	for (i = 0; i < AAA_ASKER_COUNT; i++)
		free_list(a->done[i].head);
	while ((r = a->waiting)) {
		a->waiting = r->next;
		if (a->remote)
			a->remote->cancel(a->remote->ctx, r->tag);
		aaa_request_free(r);
	}
	aaa_init(a, a->users);
}

void aaa_set_source(struct aaa *a, enum aaa_asker asker, const int *source)
{
	a->source[asker] = source;
}

void aaa_set_remote(struct aaa *a, const struct aaa_backend *remote)
{
	a->remote = remote;
}

int aaa_submit(struct aaa *a, uint64_t owner,
	       const struct ppp_auth_request *req)
{
	return aaa_submit_for(a, AAA_ASKER_PPP, owner, req);
}

int aaa_submit_for(struct aaa *a, enum aaa_asker asker, uint64_t owner,
		   const struct ppp_auth_request *req)
{
	return aaa_submit_src(a, asker, owner, req, -1);
}

int aaa_submit_src(struct aaa *a, enum aaa_asker asker, uint64_t owner,
		   const struct ppp_auth_request *req, int source)
{
	struct aaa_request *r;

	if (req->user_len > PPP_NAME_MAX ||
	    req->challenge_len > AAA_CHALLENGE_MAX ||
	    req->response_len > AAA_RESPONSE_MAX)
		return -1;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	r->asker = asker;
	r->owner = owner;
	r->tag = ++a->next_tag;
	r->source = source;
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
		      enum aaa_asker asker, uint64_t owner)
{
	struct aaa_request **pp = head, *r;

	while ((r = *pp)) {
		if (r->asker == asker && r->owner == owner) {
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

void aaa_cancel_for(struct aaa *a, enum aaa_asker asker, uint64_t owner)
{
	struct aaa_request **pp = &a->waiting, *r;

	while ((r = *pp)) {
		if (r->asker == asker && r->owner == owner) {
			*pp = r->next;
			if (a->remote)
				a->remote->cancel(a->remote->ctx, r->tag);
			aaa_request_free(r);
		} else {
			pp = &r->next;
		}
	}
	cancel_in(&a->pending, &a->pending_tail, asker, owner);
	cancel_in(&a->done[asker].head, &a->done[asker].tail, asker, owner);
}

void aaa_cancel(struct aaa *a, uint64_t owner)
{
	aaa_cancel_for(a, AAA_ASKER_PPP, owner);
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
void aaa_local_check(const struct aaa *a, struct aaa_request *r)
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

static void answered(struct aaa *a, struct aaa_request *r)
{
	if (r->verdict == PPP_AUTH_OK)
		a->accepted++;
	else
		a->rejected++;
	r->next = NULL;
	*a->done[r->asker].tail = r;
	a->done[r->asker].tail = &r->next;
}

static bool wants_remote(const struct aaa *a, const struct aaa_request *r)
{
	const int *src = a->source[r->asker];

	if (r->source >= 0)
		return r->source == ROAM_AUTH_SOURCE_RADIUS;
	return src && *src == ROAM_AUTH_SOURCE_RADIUS;
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
		if (wants_remote(a, r)) {
			if (a->remote && !a->remote->submit(a->remote->ctx, r)) {
				r->next = a->waiting;
				a->waiting = r;
				continue;
			}
			memset(&r->res, 0, sizeof(r->res));
			r->verdict = PPP_AUTH_FAIL;
			r->res.error = 691;
			r->why = a->remote ? "RADIUS request failed" :
					     "no RADIUS server configured";
		} else {
			aaa_local_check(a, r);
		}
		answered(a, r);
		any = true;
	}
	return any;
}

struct aaa_request *aaa_remote_find(struct aaa *a, uint64_t tag)
{
	struct aaa_request *r;

	for (r = a->waiting; r; r = r->next)
		if (r->tag == tag)
			return r;
	return NULL;
}

void aaa_remote_done(struct aaa *a, struct aaa_request *r)
{
	struct aaa_request **pp;

	for (pp = &a->waiting; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			answered(a, r);
			return;
		}
	}
}

void aaa_remote_fail_all(struct aaa *a, const char *why)
{
	struct aaa_request *r;

	while ((r = a->waiting)) {
		a->waiting = r->next;
		memset(&r->res, 0, sizeof(r->res));
		r->verdict = PPP_AUTH_FAIL;
		r->res.error = 691;
		r->why = why;
		answered(a, r);
	}
}

struct aaa_request *aaa_next_done_for(struct aaa *a, enum aaa_asker asker)
{
	struct aaa_request *r = a->done[asker].head;

	if (!r)
		return NULL;
	a->done[asker].head = r->next;
	if (!r->next)
		a->done[asker].tail = &a->done[asker].head;
	r->next = NULL;
	return r;
}

struct aaa_request *aaa_next_done(struct aaa *a)
{
	return aaa_next_done_for(a, AAA_ASKER_PPP);
}
