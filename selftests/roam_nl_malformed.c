// SPDX-License-Identifier: GPL-2.0
/*
 * Malformed and unauthorised requests to the "roam" generic netlink family.
 *
 *   roam_nl_malformed [ROAMDEV]        (default roam0)
 *
 * Runs in a namespace that holds the roam device ROAMDEV with no session.
 * Each case sends one request over a raw NETLINK_GENERIC socket with
 * NETLINK_EXT_ACK enabled and checks that
 *   - it is refused with the expected errno,
 *   - the refusal carries extended-ack information: a message, or for a
 *     missing attribute the missing attribute's type (what
 *     GENL_REQ_ATTR_CHECK reports). Refusals made by the generic netlink
 *     core before the family sees the request (no CAP_NET_ADMIN, truncated
 *     header, unknown command) carry none, and the case says so;
 *   - nothing changed: the session dump counts the same before and after,
 *     and session 1 (made valid at the start) kept its state.
 * Output is TAP; exit status 0 when every case passes, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "roam_nl.h"

static int ifindex;
static int lo_ifindex;
static int test_no;
static int failures;

struct attrs {
	int n;
	uint32_t id, state, ifindex;
};

static void session_cb(struct nlmsghdr *nlh, void *arg)
{
	struct attrs *st = arg;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *nla = (void *)((char *)g + GENL_HDRLEN);
	int rem = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	st->n++;
	while (rem >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN && nla->nla_len <= rem) {
		uint32_t v = 0;

		if (nla->nla_len >= NLA_HDRLEN + 4)
			memcpy(&v, (char *)nla + NLA_HDRLEN, 4);
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case ROAM_A_SESSION_ID:
			st->id = v;
			break;
		case ROAM_A_SESSION_STATE:
			st->state = v;
			break;
		case ROAM_A_SESSION_IFINDEX:
			st->ifindex = v;
			break;
		}
		rem -= NLA_ALIGN(nla->nla_len);
		nla = (void *)((char *)nla + NLA_ALIGN(nla->nla_len));
	}
}

/* Number of sessions in the namespace (dump of all devices), -1 on error. */
static int session_count(void)
{
	struct attrs st = { 0 };
	struct req r;
	struct ack a;

	req_init(&r, ROAM_CMD_SESSION_GET, NLM_F_DUMP);
	if (send_req(fd, &r, &a, session_cb, &st) < 0 || a.err)
		return -1;
	return st.n;
}

/* State of session ID on the device, 0 when absent. */
static uint32_t session_state(uint32_t id)
{
	struct attrs st = { 0 };
	struct req r;
	struct ack a;

	req_init(&r, ROAM_CMD_SESSION_GET, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, id);
	if (send_req(fd, &r, &a, session_cb, &st) < 0 || a.err || st.id != id)
		return 0;
	return st.state;
}

/* ---- reporting ------------------------------------------------------------- */

static void result(bool ok, const char *fmt, ...)
{
	va_list ap;

	test_no++;
	if (!ok)
		failures++;
	printf("%s %d - ", ok ? "ok" : "not ok", test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static const char *ename(int e)
{
	switch (e) {
	case 0: return "success";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case ENOENT: return "ENOENT";
	case ENODEV: return "ENODEV";
	case EEXIST: return "EEXIST";
	case EPERM: return "EPERM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EMSGSIZE: return "EMSGSIZE";
	case EACCES: return "EACCES";
	default: return strerror(e);
	}
}

/* Where the refusal comes from, for the extack expectation. */
enum src {
	FAMILY,		/* roam.ko or the policy: extack required */
	CORE,		/* genetlink core: errno only */
};

/* Errno sets a refusal may carry; NULL accepts any errno. */
static const int E_INVAL[] = { EINVAL, ERANGE, 0 };	/* policy: either */
static const int E_MISSING[] = { EINVAL, 0 };
static const int E_NODEV[] = { ENODEV, 0 };
static const int E_NOTROAM[] = { EINVAL, ENODEV, EOPNOTSUPP, 0 };
static const int E_EXIST[] = { EEXIST, 0 };
static const int E_NOENT[] = { ENOENT, 0 };
static const int E_PERM[] = { EPERM, 0 };
static const int E_NOTSUPP[] = { EOPNOTSUPP, 0 };

static bool allowed_has(const int *allowed, int e)
{
	if (!allowed)
		return true;
	for (; *allowed; allowed++)
		if (*allowed == e)
			return true;
	return false;
}

static const char *allowed_str(const int *allowed)
{
	static char buf[128];
	size_t n = 0;

	if (!allowed)
		return "an errno";
	buf[0] = 0;
	for (; *allowed; allowed++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " or " : "", ename(*allowed));
	return buf;
}

/*
 * Check one refusal: an errno from ALLOWED, extack information when the
 * family refuses (SRC == FAMILY), and no change in the session table.
 */
static void expect_refusal(const char *name, struct req *r, size_t len_override,
			   const int *allowed, enum src src)
{
	int before = session_count(), after;
	uint32_t st_before = session_state(1), st_after;
	struct ack a;
	bool ok = true;
	char why[512] = "";
	char ext[300];
	size_t len = len_override ? len_override : r->nlh.nlmsg_len;

	if (!(r->nlh.nlmsg_flags & NLM_F_DUMP))
		r->nlh.nlmsg_flags |= NLM_F_ACK;
	if (len_override)
		r->nlh.nlmsg_len = len_override;
	if (xfer(fd, r, len, r->nlh.nlmsg_seq, &a, NULL, NULL) < 0) {
		/* The kernel refused to take the message at all. */
		snprintf(why, sizeof(why), "send/recv failed: %s", strerror(a.err));
		ok = false;
	}
	after = session_count();
	st_after = session_state(1);

	if (a.msg[0])
		snprintf(ext, sizeof(ext), "extack \"%s\"", a.msg);
	else if (a.miss_type >= 0)
		snprintf(ext, sizeof(ext), "extack missing attribute type %d", a.miss_type);
	else
		snprintf(ext, sizeof(ext), "no extack");

	if (ok && a.err == 0) {
		snprintf(why, sizeof(why), "expected a refusal (%s), seen success",
			 allowed_str(allowed));
		ok = false;
	} else if (ok && !allowed_has(allowed, a.err)) {
		snprintf(why, sizeof(why), "expected %s, seen %s (%s)", allowed_str(allowed),
			 ename(a.err), ext);
		ok = false;
	} else if (ok && src == FAMILY && !a.msg[0] && a.miss_type < 0) {
		snprintf(why, sizeof(why), "refused with %s but without extack message", ename(a.err));
		ok = false;
	}
	if (ok && (before != after || st_before != st_after)) {
		snprintf(why, sizeof(why),
			 "state changed: sessions %d -> %d, state of session 1 %u -> %u",
			 before, after, st_before, st_after);
		ok = false;
	}
	if (ok)
		result(true, "%s: %s, %s%s", name, ename(a.err), ext,
		       src == CORE ? " (refused by the genetlink core)" : "");
	else
		result(false, "%s: %s", name, why);
}

/* ---- the cases --------------------------------------------------------------- */

static void new_session(struct req *r, uint32_t id, uint32_t kind, const char *v4)
{
	struct in_addr in;

	req_init(r, ROAM_CMD_SESSION_NEW, 0);
	put_u32(r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(r, ROAM_A_SESSION_ID, id);
	put_u32(r, ROAM_A_SESSION_KIND, kind);
	if (v4) {
		inet_pton(AF_INET, v4, &in);
		put(r, ROAM_A_SESSION_IPV4, &in, 4);
	}
}

/* Drop every capability (keeping uid 0), then try admin operations. */
static void unprivileged_cases(void)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		result(false, "fork for the unprivileged cases: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
		struct __user_cap_data_struct d[2];
		struct req r;

		failures = 0;
		memset(d, 0, sizeof(d));
		if (syscall(SYS_capset, &h, d) < 0) {
			printf("# capset: %s\n", strerror(errno));
			_exit(2);
		}
		/* The socket is opened without the capability as well. */
		close(fd);
		fd = nl_open();
		if (fd < 0) {
			printf("# socket without capabilities: %s\n", strerror(errno));
			_exit(2);
		}
		new_session(&r, 50, ROAM_KIND_L2TP, "10.99.0.50");
		expect_refusal("session-new without CAP_NET_ADMIN", &r, 0, E_PERM, CORE);

		req_init(&r, ROAM_CMD_SESSION_SET, 0);
		put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
		put_u32(&r, ROAM_A_SESSION_ID, 1);
		put_u32(&r, ROAM_A_SESSION_STATE, ROAM_STATE_DOWN);
		expect_refusal("session-set without CAP_NET_ADMIN", &r, 0, E_PERM, CORE);

		req_init(&r, ROAM_CMD_SESSION_DEL, 0);
		put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
		put_u32(&r, ROAM_A_SESSION_ID, 1);
		expect_refusal("session-del without CAP_NET_ADMIN", &r, 0, E_PERM, CORE);

		{
			int n = session_count();

			result(n == 1, "session dump works without CAP_NET_ADMIN (%d session%s, expected 1)",
			       n, n == 1 ? "" : "s");
		}
		fflush(stdout);
		_exit(failures ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 2) {
		result(false, "unprivileged cases did not run (status 0x%x)", status);
		return;
	}
	/* The child numbered its results after ours. */
	test_no += 4;
	if (WEXITSTATUS(status))
		failures++;
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "roam0";
	unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x99, [15] = 0x50 };
	unsigned char garbage[64];
	char longname[4000];
	struct req r;
	struct ack a;
	int n0, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");

	ifindex = if_nametoindex(dev);
	lo_ifindex = if_nametoindex("lo");
	if (!ifindex) {
		printf("# no device %s in this namespace\n", dev);
		printf("1..0 # SKIP no roam device\n");
		return 4;
	}
	fd = nl_open();
	if (fd < 0) {
		printf("# netlink socket: %s\n", strerror(errno));
		return 1;
	}
	i = resolve_family(fd);
	if (i < 0) {
		printf("1..0 # SKIP family \"roam\" not available\n");
		return 4;
	}
	family = i;
	printf("# family \"%s\" id %u, %s ifindex %d\n", ROAM_FAMILY_NAME, family, dev, ifindex);

	n0 = session_count();
	result(n0 == 0, "the device starts without sessions (dump counts %d)", n0);

	/* A valid session to collide with. */
	new_session(&r, 1, ROAM_KIND_L2TP, "10.99.0.2");
	put(&r, ROAM_A_SESSION_IPV6, v6, 16);
	send_req(fd, &r, &a, NULL, NULL);
	result(a.err == 0, "valid session-new id 1 l2tp 10.99.0.2 2001:db8:99::50 (%s%s%s)",
	       ename(a.err), a.msg[0] ? ": " : "", a.msg);
	result(session_count() == 1 && session_state(1) == ROAM_STATE_UP,
	       "session 1 is listed and up");

	/* Missing attributes. */
	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	put_u32(&r, ROAM_A_SESSION_ID, 10);
	put_u32(&r, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	expect_refusal("session-new without IFINDEX", &r, 0, E_MISSING, FAMILY);

	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	expect_refusal("session-new without ID", &r, 0, E_MISSING, FAMILY);

	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, 10);
	expect_refusal("session-new without KIND", &r, 0, E_MISSING, FAMILY);

	req_init(&r, ROAM_CMD_SESSION_SET, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, 1);
	expect_refusal("session-set without STATE", &r, 0, E_MISSING, FAMILY);

	req_init(&r, ROAM_CMD_SESSION_DEL, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	expect_refusal("session-del without ID", &r, 0, E_MISSING, FAMILY);

	/* Values out of range. */
	new_session(&r, 0, ROAM_KIND_L2TP, "10.99.0.10");
	expect_refusal("session-new with ID 0", &r, 0, E_INVAL, FAMILY);
	new_session(&r, 10, 0, "10.99.0.10");
	expect_refusal("session-new with KIND 0", &r, 0, E_INVAL, FAMILY);
	new_session(&r, 10, 3, "10.99.0.10");
	expect_refusal("session-new with KIND 3", &r, 0, E_INVAL, FAMILY);
	new_session(&r, 10, ROAM_KIND_L2TP, "10.99.0.10");
	put_u32(&r, ROAM_A_SESSION_STATE, 3);
	expect_refusal("session-new with STATE 3", &r, 0, E_INVAL, FAMILY);
	req_init(&r, ROAM_CMD_SESSION_SET, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, 1);
	put_u32(&r, ROAM_A_SESSION_STATE, 0);
	expect_refusal("session-set with STATE 0", &r, 0, E_INVAL, FAMILY);

	/* Wrong attribute lengths. */
	new_session(&r, 10, ROAM_KIND_L2TP, NULL);
	put(&r, ROAM_A_SESSION_IPV6, v6, 4);
	expect_refusal("session-new with a 4-byte IPV6", &r, 0, E_INVAL, FAMILY);
	new_session(&r, 10, ROAM_KIND_L2TP, NULL);
	put(&r, ROAM_A_SESSION_IPV4, v6, 16);
	expect_refusal("session-new with a 16-byte IPV4", &r, 0, E_INVAL, FAMILY);
	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u16(&r, ROAM_A_SESSION_ID, 10);
	put_u32(&r, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	expect_refusal("session-new with a 2-byte ID (u32)", &r, 0, E_INVAL, FAMILY);
	new_session(&r, 10, ROAM_KIND_L2TP, "10.99.0.10");
	put_u32(&r, ROAM_A_SESSION_PEER_PORT, 1701);
	expect_refusal("session-new with a 4-byte PEER_PORT (u16)", &r, 0, E_INVAL, FAMILY);
	new_session(&r, 10, ROAM_KIND_L2TP, "10.99.0.10");
	put(&r, ROAM_A_SESSION_PEER_IPV4, v6, 1);
	expect_refusal("session-new with a 1-byte PEER_IPV4", &r, 0, E_INVAL, FAMILY);

	/* Devices. */
	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, 0x7ffffff0);
	put_u32(&r, ROAM_A_SESSION_ID, 10);
	put_u32(&r, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	expect_refusal("session-new on an unknown ifindex", &r, 0, E_NODEV, FAMILY);
	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, lo_ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, 10);
	put_u32(&r, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	expect_refusal("session-new on lo (not a roam device)", &r, 0, E_NOTROAM, FAMILY);
	req_init(&r, ROAM_CMD_DEV_GET, 0);
	put_u32(&r, ROAM_A_DEV_IFINDEX, lo_ifindex);
	expect_refusal("dev-get of lo (not a roam device)", &r, 0, E_NOTROAM, FAMILY);
	req_init(&r, ROAM_CMD_DEV_GET, 0);
	put_str(&r, ROAM_A_DEV_IFNAME, "nosuchdev0");
	expect_refusal("dev-get of an unknown name", &r, 0, E_NODEV, FAMILY);
	memset(longname, 'x', sizeof(longname));
	longname[sizeof(longname) - 1] = 0;
	req_init(&r, ROAM_CMD_DEV_GET, 0);
	put_str(&r, ROAM_A_DEV_IFNAME, longname);
	expect_refusal("dev-get with a 4000-byte IFNAME", &r, 0, E_INVAL, FAMILY);
	req_init(&r, ROAM_CMD_DEV_GET, 0);
	put(&r, ROAM_A_DEV_IFNAME, "roam0", 5);
	expect_refusal("dev-get with an IFNAME without NUL", &r, 0, E_INVAL, FAMILY);

	/* Duplicates. */
	new_session(&r, 1, ROAM_KIND_PPTP, "10.99.0.20");
	expect_refusal("session-new with a duplicate ID", &r, 0, E_EXIST, FAMILY);
	new_session(&r, 11, ROAM_KIND_PPTP, "10.99.0.2");
	expect_refusal("session-new with a duplicate IPV4", &r, 0, E_EXIST, FAMILY);
	new_session(&r, 11, ROAM_KIND_PPTP, NULL);
	put(&r, ROAM_A_SESSION_IPV6, v6, 16);
	expect_refusal("session-new with a duplicate IPV6", &r, 0, E_EXIST, FAMILY);

	/* Unknown sessions. */
	req_init(&r, ROAM_CMD_SESSION_SET, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, 99);
	put_u32(&r, ROAM_A_SESSION_STATE, ROAM_STATE_DOWN);
	expect_refusal("session-set of an unknown ID", &r, 0, E_NOENT, FAMILY);
	req_init(&r, ROAM_CMD_SESSION_DEL, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, 99);
	expect_refusal("session-del of an unknown ID", &r, 0, E_NOENT, FAMILY);
	req_init(&r, ROAM_CMD_SESSION_GET, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, 99);
	expect_refusal("session-get of an unknown ID", &r, 0, E_NOENT, FAMILY);

	/* Garbage. */
	new_session(&r, 10, ROAM_KIND_L2TP, "10.99.0.10");
	put_u32(&r, 200, 1);
	expect_refusal("session-new with an unknown attribute type 200", &r, 0, E_MISSING, FAMILY);
	new_session(&r, 10, ROAM_KIND_L2TP, "10.99.0.10");
	put_u32(&r, ROAM_A_SESSION_RX_PACKETS, 1);
	expect_refusal("session-new with a reply-only attribute (RX_PACKETS)", &r, 0, E_MISSING, FAMILY);
	new_session(&r, 10, ROAM_KIND_L2TP, "10.99.0.10");
	/* An attribute that claims more than the message holds. */
	put_raw(&r, ROAM_A_SESSION_PEER_IPV4, 400, "\x01\x02\x03\x04", 4);
	expect_refusal("session-new with an attribute longer than the message", &r, 0, E_INVAL, FAMILY);
	new_session(&r, 10, ROAM_KIND_L2TP, "10.99.0.10");
	/* Trailing bytes that are no attribute (nla_len 2). */
	{
		unsigned char *p = (unsigned char *)&r.nlh + r.nlh.nlmsg_len;

		p[0] = 2; p[1] = 0; p[2] = 0xff; p[3] = 0xff;
		r.nlh.nlmsg_len += 4;
	}
	expect_refusal("session-new with trailing garbage (nla_len 2)", &r, 0, E_INVAL, FAMILY);
	srand(1);
	for (i = 0; i < (int)sizeof(garbage); i++)
		garbage[i] = rand();
	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	memcpy(r.attrs, garbage, sizeof(garbage));
	r.nlh.nlmsg_len += sizeof(garbage);
	expect_refusal("session-new with 64 random bytes as attributes", &r, 0, NULL, FAMILY);
	new_session(&r, 10, ROAM_KIND_L2TP, "10.99.0.10");
	for (i = 0; i < 1000; i++)
		put_u32(&r, ROAM_A_SESSION_STATE, 9);
	expect_refusal("session-new with 1000 STATE attributes, all invalid", &r, 0, E_INVAL, FAMILY);

	/* Refused by the generic netlink core. */
	req_init(&r, ROAM_CMD_SESSION_NEW, 0);
	expect_refusal("session-new with a truncated genl header (2 bytes)", &r,
		       NLMSG_LENGTH(2), E_MISSING, CORE);
	req_init(&r, 99, 0);
	expect_refusal("unknown command 99", &r, 0, E_NOTSUPP, CORE);

	unprivileged_cases();

	/* Session 1 untouched through all of it, then removed. */
	result(session_count() == 1 && session_state(1) == ROAM_STATE_UP,
	       "session 1 survived every refusal unchanged (count %d, state %u)",
	       session_count(), session_state(1));
	req_init(&r, ROAM_CMD_SESSION_DEL, 0);
	put_u32(&r, ROAM_A_SESSION_IFINDEX, ifindex);
	put_u32(&r, ROAM_A_SESSION_ID, 1);
	send_req(fd, &r, &a, NULL, NULL);
	result(a.err == 0 && session_count() == 0, "delete session 1 (%s), none left (%d)",
	       ename(a.err), session_count());

	printf("1..%d\n", test_no);
	printf("# %d passed, %d failed\n", test_no - failures, failures);
	return failures ? 1 : 0;
}
