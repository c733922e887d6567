// SPDX-License-Identifier: GPL-2.0
/*
 * Builders for XFRM netlink requests. Pure functions over a buffer.
 */
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <string.h>
#include <sys/socket.h>

#include "xfrm_msg.h"

struct msg {
	char *buf;
	size_t cap;
	struct nlmsghdr *nlh;
	int overflow;
};

static void *msg_init(struct msg *m, void *buf, size_t cap, uint16_t type,
		      uint16_t flags, uint32_t seq, size_t body)
{
	memset(buf, 0, cap);
	m->buf = buf;
	m->cap = cap;
	m->overflow = NLMSG_SPACE(body) > cap;
	if (m->overflow)
		return NULL;
	m->nlh = buf;
	m->nlh->nlmsg_len = NLMSG_LENGTH(body);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	m->nlh->nlmsg_seq = seq;
	return NLMSG_DATA(m->nlh);
}

static void *msg_attr(struct msg *m, uint16_t type, size_t len)
{
	size_t off = NLMSG_ALIGN(m->nlh->nlmsg_len);
	struct nlattr *a;

	if (m->overflow || off + NLA_HDRLEN + NLA_ALIGN(len) > m->cap) {
		m->overflow = 1;
		return NULL;
	}
	a = (struct nlattr *)(m->buf + off);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	m->nlh->nlmsg_len = off + NLA_HDRLEN + NLA_ALIGN(len);
	return (char *)a + NLA_HDRLEN;
}

static int msg_end(struct msg *m)
{
	return m->overflow ? -1 : (int)m->nlh->nlmsg_len;
}

static void fill_selector(struct xfrm_selector *s, const struct xfrm_flow *f)
{
	s->family = AF_INET;
	s->saddr.a4 = f->src.s_addr;
	s->daddr.a4 = f->dst.s_addr;
	s->prefixlen_s = f->nets ? f->src_plen : f->src.s_addr ? 32 : 0;
	s->prefixlen_d = f->nets ? f->dst_plen : f->dst.s_addr ? 32 : 0;
	s->proto = f->proto;
	if (f->sport) {
		s->sport = htons(f->sport);
		s->sport_mask = 0xffff;
	}
	if (f->dport) {
		s->dport = htons(f->dport);
		s->dport_mask = 0xffff;
	}
}

static void put_mark(struct msg *m, uint32_t mark)
{
	struct xfrm_mark *xm;

	if (!mark)
		return;
	xm = msg_attr(m, XFRMA_MARK, sizeof(*xm));
	if (xm) {
		xm->v = mark;
		xm->m = 0xffffffff;
	}
}

int xfrm_msg_sa_add(void *buf, size_t len, uint32_t seq,
		    const struct xfrm_sa *sa)
{
	struct xfrm_usersa_info *info;
	struct xfrm_algo_auth *auth;
	struct xfrm_algo *enc;
	struct msg m;

	info = msg_init(&m, buf, len, XFRM_MSG_NEWSA, NLM_F_CREATE | NLM_F_EXCL,
			seq, sizeof(*info));
	if (!info)
		return -1;
	fill_selector(&info->sel, &sa->sel);
	info->id.daddr.a4 = sa->dst.s_addr;
	info->id.spi = sa->spi;
	info->id.proto = IPPROTO_ESP;
	info->saddr.a4 = sa->src.s_addr;
	info->family = AF_INET;
	info->mode = sa->tunnel ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	info->reqid = sa->reqid;
	info->replay_window = 32;
	info->lft.soft_byte_limit = XFRM_INF;
	info->lft.hard_byte_limit = XFRM_INF;
	info->lft.soft_packet_limit = XFRM_INF;
	info->lft.hard_packet_limit = XFRM_INF;
	info->lft.soft_add_expires_seconds = sa->soft_seconds;
	info->lft.hard_add_expires_seconds = sa->hard_seconds;

	enc = msg_attr(&m, XFRMA_ALG_CRYPT, sizeof(*enc) + sa->enc_key_len);
	if (enc) {
		strncpy(enc->alg_name, sa->enc_name, sizeof(enc->alg_name) - 1);
		enc->alg_key_len = sa->enc_key_len * 8;
		memcpy(enc->alg_key, sa->enc_key, sa->enc_key_len);
	}
	auth = msg_attr(&m, XFRMA_ALG_AUTH_TRUNC,
			sizeof(*auth) + sa->auth_key_len);
	if (auth) {
		strncpy(auth->alg_name, sa->auth_name,
			sizeof(auth->alg_name) - 1);
		auth->alg_key_len = sa->auth_key_len * 8;
		auth->alg_trunc_len = sa->auth_trunc_bits;
		memcpy(auth->alg_key, sa->auth_key, sa->auth_key_len);
	}
	if (sa->encap_sport || sa->encap_dport) {
		struct xfrm_encap_tmpl *e;

		e = msg_attr(&m, XFRMA_ENCAP, sizeof(*e));
		if (e) {
			e->encap_type = 2;	/* UDP_ENCAP_ESPINUDP (RFC 3948) */
			e->encap_sport = htons(sa->encap_sport);
			e->encap_dport = htons(sa->encap_dport);
		}
	}
	put_mark(&m, sa->mark);
	if (sa->set_mark) {
		uint32_t *v = msg_attr(&m, XFRMA_SET_MARK, sizeof(*v));

		if (v)
			*v = sa->set_mark;
		v = msg_attr(&m, XFRMA_SET_MARK_MASK, sizeof(*v));
		if (v)
			*v = 0xffffffff;
	}
	return msg_end(&m);
}

static int sa_id_msg(void *buf, size_t len, uint16_t type, uint32_t seq,
		     struct in_addr dst, uint32_t spi, uint32_t mark)
{
	struct xfrm_usersa_id *id;
	struct msg m;

	id = msg_init(&m, buf, len, type, 0, seq, sizeof(*id));
	if (!id)
		return -1;
	id->daddr.a4 = dst.s_addr;
	id->spi = spi;
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	put_mark(&m, mark);
	return msg_end(&m);
}

int xfrm_msg_sa_del(void *buf, size_t len, uint32_t seq, struct in_addr dst,
		    uint32_t spi, uint32_t mark)
{
	return sa_id_msg(buf, len, XFRM_MSG_DELSA, seq, dst, spi, mark);
}

int xfrm_msg_sa_get(void *buf, size_t len, uint32_t seq, struct in_addr dst,
		    uint32_t spi, uint32_t mark)
{
	int n = sa_id_msg(buf, len, XFRM_MSG_GETSA, seq, dst, spi, mark);

	/* A get is answered with the SA itself, not an ack. */
	if (n > 0)
		((struct nlmsghdr *)buf)->nlmsg_flags = NLM_F_REQUEST;
	return n;
}

int xfrm_msg_policy_add(void *buf, size_t len, uint32_t seq,
			const struct xfrm_policy *pol)
{
	struct xfrm_userpolicy_info *info;
	struct xfrm_user_tmpl *t;
	struct msg m;

	info = msg_init(&m, buf, len, XFRM_MSG_NEWPOLICY,
			NLM_F_CREATE | NLM_F_EXCL, seq, sizeof(*info));
	if (!info)
		return -1;
	fill_selector(&info->sel, &pol->sel);
	info->dir = pol->dir;
	info->action = pol->block ? XFRM_POLICY_BLOCK : XFRM_POLICY_ALLOW;
	info->priority = pol->priority;
	info->lft.soft_byte_limit = XFRM_INF;
	info->lft.hard_byte_limit = XFRM_INF;
	info->lft.soft_packet_limit = XFRM_INF;
	info->lft.hard_packet_limit = XFRM_INF;

	t = msg_attr(&m, XFRMA_TMPL, sizeof(*t));
	if (t) {
		t->id.proto = IPPROTO_ESP;
		t->family = AF_INET;
		t->saddr.a4 = pol->tmpl_src.s_addr;
		t->id.daddr.a4 = pol->tmpl_dst.s_addr;
		t->reqid = pol->reqid;
		t->mode = pol->tunnel ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
		t->aalgos = ~0u;
		t->ealgos = ~0u;
		t->calgos = ~0u;
	}
	put_mark(&m, pol->mark);
	return msg_end(&m);
}

int xfrm_msg_policy_del(void *buf, size_t len, uint32_t seq,
			const struct xfrm_policy *pol)
{
	struct xfrm_userpolicy_id *id;
	struct msg m;

	id = msg_init(&m, buf, len, XFRM_MSG_DELPOLICY, 0, seq, sizeof(*id));
	if (!id)
		return -1;
	fill_selector(&id->sel, &pol->sel);
	id->dir = pol->dir;
	put_mark(&m, pol->mark);
	return msg_end(&m);
}

int xfrm_msg_parse_sa(const void *buf, size_t len,
		      struct xfrm_sa_counters *out)
{
	const struct nlmsghdr *nlh = buf;
	const struct xfrm_usersa_info *info;

	if (len < NLMSG_HDRLEN || nlh->nlmsg_len > len ||
	    nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*info)))
		return -1;
	info = NLMSG_DATA(nlh);
	out->bytes = info->curlft.bytes;
	out->packets = info->curlft.packets;
	out->add_time = info->curlft.add_time;
	return 0;
}

/*
 * The kernel answers a GETSA with the SA as a NEWSA message: algorithms,
 * keys, marks and all.  Sent back as UPDSA with the encapsulation's ports
 * changed, it moves the SA to a client's new NAT mapping and changes
 * nothing else (an update copies the encapsulation, the lifetimes and
 * the marks of the message onto the live SA; its counters and replay
 * state stay).
 */
int xfrm_msg_sa_reencap(void *msg, size_t len, uint32_t seq, uint16_t sport,
			uint16_t dport)
{
	struct nlmsghdr *nlh = msg;
	struct nlattr *a;
	size_t off, end;
	bool found = false;

	if (len < NLMSG_HDRLEN || nlh->nlmsg_len > len ||
	    nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct xfrm_usersa_info)))
		return -1;
	end = nlh->nlmsg_len;
	off = NLMSG_SPACE(sizeof(struct xfrm_usersa_info));
	while (off + NLA_HDRLEN <= end) {
		a = (struct nlattr *)((char *)msg + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > end)
			return -1;
		if ((a->nla_type & NLA_TYPE_MASK) == XFRMA_ENCAP &&
		    a->nla_len >= NLA_HDRLEN + sizeof(struct xfrm_encap_tmpl)) {
			struct xfrm_encap_tmpl *e;

			e = (struct xfrm_encap_tmpl *)((char *)a + NLA_HDRLEN);
			e->encap_sport = htons(sport);
			e->encap_dport = htons(dport);
			found = true;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	if (!found)
		return -1;
	nlh->nlmsg_type = XFRM_MSG_UPDSA;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	return (int)nlh->nlmsg_len;
}

/* A /32 of the selector that is old becomes new (transport mode). */
static void sel_move(struct xfrm_selector *sel, struct in_addr old,
		     struct in_addr new)
{
	if (sel->prefixlen_s == 32 && sel->saddr.a4 == old.s_addr)
		sel->saddr.a4 = new.s_addr;
	if (sel->prefixlen_d == 32 && sel->daddr.a4 == old.s_addr)
		sel->daddr.a4 = new.s_addr;
}

/*
 * The kernel cannot change an SA's addresses in place (XFRM_MSG_UPDSA
 * copies the encapsulation, lifetimes and marks, not the id, the source
 * or the selector): the SA is added again from the kernel's own copy
 * with the new address (ipsec/remap.c says in which order).
 */
int xfrm_msg_sa_move(void *msg, size_t len, size_t cap, uint32_t seq,
		     struct in_addr old, struct in_addr new, uint16_t new_port)
{
	struct nlmsghdr *nlh = msg;
	struct xfrm_usersa_info *info;
	struct xfrm_encap_tmpl *e = NULL;
	struct xfrm_lifetime_cur *lt;
	bool out, in;
	struct nlattr *a;
	size_t off, end;

	if (len < NLMSG_HDRLEN || nlh->nlmsg_len > len || len > cap ||
	    nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*info)))
		return -1;
	info = NLMSG_DATA(nlh);
	if (info->family != AF_INET || info->id.proto != IPPROTO_ESP)
		return -1;
	end = nlh->nlmsg_len;
	off = NLMSG_SPACE(sizeof(*info));
	while (off + NLA_HDRLEN <= end) {
		a = (struct nlattr *)((char *)msg + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > end)
			return -1;
		if ((a->nla_type & NLA_TYPE_MASK) == XFRMA_ENCAP &&
		    a->nla_len >= NLA_HDRLEN + sizeof(*e))
			e = (struct xfrm_encap_tmpl *)((char *)a + NLA_HDRLEN);
		/* an earlier copy of the counters would win over ours */
		if ((a->nla_type & NLA_TYPE_MASK) == XFRMA_LTIME_VAL)
			return -1;
		off += NLA_ALIGN(a->nla_len);
	}
	out = info->id.daddr.a4 == old.s_addr;
	in = info->saddr.a4 == old.s_addr;
	if (!e || (!out && !in) ||
	    NLMSG_ALIGN(end) + NLA_HDRLEN + NLA_ALIGN(sizeof(*lt)) > cap)
		return -1;
	if (out) {
		info->id.daddr.a4 = new.s_addr;
		e->encap_dport = htons(new_port);
	}
	if (in) {
		info->saddr.a4 = new.s_addr;
		e->encap_sport = htons(new_port);
	}
	if (info->mode == XFRM_MODE_TRANSPORT)
		sel_move(&info->sel, old, new);
	off = NLMSG_ALIGN(end);
	a = (struct nlattr *)((char *)msg + off);
	memset(a, 0, NLA_HDRLEN + NLA_ALIGN(sizeof(*lt)));
	a->nla_type = XFRMA_LTIME_VAL;
	a->nla_len = NLA_HDRLEN + sizeof(*lt);
	lt = (struct xfrm_lifetime_cur *)((char *)a + NLA_HDRLEN);
	*lt = info->curlft;
	memset(&info->curlft, 0, sizeof(info->curlft));
	nlh->nlmsg_len = off + NLA_HDRLEN + NLA_ALIGN(sizeof(*lt));
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			   NLM_F_EXCL;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	return (int)nlh->nlmsg_len;
}

int xfrm_msg_parse_mapping(const void *buf, size_t len,
			   struct xfrm_mapping *out)
{
	const struct nlmsghdr *nlh = buf;
	const struct xfrm_user_mapping *um;

	if (len < NLMSG_HDRLEN || nlh->nlmsg_len > len ||
	    nlh->nlmsg_type != XFRM_MSG_MAPPING ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*um)))
		return -1;
	um = NLMSG_DATA(nlh);
	if (um->id.family != AF_INET || um->id.proto != IPPROTO_ESP)
		return -1;
	out->dst.s_addr = um->id.daddr.a4;
	out->spi = ntohl(um->id.spi);
	out->reqid = um->reqid;
	out->old_src.s_addr = um->old_saddr.a4;
	out->new_src.s_addr = um->new_saddr.a4;
	out->old_sport = ntohs(um->old_sport);
	out->new_sport = ntohs(um->new_sport);
	return 0;
}
