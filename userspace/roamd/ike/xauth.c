// SPDX-License-Identifier: GPL-2.0
/*
 * XAUTH (draft-beaulieu-ike-xauth-02), generic type, the gateway asking:
 *
 *   REQUEST(XAUTH-TYPE 0, USER-NAME "", USER-PASSWORD "")  ->
 *                             <-  REPLY(USER-NAME, USER-PASSWORD)
 *   (the host checks them, as long as it takes)
 *   SET(XAUTH-STATUS OK)  ->  <-  ACK
 *
 * A wrong password gets a fresh REQUEST (with an XAUTH-MESSAGE saying
 * so) until the group's tries are used up; then SET(STATUS FAIL), the
 * IKE SA is deleted and the host told.  The password exists only in the
 * decrypted datagram and in the IKE_EV_XAUTH_CHECK event, both wiped;
 * it is never logged.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sa.h"

/* A user name for the log: printable, quotes escaped. */
static void user_str(const char *u, char *buf, size_t size)
{
	size_t n = 0;

	for (; *u && n + 5 < size; u++) {
		unsigned char ch = *u;

		if (isprint(ch) && ch != '"' && ch != '\\')
			buf[n++] = ch;
		else
			n += snprintf(buf + n, size - n, "\\x%02x", ch);
	}
	buf[n] = 0;
}

void ike_xauth_request(struct ike_ctx *ctx, struct ike_sa *sa,
		       const char *message)
{
	struct ike_buf b;

	ike_buf_init(&b);
	ike_cfg_tv(&b, IKE_CA_XAUTH_TYPE, IKE_XAUTH_TYPE_GENERIC);
	ike_cfg_tlv(&b, IKE_CA_XAUTH_USER_NAME, NULL, 0);
	ike_cfg_tlv(&b, IKE_CA_XAUTH_USER_PASSWORD, NULL, 0);
	if (message)
		ike_cfg_tlv(&b, IKE_CA_XAUTH_MESSAGE, message, strlen(message));
	if (!b.err &&
	    !ike_txn_begin(ctx, sa, IKE_CFG_REQUEST, b.p, b.len))
		sa->ra->xa = IKE_XA_ASKED;
	ike_buf_free(&b);
}

static void send_status(struct ike_ctx *ctx, struct ike_sa *sa, bool ok)
{
	uint8_t a[4] = { 0x80 | IKE_CA_XAUTH_STATUS >> 8,
			 IKE_CA_XAUTH_STATUS & 0xff, 0,
			 ok ? IKE_XAUTH_STATUS_OK : IKE_XAUTH_STATUS_FAIL };

	ike_txn_begin(ctx, sa, IKE_CFG_SET, a, sizeof(a));
}

/* Out of tries, or the client gave up: SET(FAIL), delete, tell the host. */
static void fail_for_good(struct ike_ctx *ctx, struct ike_sa *sa,
			  const char *reason)
{
	struct ike_event *e;
	char peer[64], user[4 * IKE_USER_MAX];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	user_str(sa->ra->user, user, sizeof(user));
	ike_log(ctx, IKE_LOG_ERR,
		"IKE XAUTH of user \"%s\" (group %s) from %s failed: %s; deleting the IKE SA",
		user, sa->ra->group, peer, reason);
	e = ike_event_push(ctx, IKE_EV_XAUTH_FAILED, sa);
	if (e)
		snprintf(e->reason, sizeof(e->reason), "%s", reason);
	send_status(ctx, sa, false);
	sa->ra->xa = IKE_XA_FAILED;
	ike_delete_send_isakmp(ctx, sa);
	ike_sa_kill(ctx, sa);
}

/* A refusal: try again while the group allows. */
static void refused(struct ike_ctx *ctx, struct ike_sa *sa, const char *reason)
{
	unsigned int tries = ctx->cfg.xauth_tries ? ctx->cfg.xauth_tries : 1;
	char peer[64], user[4 * IKE_USER_MAX], why[256];

	sa->ra->xa_fails++;
	if (sa->ra->xa_fails >= tries) {
		snprintf(why, sizeof(why), "%s (%u of %u tries)", reason,
			 sa->ra->xa_fails, tries);
		fail_for_good(ctx, sa, why);
		return;
	}
	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	user_str(sa->ra->user, user, sizeof(user));
	ike_log(ctx, IKE_LOG_WARN,
		"IKE XAUTH of user \"%s\" (group %s) from %s refused: %s (try %u of %u)",
		user, sa->ra->group, peer, reason, sa->ra->xa_fails, tries);
	ike_xauth_request(ctx, sa, "Authentication failed, try again");
}

void ike_xauth_on_reply(struct ike_ctx *ctx, struct ike_sa *sa,
			const struct ike_cfg_pl *c)
{
	struct ike_xauth_answer x;
	struct ike_event *e;
	struct ike_err err;
	char peer[64], user[4 * IKE_USER_MAX];

	if (sa->ra->xa != IKE_XA_ASKED)
		return;
	if (ike_xauth_answer_parse(c, &x, &err)) {
		refused(ctx, sa, err.msg);
		return;
	}
	/* The client's user cancelled the dialog (the draft's status FAIL). */
	if (x.has_status && x.status == IKE_XAUTH_STATUS_FAIL) {
		fail_for_good(ctx, sa, "the client cancelled");
		return;
	}
	if (!x.has_user || !x.has_password || !x.user_len) {
		refused(ctx, sa, "REPLY without user name or password");
		return;
	}
	if (x.user_len >= IKE_USER_MAX || x.password_len >= IKE_USER_MAX ||
	    memchr(x.user, 0, x.user_len) ||
	    memchr(x.password, 0, x.password_len)) {
		refused(ctx, sa, "user name or password too long or with a NUL byte");
		return;
	}
	memcpy(sa->ra->user, x.user, x.user_len);
	sa->ra->user[x.user_len] = 0;
	e = ike_event_push(ctx, IKE_EV_XAUTH_CHECK, sa);
	if (!e)
		return;		/* no memory: the client resends */
	memcpy(e->password, x.password, x.password_len);
	e->password[x.password_len] = 0;
	sa->ra->xa = IKE_XA_CHECKING;
	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	user_str(sa->ra->user, user, sizeof(user));
	ike_log(ctx, IKE_LOG_INFO, "IKE XAUTH from %s: checking user \"%s\" (group %s)",
		peer, user, sa->ra->group);
}

void ike_xauth_verdict_apply(struct ike_ctx *ctx, struct ike_sa *sa, bool ok,
			     const char *reason)
{
	char peer[64], user[4 * IKE_USER_MAX];

	if (!ok) {
		refused(ctx, sa, reason && *reason ? reason : "not accepted");
		return;
	}
	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	user_str(sa->ra->user, user, sizeof(user));
	ike_log(ctx, IKE_LOG_INFO, "IKE XAUTH of user \"%s\" (group %s) from %s accepted",
		user, sa->ra->group, peer);
	sa->ra->xa = IKE_XA_OK;
	send_status(ctx, sa, true);
	ike_ra_next(ctx, sa);
}

void ike_xauth_on_ack(struct ike_ctx *ctx, struct ike_sa *sa)
{
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	ike_log(ctx, IKE_LOG_DEBUG, "IKE XAUTH with %s: status acknowledged",
		peer);
}
