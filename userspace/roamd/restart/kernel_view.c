// SPDX-License-Identifier: GPL-2.0
/* XFRM dumps and removals for a restart (kernel_view.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "restart/kernel_view.h"

static void *grow(void *arr, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return arr;
	p = realloc(arr, (*cap ? *cap * 2 : 32) * size);
	if (p)
		*cap = *cap ? *cap * 2 : 32;
	return p;
}

/* Walk the attributes after a fixed header of hdr bytes. */
static const struct nlattr *attr_next(const struct nlmsghdr *h, size_t *off)
{
	const struct nlattr *a;

	if (*off + NLA_HDRLEN > h->nlmsg_len)
		return NULL;
	a = (const struct nlattr *)((const char *)h + *off);
	if (a->nla_len < NLA_HDRLEN || *off + a->nla_len > h->nlmsg_len)
		return NULL;
	*off += NLA_ALIGN(a->nla_len);
	return a;
}

static const void *attr_data(const struct nlattr *a, size_t need)
{
	return a->nla_len >= NLA_HDRLEN + need ?
	       (const char *)a + NLA_HDRLEN : NULL;
}

/* XFRMA_MARK of an SA or a policy: value and mask (left as they are when short). */
static void read_mark(const struct nlattr *a, uint32_t *mark, uint32_t *mask)
{
	const struct xfrm_mark *m = attr_data(a, sizeof(*m));

	if (m) {
		*mark = m->v;
		*mask = m->m;
	}
}

/* An algorithm's name, cut to fit (ours are all short). */
static void read_alg_name(const char *name, char *out, size_t len)
{
	size_t n = strnlen(name, sizeof(((struct xfrm_algo *)0)->alg_name));

	if (n >= len)
		n = 0;		/* not one of ours: left unnamed */
	memcpy(out, name, n);
	out[n] = '\0';
}

static int parse_sa(const struct nlmsghdr *h, struct kview_store *st)
{
	const struct xfrm_usersa_info *info;
	const struct nlattr *a;
	struct kview_sa *k, *arr;
	size_t off = NLMSG_LENGTH(sizeof(*info));

	if (h->nlmsg_len < off)
		return -1;
	info = NLMSG_DATA(h);
	if (info->id.proto != IPPROTO_ESP)
		return 0;
	arr = grow(st->sa, &st->cap_sa, st->n_sa, sizeof(*arr));
	if (!arr)
		return -1;
	st->sa = arr;
	k = &arr[st->n_sa];
	memset(k, 0, sizeof(*k));
	k->family = info->family;
	memcpy(k->daddr, &info->id.daddr, 16);
	k->spi = ntohl(info->id.spi);
	k->reqid = info->reqid;
	k->add_time = info->curlft.add_time;
	k->hard_s = info->lft.hard_add_expires_seconds;
	off = NLMSG_ALIGN(off);
	while ((a = attr_next(h, &off))) {
		const struct xfrm_algo_auth *au;
		const struct xfrm_algo *al;
		const uint32_t *v;

		switch (a->nla_type & NLA_TYPE_MASK) {
		case XFRMA_ALG_CRYPT:
			al = attr_data(a, sizeof(*al));
			if (al) {
				read_alg_name(al->alg_name, k->enc,
					      sizeof(k->enc));
				k->enc_bits = al->alg_key_len;
			}
			break;
		case XFRMA_ALG_AUTH_TRUNC:
			au = attr_data(a, sizeof(*au));
			if (au) {
				read_alg_name(au->alg_name, k->auth,
					      sizeof(k->auth));
				k->auth_bits = au->alg_key_len;
				k->auth_trunc_bits = au->alg_trunc_len;
			}
			break;
		case XFRMA_MARK:
			read_mark(a, &k->mark, &k->mark_mask);
			break;
		case XFRMA_SET_MARK:
			v = attr_data(a, sizeof(*v));
			if (v)
				k->set_mark = *v;
			break;
		}
	}
	st->n_sa++;
	return 0;
}

static int parse_policy(const struct nlmsghdr *h, struct kview_store *st)
{
	const struct xfrm_userpolicy_info *info;
	const struct nlattr *a;
	struct kview_policy *k, *arr;
	size_t off = NLMSG_LENGTH(sizeof(*info));

	if (h->nlmsg_len < off)
		return -1;
	info = NLMSG_DATA(h);
	arr = grow(st->pol, &st->cap_pol, st->n_pol, sizeof(*arr));
	if (!arr)
		return -1;
	st->pol = arr;
	k = &arr[st->n_pol];
	memset(k, 0, sizeof(*k));
	k->index = info->index;
	k->dir = info->dir;
	k->priority = info->priority;
	off = NLMSG_ALIGN(off);
	while ((a = attr_next(h, &off))) {
		const struct xfrm_user_tmpl *t;

		switch (a->nla_type & NLA_TYPE_MASK) {
		case XFRMA_MARK:
			read_mark(a, &k->mark, &k->mark_mask);
			break;
		case XFRMA_TMPL:
			t = attr_data(a, sizeof(*t));
			if (t)
				k->reqid = t->reqid;
			break;
		}
	}
	st->n_pol++;
	return 0;
}

int kview_parse_xfrm(const void *buf, size_t len, struct kview_store *st)
{
	const struct nlmsghdr *h;

	for (h = buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		switch (h->nlmsg_type) {
		case NLMSG_DONE:
			return 1;
		case NLMSG_ERROR:
			return -1;
		case XFRM_MSG_NEWSA:
			if (parse_sa(h, st))
				return -1;
			break;
		case XFRM_MSG_NEWPOLICY:
			if (parse_policy(h, st))
				return -1;
			break;
		}
	}
	return 0;
}

void kview_store_free(struct kview_store *st)
{
	free(st->sa);
	free(st->pol);
	memset(st, 0, sizeof(*st));
}

static int dump(int fd, uint16_t type, size_t body, struct kview_store *st)
{
	struct {
		struct nlmsghdr h;
		char body[sizeof(struct xfrm_userpolicy_info) +
			  sizeof(struct xfrm_usersa_info)];
	} req = {};
	static char buf[65536];
	ssize_t n;
	int r;

	req.h.nlmsg_len = NLMSG_LENGTH(body);
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = type;
	if (send(fd, &req, req.h.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		r = kview_parse_xfrm(buf, n, st);
		/* SA dumps carry keys: they are not kept */
		explicit_bzero(buf, n);
		if (r)
			return r > 0 ? 0 : -EPROTO;
	}
}

int kview_dump_xfrm(int fd, struct kview_store *st)
{
	/*
	 * The kernel reads an SA dump's request as attributes from its first
	 * byte (filters only): a header there is read as a malformed
	 * attribute and logged ("bytes leftover after parsing attributes").
	 * A policy dump's request is not read at all.
	 */
	int r = dump(fd, XFRM_MSG_GETSA, 0, st);

	if (!r)
		r = dump(fd, XFRM_MSG_GETPOLICY,
			 sizeof(struct xfrm_userpolicy_info), st);
	return r;
}

static int exchange(int fd, struct nlmsghdr *h)
{
	char buf[4096];
	struct nlmsghdr *r;
	ssize_t n;

	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = 0x7e57a7;
	if (send(fd, h, h->nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		for (r = (struct nlmsghdr *)buf; NLMSG_OK(r, (size_t)n);
		     r = NLMSG_NEXT(r, n)) {
			struct nlmsgerr *e = NLMSG_DATA(r);

			if (r->nlmsg_seq != h->nlmsg_seq ||
			    r->nlmsg_type != NLMSG_ERROR)
				continue;
			if (r->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return -EPROTO;
			return e->error == -ENOENT ? 0 : e->error;
		}
	}
}

static void put_mark(struct nlmsghdr *h, uint32_t v, uint32_t m)
{
	struct nlattr *a = (struct nlattr *)((char *)h +
					     NLMSG_ALIGN(h->nlmsg_len));
	struct xfrm_mark mark = { v, m };

	if (!v && !m)
		return;
	a->nla_type = XFRMA_MARK;
	a->nla_len = NLA_HDRLEN + sizeof(mark);
	memcpy((char *)a + NLA_HDRLEN, &mark, sizeof(mark));
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

int kview_sa_del(int fd, const struct kview_sa *sa)
{
	struct {
		struct nlmsghdr h;
		struct xfrm_usersa_id id;
		char attrs[64];
	} req = {};

	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.id));
	req.h.nlmsg_type = XFRM_MSG_DELSA;
	memcpy(&req.id.daddr, sa->daddr, 16);
	req.id.spi = htonl(sa->spi);
	req.id.family = sa->family;
	req.id.proto = IPPROTO_ESP;
	put_mark(&req.h, sa->mark, sa->mark_mask);
	return exchange(fd, &req.h);
}

int kview_policy_del(int fd, const struct kview_policy *pol)
{
	struct {
		struct nlmsghdr h;
		struct xfrm_userpolicy_id id;
		char attrs[64];
	} req = {};

	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.id));
	req.h.nlmsg_type = XFRM_MSG_DELPOLICY;
	req.id.index = pol->index;
	req.id.dir = pol->dir;
	put_mark(&req.h, pol->mark, pol->mark_mask);
	return exchange(fd, &req.h);
}
