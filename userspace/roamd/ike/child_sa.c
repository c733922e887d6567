// SPDX-License-Identifier: GPL-2.0
/*
 * An installed ESP pair's record without its keys (struct ike_child_sa
 * in sa.h): filled from the pair the engine negotiated, and turned back
 * into a key-less struct ike_esp_sa for the SA_DEL action.
 */
#include <string.h>

#include "sa.h"

/*
 * The record is struct ike_esp_sa less its four key buffers and the 8
 * bytes of holes of ike_esp_sa's order (the record's has none): a field
 * added to one and not to the other (and to both functions) shows here.
 */
_Static_assert(sizeof(struct ike_child_sa) + 2 * 32 + 2 * 64 + 8 ==
	       sizeof(struct ike_esp_sa),
	       "struct ike_child_sa is struct ike_esp_sa without the keys");

void ike_child_sa_set(struct ike_child_sa *c, const struct ike_esp_sa *esp)
{
	c->id = esp->id;
	c->spi_in = esp->spi_in;
	c->spi_out = esp->spi_out;
	c->local = esp->local;
	c->remote = esp->remote;
	c->enc = esp->enc;
	c->enc_key_len = esp->enc_key_len;
	c->auth = esp->auth;
	c->auth_key_len = esp->auth_key_len;
	c->auth_trunc_bits = esp->auth_trunc_bits;
	c->transport = esp->transport;
	c->encap = esp->encap;
	c->encap_sport = esp->encap_sport;
	c->encap_dport = esp->encap_dport;
	c->ts_proto = esp->ts_proto;
	c->ts_lport = esp->ts_lport;
	c->ts_rport = esp->ts_rport;
	c->ts_local = esp->ts_local;
	c->ts_remote = esp->ts_remote;
	c->ike_sa_id = esp->ike_sa_id;
	c->nat_oa_peer = esp->nat_oa_peer;
	c->nat_oa_local = esp->nat_oa_local;
	c->lifetime_s = esp->lifetime_s;
	c->lifetime_kb = esp->lifetime_kb;
}

void ike_child_sa_get(const struct ike_child_sa *c, struct ike_esp_sa *esp)
{
	memset(esp, 0, sizeof(*esp));
	esp->id = c->id;
	esp->spi_in = c->spi_in;
	esp->spi_out = c->spi_out;
	esp->local = c->local;
	esp->remote = c->remote;
	esp->enc = c->enc;
	esp->enc_key_len = c->enc_key_len;
	esp->auth = c->auth;
	esp->auth_key_len = c->auth_key_len;
	esp->auth_trunc_bits = c->auth_trunc_bits;
	esp->transport = c->transport;
	esp->encap = c->encap;
	esp->encap_sport = c->encap_sport;
	esp->encap_dport = c->encap_dport;
	esp->ts_proto = c->ts_proto;
	esp->ts_lport = c->ts_lport;
	esp->ts_rport = c->ts_rport;
	esp->ts_local = c->ts_local;
	esp->ts_remote = c->ts_remote;
	esp->ike_sa_id = c->ike_sa_id;
	esp->nat_oa_peer = c->nat_oa_peer;
	esp->nat_oa_local = c->nat_oa_local;
	esp->lifetime_s = c->lifetime_s;
	esp->lifetime_kb = c->lifetime_kb;
}
