// SPDX-License-Identifier: GPL-2.0
/*
 * The restart state file's codec (state.h): pure functions over buffers
 * with explicit lengths.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "restart/state.h"
#include "util.h"

#define MAGIC		"ROAMSTAT"
#define MAGIC_LEN	8
#define HDR_LEN		(MAGIC_LEN + 4 + 4)
#define CRC_LEN		4
#define REC_HDR		4

enum rec_type {
	REC_IKE = 1,
	REC_ESP = 2,
	REC_L2TP = 3,
	REC_SESSION = 4,
	REC_IKE_RESUME = 5,
	REC_L2TP_RESUME = 6,
	REC_SESSION_RESUME = 7,
	REC_SESSION_AAA = 8,
};

#define ADDR_LEN	(2 + 2 + 16)
#define IKE_LEN		(8 + 8 + 2 * ADDR_LEN + 1 + 1 + 2 + 1 + 1 + 1 + \
			 3 * RESTART_KEY_MAX + RESTART_ENCKEY_MAX + \
			 RESTART_BLOCK_MAX)
#define ESP_LEN		(4 + 2 * ADDR_LEN + 4 + 4 + 2 + 2 + 1)
#define L2TP_LEN	(2 + 2 + 2 * ADDR_LEN + 4 + 2 + 2)
#define SESSION_LEN	(4 * 4 + 4 * 2 + RESTART_USER_MAX + RESTART_GROUP_MAX)
#define IKE_RES_LEN	(8 + 8 + 1 + 2 + 4 + 8 + 4 + 4 + 2 + \
			 RESTART_PEER_ID_MAX)
#define L2TP_RES_LEN	(2 + 2 + 2 + RESTART_HOST_MAX)
#define SESS_RES_LEN	(4 + 4 + 2 + 1 + 1 + 2 + 4 * 4 + 8 + 8 + \
			 RESTART_ACCT_ID_MAX)
#define SESS_AAA_LEN	(4 + 4 + 4 + 4 + 4 + 2 + RESTART_CLASS_MAX)

const char *restart_strerror(enum restart_err e)
{
	switch (e) {
	case RESTART_OK:		return "ok";
	case RESTART_ERR_SHORT:		return "truncated";
	case RESTART_ERR_MAGIC:		return "not a roamd state file";
	case RESTART_ERR_VERSION:	return "unknown version";
	case RESTART_ERR_LENGTH:	return "length out of range";
	case RESTART_ERR_CRC:		return "checksum mismatch (corrupt)";
	case RESTART_ERR_RECORD:	return "unknown or malformed record";
	case RESTART_ERR_FIELD:		return "field out of range";
	case RESTART_ERR_NOMEM:		return "out of memory";
	}
	return "unknown error";
}

/*
 * CRC-32 (IEEE 802.3, reflected 0xEDB88320): catches a torn write.  A
 * byte at a time from a table built at first use: the file is
 * checksummed whole at every save, and bit by bit that was most of a
 * save's time at thousands of sessions.
 */
static uint32_t crc32_ieee(const uint8_t *p, size_t len)
{
	static uint32_t table[256];
	uint32_t crc = 0xffffffff, c;
	unsigned int i, k;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			c = i;
			for (k = 0; k < 8; k++)
				c = (c >> 1) ^ (0xedb88320 & -(c & 1));
			table[i] = c;
		}
	}
	while (len--)
		crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xff];
	return ~crc;
}

void restart_state_init(struct restart_state *s)
{
	memset(s, 0, sizeof(*s));
}

void restart_state_free(struct restart_state *s)
{
	if (s->ike)
		explicit_bzero(s->ike, s->n_ike * sizeof(*s->ike));
	free(s->ike);
	free(s->esp);
	free(s->l2tp);
	free(s->sess);
	free(s->ike_res);
	free(s->l2tp_res);
	free(s->sess_res);
	free(s->sess_aaa);
	restart_state_init(s);
}

static int append(void **arr, size_t *n, size_t size, const void *r)
{
	void *p;

	/* capacity 4, then doubling: full when n is 4, 8, 16... */
	if (!*n || (*n >= 4 && !(*n & (*n - 1)))) {
		p = realloc(*arr, (*n ? *n * 2 : 4) * size);
		if (!p)
			return -1;
		*arr = p;
	}
	memcpy((char *)*arr + *n * size, r, size);
	(*n)++;
	return 0;
}

int restart_state_add_ike(struct restart_state *s, const struct restart_ike *r)
{
	return append((void **)&s->ike, &s->n_ike, sizeof(*r), r);
}

int restart_state_add_esp(struct restart_state *s, const struct restart_esp *r)
{
	return append((void **)&s->esp, &s->n_esp, sizeof(*r), r);
}

int restart_state_add_l2tp(struct restart_state *s,
			   const struct restart_l2tp *r)
{
	return append((void **)&s->l2tp, &s->n_l2tp, sizeof(*r), r);
}

int restart_state_add_session(struct restart_state *s,
			      const struct restart_session *r)
{
	return append((void **)&s->sess, &s->n_sess, sizeof(*r), r);
}

int restart_state_add_ike_resume(struct restart_state *s,
				 const struct restart_ike_resume *r)
{
	return append((void **)&s->ike_res, &s->n_ike_res, sizeof(*r), r);
}

int restart_state_add_l2tp_resume(struct restart_state *s,
				  const struct restart_l2tp_resume *r)
{
	return append((void **)&s->l2tp_res, &s->n_l2tp_res, sizeof(*r), r);
}

int restart_state_add_session_resume(struct restart_state *s,
				     const struct restart_session_resume *r)
{
	return append((void **)&s->sess_res, &s->n_sess_res, sizeof(*r), r);
}

int restart_state_add_session_aaa(struct restart_state *s,
				  const struct restart_session_aaa *r)
{
	return append((void **)&s->sess_aaa, &s->n_sess_aaa, sizeof(*r), r);
}

/* --- writing ------------------------------------------------------- */

struct wbuf {
	uint8_t *p;
	size_t len;
};

static uint8_t *put(struct wbuf *w, const void *src, size_t n)
{
	uint8_t *at = w->p + w->len;

	if (src)
		memcpy(at, src, n);
	else
		memset(at, 0, n);
	w->len += n;
	return at;
}

static void put8(struct wbuf *w, uint8_t v)
{
	put(w, &v, 1);
}

static void put16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v };

	put(w, b, 2);
}

static void put32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

	put(w, b, 4);
}

static void put64(struct wbuf *w, uint64_t v)
{
	put32(w, v >> 32);
	put32(w, v);
}

static void put_addr(struct wbuf *w, const struct restart_addr *a)
{
	put16(w, a->family);
	put16(w, a->port);
	put(w, a->ip, 16);
}

static void put_rec(struct wbuf *w, uint8_t type, uint16_t len)
{
	put8(w, type);
	put8(w, 0);
	put16(w, len);
}

/* A string field: NUL-padded, the last byte always NUL. */
static void put_str(struct wbuf *w, const char *str, size_t field)
{
	size_t n = strnlen(str, field - 1);
	uint8_t *at = put(w, NULL, field);

	memcpy(at, str, n);
}

static void put_resume(struct wbuf *w, const struct restart_state *s)
{
	size_t i;

	for (i = 0; i < s->n_ike_res; i++) {
		const struct restart_ike_resume *r = &s->ike_res[i];
		uint16_t n = r->peer_id_len > RESTART_PEER_ID_MAX ?
			     RESTART_PEER_ID_MAX : r->peer_id_len;

		put_rec(w, REC_IKE_RESUME, IKE_RES_LEN);
		put(w, r->cky_i, 8);
		put(w, r->cky_r, 8);
		put8(w, r->flags);
		put16(w, r->auth_method);
		put32(w, r->life_s);
		put64(w, r->expire_ms);
		put32(w, r->dpd_seq);
		put32(w, r->dpd_peer_seq);
		put16(w, n);
		memcpy(put(w, NULL, RESTART_PEER_ID_MAX), r->peer_id, n);
	}
	for (i = 0; i < s->n_l2tp_res; i++) {
		const struct restart_l2tp_resume *r = &s->l2tp_res[i];

		put_rec(w, REC_L2TP_RESUME, L2TP_RES_LEN);
		put16(w, r->tid);
		put16(w, r->ns_una);
		put16(w, r->peer_rws);
		put_str(w, r->peer_host, RESTART_HOST_MAX);
	}
	for (i = 0; i < s->n_sess_res; i++) {
		const struct restart_session_resume *r = &s->sess_res[i];

		put_rec(w, REC_SESSION_RESUME, SESS_RES_LEN);
		put32(w, r->ifindex);
		put32(w, r->id);
		put16(w, r->peer_sid);
		put8(w, r->flags);
		put8(w, r->auth_method);
		put16(w, r->peer_mru);
		put32(w, r->our_magic);
		put32(w, r->peer_magic);
		put32(w, r->local_ip);
		put32(w, r->peer_ip);
		put64(w, r->started_unix);
		put64(w, r->started_ms);
		put_str(w, r->acct_id, RESTART_ACCT_ID_MAX);
	}
	for (i = 0; i < s->n_sess_aaa; i++) {
		const struct restart_session_aaa *r = &s->sess_aaa[i];
		uint16_t n = r->class_len > RESTART_CLASS_MAX ?
			     RESTART_CLASS_MAX : r->class_len;

		put_rec(w, REC_SESSION_AAA, SESS_AAA_LEN);
		put32(w, r->ifindex);
		put32(w, r->id);
		put32(w, r->session_timeout);
		put32(w, r->idle_timeout);
		put32(w, r->interim);
		put16(w, n);
		memcpy(put(w, NULL, RESTART_CLASS_MAX), r->class_val, n);
	}
}

int restart_state_encode(const struct restart_state *s, uint8_t **buf,
			 size_t *len)
{
	size_t body = s->n_ike * (REC_HDR + IKE_LEN) +
		      s->n_esp * (REC_HDR + ESP_LEN) +
		      s->n_l2tp * (REC_HDR + L2TP_LEN) +
		      s->n_sess * (REC_HDR + SESSION_LEN) +
		      s->n_ike_res * (REC_HDR + IKE_RES_LEN) +
		      s->n_l2tp_res * (REC_HDR + L2TP_RES_LEN) +
		      s->n_sess_res * (REC_HDR + SESS_RES_LEN) +
		      s->n_sess_aaa * (REC_HDR + SESS_AAA_LEN);
	struct wbuf w = {};
	size_t i;

	*buf = NULL;
	*len = 0;
	if (body > RESTART_STATE_MAX - HDR_LEN - CRC_LEN)
		return -1;
	w.p = malloc(HDR_LEN + body + CRC_LEN);
	if (!w.p)
		return -1;
	put(&w, MAGIC, MAGIC_LEN);
	put32(&w, RESTART_STATE_VERSION);
	put32(&w, body);
	for (i = 0; i < s->n_ike; i++) {
		const struct restart_ike *r = &s->ike[i];

		put_rec(&w, REC_IKE, IKE_LEN);
		put(&w, r->cky_i, 8);
		put(&w, r->cky_r, 8);
		put_addr(&w, &r->local);
		put_addr(&w, &r->remote);
		put8(&w, r->natt);
		put8(&w, r->hash);
		put16(&w, r->enc);
		put8(&w, r->blk);
		put8(&w, r->prf_len);
		put8(&w, r->enc_len);
		put(&w, r->skeyid_d, RESTART_KEY_MAX);
		put(&w, r->skeyid_a, RESTART_KEY_MAX);
		put(&w, r->skeyid_e, RESTART_KEY_MAX);
		put(&w, r->enc_key, RESTART_ENCKEY_MAX);
		put(&w, r->iv, RESTART_BLOCK_MAX);
	}
	for (i = 0; i < s->n_esp; i++) {
		const struct restart_esp *r = &s->esp[i];

		put_rec(&w, REC_ESP, ESP_LEN);
		put32(&w, r->mark);
		put_addr(&w, &r->local);
		put_addr(&w, &r->remote);
		put32(&w, r->spi_in);
		put32(&w, r->spi_out);
		put16(&w, r->encap_sport);
		put16(&w, r->encap_dport);
		put8(&w, r->tunnel);
	}
	for (i = 0; i < s->n_l2tp; i++) {
		const struct restart_l2tp *r = &s->l2tp[i];

		put_rec(&w, REC_L2TP, L2TP_LEN);
		put16(&w, r->tid);
		put16(&w, r->peer_tid);
		put_addr(&w, &r->local);
		put_addr(&w, &r->peer);
		put32(&w, r->mark);
		put16(&w, r->ns);
		put16(&w, r->nr);
	}
	for (i = 0; i < s->n_sess; i++) {
		const struct restart_session *r = &s->sess[i];

		put_rec(&w, REC_SESSION, SESSION_LEN);
		put32(&w, r->ifindex);
		put32(&w, r->id);
		put32(&w, r->kind);
		put32(&w, r->ipv4);
		put16(&w, r->tid);
		put16(&w, r->sid);
		put16(&w, r->call_id);
		put16(&w, r->peer_call_id);
		put_str(&w, r->user, RESTART_USER_MAX);
		put_str(&w, r->group, RESTART_GROUP_MAX);
	}
	put_resume(&w, s);
	put32(&w, crc32_ieee(w.p, w.len));
	*buf = w.p;
	*len = w.len;
	return 0;
}

/* --- reading ------------------------------------------------------- */

/* Reads within one record whose length was checked beforehand. */
struct rbuf {
	const uint8_t *p;
};

static void get(struct rbuf *r, void *dst, size_t n)
{
	memcpy(dst, r->p, n);
	r->p += n;
}

static uint8_t get8(struct rbuf *r)
{
	return *r->p++;
}

static uint16_t get16(struct rbuf *r)
{
	uint16_t v = (uint16_t)r->p[0] << 8 | r->p[1];

	r->p += 2;
	return v;
}

static uint32_t get32(struct rbuf *r)
{
	uint32_t v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
		     (uint32_t)r->p[2] << 8 | r->p[3];

	r->p += 4;
	return v;
}

static uint64_t get64(struct rbuf *r)
{
	uint64_t hi = get32(r);

	return hi << 32 | get32(r);
}

static int get_addr(struct rbuf *r, struct restart_addr *a)
{
	a->family = get16(r);
	a->port = get16(r);
	get(r, a->ip, 16);
	return a->family == AF_INET || a->family == AF_INET6 ? 0 : -1;
}

static int get_str(struct rbuf *r, char *dst, size_t field)
{
	get(r, dst, field);
	return memchr(dst, 0, field) ? 0 : -1;
}

static enum restart_err dec_ike(struct rbuf *r, struct restart_state *s)
{
	struct restart_ike v;
	int bad;

	memset(&v, 0, sizeof(v));	/* padding too: records compare whole */
	get(r, v.cky_i, 8);
	get(r, v.cky_r, 8);
	bad = get_addr(r, &v.local);
	bad |= get_addr(r, &v.remote);
	v.natt = get8(r);
	v.hash = get8(r);
	v.enc = get16(r);
	v.blk = get8(r);
	v.prf_len = get8(r);
	v.enc_len = get8(r);
	get(r, v.skeyid_d, RESTART_KEY_MAX);
	get(r, v.skeyid_a, RESTART_KEY_MAX);
	get(r, v.skeyid_e, RESTART_KEY_MAX);
	get(r, v.enc_key, RESTART_ENCKEY_MAX);
	get(r, v.iv, RESTART_BLOCK_MAX);
	if (!v.blk || v.blk > RESTART_BLOCK_MAX || !v.prf_len ||
	    v.prf_len > RESTART_KEY_MAX || !v.enc_len ||
	    v.enc_len > RESTART_ENCKEY_MAX)
		bad = 1;
	if (!bad && restart_state_add_ike(s, &v))
		bad = 2;
	explicit_bzero(&v, sizeof(v));
	return bad == 2 ? RESTART_ERR_NOMEM : bad ? RESTART_ERR_FIELD :
	       RESTART_OK;
}

static enum restart_err dec_esp(struct rbuf *r, struct restart_state *s)
{
	struct restart_esp v;
	int bad;

	memset(&v, 0, sizeof(v));	/* padding too: records compare whole */
	v.mark = get32(r);
	bad = get_addr(r, &v.local);
	bad |= get_addr(r, &v.remote);
	v.spi_in = get32(r);
	v.spi_out = get32(r);
	v.encap_sport = get16(r);
	v.encap_dport = get16(r);
	v.tunnel = get8(r);
	if (bad || !v.mark || v.tunnel > 1)
		return RESTART_ERR_FIELD;
	return restart_state_add_esp(s, &v) ? RESTART_ERR_NOMEM : RESTART_OK;
}

static enum restart_err dec_l2tp(struct rbuf *r, struct restart_state *s)
{
	struct restart_l2tp v;
	int bad;

	memset(&v, 0, sizeof(v));	/* padding too: records compare whole */
	v.tid = get16(r);
	v.peer_tid = get16(r);
	bad = get_addr(r, &v.local);
	bad |= get_addr(r, &v.peer);
	v.mark = get32(r);
	v.ns = get16(r);
	v.nr = get16(r);
	if (bad || !v.tid || !v.peer_tid)
		return RESTART_ERR_FIELD;
	return restart_state_add_l2tp(s, &v) ? RESTART_ERR_NOMEM : RESTART_OK;
}

static enum restart_err dec_session(struct rbuf *r, struct restart_state *s)
{
	struct restart_session v;
	int bad;

	memset(&v, 0, sizeof(v));	/* padding too: records compare whole */
	v.ifindex = get32(r);
	v.id = get32(r);
	v.kind = get32(r);
	v.ipv4 = get32(r);
	v.tid = get16(r);
	v.sid = get16(r);
	v.call_id = get16(r);
	v.peer_call_id = get16(r);
	bad = get_str(r, v.user, RESTART_USER_MAX);
	bad |= get_str(r, v.group, RESTART_GROUP_MAX);
	if (bad || !v.id)
		return RESTART_ERR_FIELD;
	return restart_state_add_session(s, &v) ? RESTART_ERR_NOMEM :
	       RESTART_OK;
}

static enum restart_err dec_ike_res(struct rbuf *r, struct restart_state *s)
{
	struct restart_ike_resume v;

	memset(&v, 0, sizeof(v));	/* padding too: records compare whole */
	get(r, v.cky_i, 8);
	get(r, v.cky_r, 8);
	v.flags = get8(r);
	v.auth_method = get16(r);
	v.life_s = get32(r);
	v.expire_ms = get64(r);
	v.dpd_seq = get32(r);
	v.dpd_peer_seq = get32(r);
	v.peer_id_len = get16(r);
	get(r, v.peer_id, RESTART_PEER_ID_MAX);
	if ((v.flags & ~RESTART_IKE_FLAGS) ||
	    v.peer_id_len > RESTART_PEER_ID_MAX)
		return RESTART_ERR_FIELD;
	return restart_state_add_ike_resume(s, &v) ? RESTART_ERR_NOMEM :
	       RESTART_OK;
}

static enum restart_err dec_l2tp_res(struct rbuf *r, struct restart_state *s)
{
	struct restart_l2tp_resume v;
	int bad;

	memset(&v, 0, sizeof(v));	/* padding too: records compare whole */
	v.tid = get16(r);
	v.ns_una = get16(r);
	v.peer_rws = get16(r);
	bad = get_str(r, v.peer_host, RESTART_HOST_MAX);
	if (bad || !v.tid || !v.peer_rws)
		return RESTART_ERR_FIELD;
	return restart_state_add_l2tp_resume(s, &v) ? RESTART_ERR_NOMEM :
	       RESTART_OK;
}

static enum restart_err dec_sess_res(struct rbuf *r, struct restart_state *s)
{
	struct restart_session_resume v;
	int bad;

	memset(&v, 0, sizeof(v));	/* padding too: records compare whole */
	v.ifindex = get32(r);
	v.id = get32(r);
	v.peer_sid = get16(r);
	v.flags = get8(r);
	v.auth_method = get8(r);
	v.peer_mru = get16(r);
	v.our_magic = get32(r);
	v.peer_magic = get32(r);
	v.local_ip = get32(r);
	v.peer_ip = get32(r);
	v.started_unix = get64(r);
	v.started_ms = get64(r);
	bad = get_str(r, v.acct_id, RESTART_ACCT_ID_MAX);
	if (bad || !v.id || (v.flags & ~RESTART_PPP_FLAGS))
		return RESTART_ERR_FIELD;
	return restart_state_add_session_resume(s, &v) ? RESTART_ERR_NOMEM :
	       RESTART_OK;
}

static enum restart_err dec_sess_aaa(struct rbuf *r, struct restart_state *s)
{
	struct restart_session_aaa v;

	memset(&v, 0, sizeof(v));	/* padding too: records compare whole */
	v.ifindex = get32(r);
	v.id = get32(r);
	v.session_timeout = get32(r);
	v.idle_timeout = get32(r);
	v.interim = get32(r);
	v.class_len = get16(r);
	get(r, v.class_val, RESTART_CLASS_MAX);
	if (!v.id || v.class_len > RESTART_CLASS_MAX)
		return RESTART_ERR_FIELD;
	/* the bytes past the Class are not kept: one spelling per state */
	memset(v.class_val + v.class_len, 0, RESTART_CLASS_MAX - v.class_len);
	return restart_state_add_session_aaa(s, &v) ? RESTART_ERR_NOMEM :
	       RESTART_OK;
}

static const struct {
	uint16_t len;
	enum restart_err (*dec)(struct rbuf *r, struct restart_state *s);
} records[] = {
	[REC_IKE] = { IKE_LEN, dec_ike },
	[REC_ESP] = { ESP_LEN, dec_esp },
	[REC_L2TP] = { L2TP_LEN, dec_l2tp },
	[REC_SESSION] = { SESSION_LEN, dec_session },
	[REC_IKE_RESUME] = { IKE_RES_LEN, dec_ike_res },
	[REC_L2TP_RESUME] = { L2TP_RES_LEN, dec_l2tp_res },
	[REC_SESSION_RESUME] = { SESS_RES_LEN, dec_sess_res },
	[REC_SESSION_AAA] = { SESS_AAA_LEN, dec_sess_aaa },
};

static enum restart_err decode_body(const uint8_t *p, size_t len,
				    struct restart_state *s)
{
	size_t off = 0;

	while (off < len) {
		struct rbuf r;
		uint8_t type;
		uint16_t rlen;
		enum restart_err e;

		if (len - off < REC_HDR)
			return RESTART_ERR_SHORT;
		type = p[off];
		rlen = (uint16_t)p[off + 2] << 8 | p[off + 3];
		off += REC_HDR;
		if (p[off - 3] || type >= ARRAY_SIZE(records) ||
		    !records[type].dec || rlen != records[type].len)
			return RESTART_ERR_RECORD;
		if (len - off < rlen)
			return RESTART_ERR_SHORT;
		r.p = p + off;
		e = records[type].dec(&r, s);
		if (e)
			return e;
		off += rlen;
	}
	return RESTART_OK;
}

enum restart_err restart_state_decode(const uint8_t *buf, size_t len,
				      struct restart_state *s)
{
	uint32_t body, crc;
	struct rbuf r;
	enum restart_err e;

	restart_state_init(s);
	if (len < HDR_LEN + CRC_LEN)
		return RESTART_ERR_SHORT;
	if (memcmp(buf, MAGIC, MAGIC_LEN))
		return RESTART_ERR_MAGIC;
	r.p = buf + MAGIC_LEN;
	if (get32(&r) != RESTART_STATE_VERSION)
		return RESTART_ERR_VERSION;
	body = get32(&r);
	if (len > RESTART_STATE_MAX || body > len - HDR_LEN - CRC_LEN)
		return len > RESTART_STATE_MAX ? RESTART_ERR_LENGTH :
		       RESTART_ERR_SHORT;
	if (body != len - HDR_LEN - CRC_LEN)
		return RESTART_ERR_LENGTH;
	r.p = buf + HDR_LEN + body;
	crc = get32(&r);
	if (crc != crc32_ieee(buf, HDR_LEN + body))
		return RESTART_ERR_CRC;
	e = decode_body(buf + HDR_LEN, body, s);
	if (e)
		restart_state_free(s);
	return e;
}
