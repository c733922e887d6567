// SPDX-License-Identifier: GPL-2.0
/*
 * ISAKMP codec.  Nothing here trusts a length: each one is checked against
 * what encloses it (datagram, payload, proposal, transform) before use, and
 * each refusal says which length lied and where.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "payload.h"

static void __attribute__((format(printf, 3, 4)))
errf(struct ike_err *err, size_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return;
	err->off = off;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n,
			 " at offset %zu", off);
}

int isakmp_hdr_parse(const uint8_t *buf, size_t len, struct isakmp_hdr *h,
		     struct ike_err *err)
{
	if (len < ISAKMP_HDR_LEN) {
		errf(err, 0, "datagram of %zu bytes shorter than the %d-byte ISAKMP header",
		     len, ISAKMP_HDR_LEN);
		return -1;
	}
	memcpy(h->cky_i, buf, 8);
	memcpy(h->cky_r, buf + 8, 8);
	h->np = buf[16];
	h->version = buf[17];
	h->exch = buf[18];
	h->flags = buf[19];
	h->msgid = ike_get32(buf + 20);
	h->len = ike_get32(buf + 24);
	if (h->version >> 4 != 1) {
		errf(err, 17, "ISAKMP version %d.%d, not 1.x",
		     h->version >> 4, h->version & 15);
		return -1;
	}
	if (h->len != len) {
		errf(err, 24, "header length %u but datagram is %zu bytes",
		     h->len, len);
		return -1;
	}
	return 0;
}

static bool known_payload(uint8_t t)
{
	return (t >= ISAKMP_NP_SA && t <= ISAKMP_NP_ATTR) ||
	       t == ISAKMP_NP_NATD || t == ISAKMP_NP_NATOA ||
	       t == ISAKMP_NP_NATD_DRAFT || t == ISAKMP_NP_NATOA_DRAFT ||
	       t == ISAKMP_NP_FRAG;
}

int ike_chain_parse(uint8_t np, const uint8_t *buf, size_t len, size_t base,
		    bool allow_pad, struct ike_chain *c, struct ike_err *err)
{
	size_t off = 0;

	c->n = 0;
	while (np != ISAKMP_NP_NONE) {
		struct ike_payload *pl;
		uint16_t plen;

		if (!known_payload(np) || np == ISAKMP_NP_P ||
		    np == ISAKMP_NP_T) {
			/* P and T only nest inside SA; never in the chain. */
			errf(err, base + off, "malformed payload: unexpected payload type %u in chain",
			     np);
			return -1;
		}
		if (c->n == IKE_MAX_PAYLOADS) {
			errf(err, base + off, "malformed payload: more than %d payloads",
			     IKE_MAX_PAYLOADS);
			return -1;
		}
		if (len - off < ISAKMP_GEN_LEN) {
			errf(err, base + off, "malformed payload: %s header truncated (%zu bytes left)",
			     ike_payload_name(np), len - off);
			return -1;
		}
		plen = ike_get16(buf + off + 2);
		if (plen < ISAKMP_GEN_LEN) {
			errf(err, base + off, "malformed payload: %s length %u shorter than its header",
			     ike_payload_name(np), plen);
			return -1;
		}
		if (plen > len - off) {
			errf(err, base + off, "malformed payload: %s length %u overruns message (%zu bytes left)",
			     ike_payload_name(np), plen, len - off);
			return -1;
		}
		pl = &c->pl[c->n++];
		pl->type = np;
		pl->raw = buf + off;
		pl->body = buf + off + ISAKMP_GEN_LEN;
		pl->len = plen - ISAKMP_GEN_LEN;
		pl->off = base + off;
		np = buf[off];
		off += plen;
	}
	if (off != len && !allow_pad) {
		errf(err, base + off, "malformed payload: %zu bytes after the last payload",
		     len - off);
		return -1;
	}
	return 0;
}

const struct ike_payload *ike_chain_find(const struct ike_chain *c,
					 uint8_t type, unsigned int *from)
{
	unsigned int i = from ? *from : 0;

	for (; i < c->n; i++) {
		if (c->pl[i].type == type) {
			if (from)
				*from = i + 1;
			return &c->pl[i];
		}
	}
	if (from)
		*from = c->n;
	return NULL;
}

void ike_attr_iter_init(struct ike_attr_iter *it, const uint8_t *p,
			size_t len, size_t off)
{
	it->p = p;
	it->left = len;
	it->off = off;
}

int ike_attr_next(struct ike_attr_iter *it, struct ike_attr *a,
		  struct ike_err *err)
{
	uint16_t t;
	size_t i;

	if (!it->left)
		return 0;
	if (it->left < 4) {
		errf(err, it->off, "malformed payload: attribute truncated (%zu bytes)",
		     it->left);
		return -1;
	}
	t = ike_get16(it->p);
	a->type = t & 0x7fff;
	a->af = t & 0x8000;
	if (a->af) {
		a->len = 2;
		a->val = it->p + 2;
		a->num = ike_get16(it->p + 2);
		it->p += 4;
		it->left -= 4;
		it->off += 4;
		return 1;
	}
	a->len = ike_get16(it->p + 2);
	if (a->len > it->left - 4) {
		errf(err, it->off, "malformed payload: attribute %u length %u overruns transform (%zu bytes left)",
		     a->type, a->len, it->left - 4);
		return -1;
	}
	a->val = it->p + 4;
	a->num = 0;
	if (a->len <= 8)
		for (i = 0; i < a->len; i++)
			a->num = a->num << 8 | a->val[i];
	else
		a->num = UINT64_MAX;	/* too big to be a sane number */
	it->p += 4 + a->len;
	it->left -= 4 + a->len;
	it->off += 4 + a->len;
	return 1;
}

/* Check attribute syntax once so the matchers can iterate blindly. */
static int check_attrs(const uint8_t *p, size_t len, size_t off,
		       struct ike_err *err)
{
	struct ike_attr_iter it;
	struct ike_attr a;
	int r;

	ike_attr_iter_init(&it, p, len, off);
	while ((r = ike_attr_next(&it, &a, err)) > 0)
		;
	return r;
}

static int parse_transforms(const uint8_t *p, size_t len, size_t off,
			    struct ike_sa_pl *sa, struct ike_proposal *pr,
			    unsigned int want, struct ike_err *err)
{
	uint8_t np = ISAKMP_NP_T;
	unsigned int got = 0;

	pr->first = sa->n_tr;
	while (len) {
		struct ike_transform *t;
		uint16_t tlen;

		if (np != ISAKMP_NP_T) {
			errf(err, off, "malformed payload: transform followed by payload type %u inside proposal",
			     np);
			return -1;
		}
		if (len < 8) {
			errf(err, off, "malformed payload: transform header truncated (%zu bytes)",
			     len);
			return -1;
		}
		tlen = ike_get16(p + 2);
		if (tlen < 8) {
			errf(err, off, "malformed payload: transform length %u shorter than its 8-byte header",
			     tlen);
			return -1;
		}
		if (tlen > len) {
			errf(err, off, "malformed payload: transform length %u overruns proposal (%zu bytes left)",
			     tlen, len);
			return -1;
		}
		if (sa->n_tr == IKE_MAX_TRANSFORMS) {
			errf(err, off, "malformed payload: more than %d transforms",
			     IKE_MAX_TRANSFORMS);
			return -1;
		}
		if (check_attrs(p + 8, tlen - 8, off + 8, err))
			return -1;
		t = &sa->tr[sa->n_tr++];
		t->num = p[4];
		t->id = p[5];
		t->raw = p;
		t->raw_len = tlen;
		t->attrs = p + 8;
		t->attrs_len = tlen - 8;
		t->attrs_off = off + 8;
		t->prop = sa->n_prop;
		np = p[0];
		p += tlen;
		len -= tlen;
		off += tlen;
		got++;
	}
	if (np != ISAKMP_NP_NONE) {
		errf(err, off, "malformed payload: last transform claims a next payload (%u)",
		     np);
		return -1;
	}
	if (got != want) {
		errf(err, off, "malformed payload: proposal announces %u transforms but holds %u",
		     want, got);
		return -1;
	}
	pr->n = got;
	return 0;
}

int ike_sa_parse(const struct ike_payload *pl, struct ike_sa_pl *sa,
		 struct ike_err *err)
{
	const uint8_t *p = pl->body;
	size_t len = pl->len, off = pl->off + ISAKMP_GEN_LEN;
	uint8_t np = ISAKMP_NP_P;

	sa->n_prop = 0;
	sa->n_tr = 0;
	if (len < 8) {
		errf(err, off, "malformed payload: SA body of %zu bytes has no DOI and situation",
		     len);
		return -1;
	}
	sa->doi = ike_get32(p);
	sa->situation = ike_get32(p + 4);
	if (sa->doi != ISAKMP_DOI_IPSEC) {
		errf(err, off, "malformed payload: SA DOI %u, not IPsec", sa->doi);
		return -1;
	}
	if (sa->situation != ISAKMP_SIT_IDENTITY) {
		errf(err, off + 4, "malformed payload: SA situation %#x, only identity-only is supported",
		     sa->situation);
		return -1;
	}
	p += 8;
	len -= 8;
	off += 8;
	if (!len) {
		errf(err, off, "malformed payload: SA without proposals");
		return -1;
	}
	while (len) {
		struct ike_proposal *pr;
		uint16_t plen;
		uint8_t spi_size;

		if (np != ISAKMP_NP_P) {
			errf(err, off, "malformed payload: proposal followed by payload type %u inside SA",
			     np);
			return -1;
		}
		if (len < 8) {
			errf(err, off, "malformed payload: proposal header truncated (%zu bytes)",
			     len);
			return -1;
		}
		plen = ike_get16(p + 2);
		spi_size = p[6];
		if (plen < 8 + spi_size) {
			errf(err, off, "malformed payload: proposal length %u shorter than its header and %u-byte SPI",
			     plen, spi_size);
			return -1;
		}
		if (plen > len) {
			errf(err, off, "malformed payload: proposal length %u overruns SA (%zu bytes left)",
			     plen, len);
			return -1;
		}
		if (spi_size > sizeof(pr->spi)) {
			errf(err, off + 6, "malformed payload: SPI size %u", spi_size);
			return -1;
		}
		if (sa->n_prop == IKE_MAX_PROPOSALS) {
			errf(err, off, "malformed payload: more than %d proposals",
			     IKE_MAX_PROPOSALS);
			return -1;
		}
		pr = &sa->prop[sa->n_prop];
		pr->num = p[4];
		pr->proto = p[5];
		pr->spi_size = spi_size;
		memcpy(pr->spi, p + 8, spi_size);
		if (parse_transforms(p + 8 + spi_size, plen - 8 - spi_size,
				     off + 8 + spi_size, sa, pr, p[7], err))
			return -1;
		sa->n_prop++;
		np = p[0];
		p += plen;
		len -= plen;
		off += plen;
	}
	if (np != ISAKMP_NP_NONE) {
		errf(err, off, "malformed payload: last proposal claims a next payload (%u)",
		     np);
		return -1;
	}
	return 0;
}

int ike_notify_parse(const struct ike_payload *pl, struct ike_notify *n,
		     struct ike_err *err)
{
	size_t off = pl->off + ISAKMP_GEN_LEN;

	if (pl->len < 8) {
		errf(err, off, "malformed payload: notification of %u bytes", pl->len);
		return -1;
	}
	n->doi = ike_get32(pl->body);
	n->proto = pl->body[4];
	n->spi_size = pl->body[5];
	n->type = ike_get16(pl->body + 6);
	if (n->spi_size > pl->len - 8) {
		errf(err, off + 5, "malformed payload: notification SPI size %u overruns payload",
		     n->spi_size);
		return -1;
	}
	n->spi = pl->body + 8;
	n->data = n->spi + n->spi_size;
	n->data_len = pl->len - 8 - n->spi_size;
	return 0;
}

int ike_delete_parse(const struct ike_payload *pl, struct ike_delete *d,
		     struct ike_err *err)
{
	size_t off = pl->off + ISAKMP_GEN_LEN;

	if (pl->len < 8) {
		errf(err, off, "malformed payload: delete of %u bytes", pl->len);
		return -1;
	}
	d->doi = ike_get32(pl->body);
	d->proto = pl->body[4];
	d->spi_size = pl->body[5];
	d->n_spi = ike_get16(pl->body + 6);
	d->spis = pl->body + 8;
	if ((size_t)d->spi_size * d->n_spi != (size_t)pl->len - 8) {
		errf(err, off + 6, "malformed payload: delete lists %u SPIs of %u bytes in %u bytes",
		     d->n_spi, d->spi_size, pl->len - 8);
		return -1;
	}
	return 0;
}

int ike_id_parse(const struct ike_payload *pl, struct ike_id *id,
		 struct ike_err *err)
{
	size_t off = pl->off + ISAKMP_GEN_LEN, want = 0;

	if (pl->len < 4) {
		errf(err, off, "malformed payload: ID of %u bytes", pl->len);
		return -1;
	}
	id->type = pl->body[0];
	id->proto = pl->body[1];
	id->port = ike_get16(pl->body + 2);
	id->data = pl->body + 4;
	id->data_len = pl->len - 4;
	switch (id->type) {
	case ISAKMP_ID_IPV4:
		want = 4;
		break;
	case ISAKMP_ID_IPV4_SUBNET:
	case ISAKMP_ID_IPV4_RANGE:
		want = 8;
		break;
	case ISAKMP_ID_IPV6:
		want = 16;
		break;
	case ISAKMP_ID_IPV6_SUBNET:
	case ISAKMP_ID_IPV6_RANGE:
		want = 32;
		break;
	default:
		if (!id->data_len) {
			errf(err, off, "malformed payload: empty ID of type %u",
			     id->type);
			return -1;
		}
		return 0;
	}
	if (id->data_len != want) {
		errf(err, off, "malformed payload: ID of type %u has %zu address bytes, not %zu",
		     id->type, id->data_len, want);
		return -1;
	}
	return 0;
}

int ike_natoa_parse(const struct ike_payload *pl, uint16_t *family,
		    uint8_t ip[16], struct ike_err *err)
{
	size_t off = pl->off + ISAKMP_GEN_LEN;

	memset(ip, 0, 16);
	if (pl->len == 8 && pl->body[0] == ISAKMP_ID_IPV4) {
		*family = AF_INET;
		memcpy(ip, pl->body + 4, 4);
		return 0;
	}
	if (pl->len == 20 && pl->body[0] == ISAKMP_ID_IPV6) {
		*family = AF_INET6;
		memcpy(ip, pl->body + 4, 16);
		return 0;
	}
	errf(err, off, "malformed payload: NAT-OA of %u bytes with ID type %u",
	     pl->len, pl->len ? pl->body[0] : 0);
	return -1;
}

void ike_buf_init(struct ike_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void ike_buf_free(struct ike_buf *b)
{
	free(b->p);
	ike_buf_init(b);
}

static bool reserve(struct ike_buf *b, size_t more)
{
	size_t cap;
	uint8_t *p;

	if (b->err)
		return false;
	if (more > ISAKMP_MAX_MSG || b->len + more > ISAKMP_MAX_MSG) {
		b->err = true;
		return false;
	}
	if (b->len + more <= b->cap)
		return true;
	cap = b->cap ? b->cap * 2 : 512;
	while (cap < b->len + more)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->err = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void ike_put(struct ike_buf *b, const void *p, size_t len)
{
	if (!len || !reserve(b, len))
		return;
	memcpy(b->p + b->len, p, len);
	b->len += len;
}

void ike_put8(struct ike_buf *b, uint8_t v)
{
	ike_put(b, &v, 1);
}

void ike_put16(struct ike_buf *b, uint16_t v)
{
	uint8_t x[2];

	ike_set16(x, v);
	ike_put(b, x, 2);
}

void ike_put32(struct ike_buf *b, uint32_t v)
{
	uint8_t x[4];

	ike_set32(x, v);
	ike_put(b, x, 4);
}

void ike_msg_start(struct ike_buf *b, const struct isakmp_hdr *h)
{
	b->len = 0;
	ike_put(b, h->cky_i, 8);
	ike_put(b, h->cky_r, 8);
	ike_put8(b, ISAKMP_NP_NONE);
	ike_put8(b, ISAKMP_VERSION);
	ike_put8(b, h->exch);
	ike_put8(b, h->flags);
	ike_put32(b, h->msgid);
	ike_put32(b, 0);
	b->np_at = 16;
}

size_t ike_pl_start(struct ike_buf *b, uint8_t type)
{
	size_t start = b->len;

	if (b->err)
		return 0;
	b->p[b->np_at] = type;
	ike_put32(b, 0);		/* next 0, reserved 0, length later */
	b->np_at = start;
	return start;
}

void ike_pl_end(struct ike_buf *b, size_t start)
{
	if (b->err)
		return;
	if (b->len - start > 0xffff) {
		b->err = true;
		return;
	}
	ike_set16(b->p + start + 2, b->len - start);
}

void ike_pl_add(struct ike_buf *b, uint8_t type, const void *body,
		size_t len)
{
	size_t s = ike_pl_start(b, type);

	ike_put(b, body, len);
	ike_pl_end(b, s);
}

void ike_msg_finish(struct ike_buf *b)
{
	if (b->err || b->len < ISAKMP_HDR_LEN)
		return;
	ike_set32(b->p + 24, b->len);
}

void ike_put_attr(struct ike_buf *b, uint16_t type, uint32_t val)
{
	if (val <= 0xffff) {
		ike_put16(b, 0x8000 | type);
		ike_put16(b, val);
	} else {
		ike_put16(b, type);
		ike_put16(b, 4);
		ike_put32(b, val);
	}
}

const char *ike_payload_name(uint8_t type)
{
	static const char *const names[] = {
		[ISAKMP_NP_SA] = "SA", [ISAKMP_NP_P] = "proposal",
		[ISAKMP_NP_T] = "transform", [ISAKMP_NP_KE] = "KE",
		[ISAKMP_NP_ID] = "ID", [ISAKMP_NP_CERT] = "CERT",
		[ISAKMP_NP_CR] = "CR", [ISAKMP_NP_HASH] = "HASH",
		[ISAKMP_NP_SIG] = "SIG", [ISAKMP_NP_NONCE] = "nonce",
		[ISAKMP_NP_N] = "notification", [ISAKMP_NP_D] = "delete",
		[ISAKMP_NP_VID] = "vendor ID", [ISAKMP_NP_ATTR] = "attributes",
		[ISAKMP_NP_NATD] = "NAT-D", [ISAKMP_NP_NATOA] = "NAT-OA",
	};

	if (type == ISAKMP_NP_NATD_DRAFT)
		return "NAT-D (draft)";
	if (type == ISAKMP_NP_NATOA_DRAFT)
		return "NAT-OA (draft)";
	if (type == ISAKMP_NP_FRAG)
		return "fragment";
	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "unknown";
}

const char *ike_notify_name(uint16_t type)
{
	switch (type) {
	case ISAKMP_N_INVALID_PAYLOAD_TYPE: return "INVALID-PAYLOAD-TYPE";
	case ISAKMP_N_INVALID_EXCHANGE_TYPE: return "INVALID-EXCHANGE-TYPE";
	case ISAKMP_N_INVALID_MESSAGE_ID: return "INVALID-MESSAGE-ID";
	case ISAKMP_N_NO_PROPOSAL_CHOSEN: return "NO-PROPOSAL-CHOSEN";
	case ISAKMP_N_PAYLOAD_MALFORMED: return "PAYLOAD-MALFORMED";
	case ISAKMP_N_INVALID_KEY_INFORMATION: return "INVALID-KEY-INFORMATION";
	case ISAKMP_N_INVALID_ID_INFORMATION: return "INVALID-ID-INFORMATION";
	case ISAKMP_N_INVALID_HASH_INFORMATION: return "INVALID-HASH-INFORMATION";
	case ISAKMP_N_AUTHENTICATION_FAILED: return "AUTHENTICATION-FAILED";
	case ISAKMP_N_CONNECTED: return "CONNECTED";
	case ISAKMP_N_RESPONDER_LIFETIME: return "RESPONDER-LIFETIME";
	case ISAKMP_N_REPLAY_STATUS: return "REPLAY-STATUS";
	case ISAKMP_N_INITIAL_CONTACT: return "INITIAL-CONTACT";
	case ISAKMP_N_R_U_THERE: return "R-U-THERE";
	case ISAKMP_N_R_U_THERE_ACK: return "R-U-THERE-ACK";
	}
	return type < 16384 ? "error" : "status";
}

const char *ike_exchange_name(uint8_t exch)
{
	switch (exch) {
	case ISAKMP_EXCH_MAIN: return "Main Mode";
	case ISAKMP_EXCH_AGGRESSIVE: return "Aggressive Mode";
	case ISAKMP_EXCH_INFO: return "Informational";
	case ISAKMP_EXCH_TRANSACTION: return "Transaction";
	case ISAKMP_EXCH_QUICK: return "Quick Mode";
	}
	return "unknown exchange";
}
