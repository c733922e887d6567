/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The roam command grammar: words -> struct roam_cmd, or an error that
 * says which word is wrong and what was expected.  Pure: no I/O, no
 * allocation, so that the CLI, roamd's configuration loader, roamd's
 * control socket and the fuzzers share one definition of the language.
 */
#ifndef ROAM_CMD_H
#define ROAM_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tokenize.h"

#define ROAM_IFNAME_MAX		15	/* IFNAMSIZ - 1 */
#define ROAM_USER_NAME_MAX	64
#define ROAM_POOL_NAME_MAX	32
#define ROAM_PASSWORD_MAX	255
#define ROAM_ERR_MAX		256

enum roam_obj {
	ROAM_OBJ_NONE,		/* "roam help" */
	ROAM_OBJ_LINK,
	ROAM_OBJ_SESSION,
	ROAM_OBJ_MONITOR,
	ROAM_OBJ_USER,
	ROAM_OBJ_POOL,
	ROAM_OBJ_LOG,
	ROAM_OBJ_DAEMON,
	ROAM_OBJ_PSK,
	ROAM_OBJ_IKE,
	ROAM_OBJ_IPSEC,
	ROAM_OBJ_L2TP,
	ROAM_OBJ_PPP,
	ROAM_OBJ_PPTP,
	ROAM_OBJ_GROUP,
	ROAM_OBJ_RADIUS,
	ROAM_OBJ_COUNT,
};

enum roam_verb {
	ROAM_VERB_HELP,
	ROAM_VERB_ADD,
	ROAM_VERB_DEL,
	ROAM_VERB_SET,
	ROAM_VERB_SHOW,
	ROAM_VERB_LEVEL,
	ROAM_VERB_MONITOR,
};

/* Log levels, in order of verbosity; the same numbers as syslog's. */
enum roam_log_level {
	ROAM_LOG_ERROR = 3,
	ROAM_LOG_WARN = 4,
	ROAM_LOG_INFO = 6,
	ROAM_LOG_DEBUG = 7,
};

struct roam_cmd_link {
	const char *name;		/* NULL: all ("show") */
};

struct roam_cmd_session {
	const char *dev;		/* NULL: not given */
	uint32_t id;			/* 0: not given */
	uint32_t kind;			/* enum roam_kind; 0: not given */
	uint32_t state;			/* enum roam_state; 0: not given */
	bool has_ipv4, has_ipv6;
	uint32_t ipv4;			/* host byte order */
	uint8_t ipv6[16];
	int peer_family;		/* 0, AF_INET or AF_INET6 */
	uint32_t peer_ipv4;		/* host byte order */
	uint8_t peer_ipv6[16];
	bool has_peer_port;
	uint16_t peer_port;		/* host byte order */
	/* roamd's filters (show, del): NULL when not given */
	const char *user, *group;
	uint8_t access;			/* ROAM_ACCESS_*; 0: not given */
};

/*
 * Group policy: the settings a base group, a group and a user
 * may each give, inherited base -> group -> user.  set says which were
 * given at this level (bit ROAM_POL_*); the others are inherited.
 */
enum roam_pol_setting {
	ROAM_POL_ACCESS,		/* access methods */
	ROAM_POL_PPP_AUTH,		/* PPP authentication methods */
	ROAM_POL_ENCRYPTION,		/* required or optional */
	ROAM_POL_MPPE_BITS,		/* allowed MPPE strengths */
	ROAM_POL_MPPE_STATELESS,	/* stateless MPPE only */
	ROAM_POL_LOGINS,		/* simultaneous logins per user */
	ROAM_POL_LOGINS_OVER,		/* what a login over the limit does */
	ROAM_POL_IDLE,			/* idle timeout */
	ROAM_POL_MAX_CONNECT,		/* maximum connect time */
	ROAM_POL_HOURS,			/* access hours */
	ROAM_POL_POOLS,			/* address pools, in order */
	ROAM_POL_DNS,
	ROAM_POL_WINS,
	ROAM_POL_DOMAIN,
	ROAM_POL_ADDR_ORDER,		/* address assignment order */
	ROAM_POL_COUNT,
};

/* Access methods, as a mask. */
#define ROAM_ACCESS_L2TP	0x1	/* L2TP/IPsec (and plain L2TP) */
#define ROAM_ACCESS_PPTP	0x2
#define ROAM_ACCESS_IPSEC	0x4	/* IKE XAUTH / Mode-Config */
#define ROAM_ACCESS_ALL		0x7

enum roam_logins_over {
	ROAM_LOGINS_REFUSE,		/* the new login is refused */
	ROAM_LOGINS_END_OLDEST,		/* the oldest session is ended */
};

/* Where an address comes from, for the assignment order. */
enum roam_addr_src {
	ROAM_ADDR_CLIENT = 1,		/* the address the client asks for */
	ROAM_ADDR_SERVER,		/* RADIUS Framed-IP-Address */
	ROAM_ADDR_USER,			/* the user's fixed address */
	ROAM_ADDR_POOL,			/* the pools, in order */
};
#define ROAM_ADDR_ORDER_MAX	4

#define ROAM_HOURS_MAX		8

/* Days (bit 0 Sunday ... bit 6 Saturday) from start to end minute. */
struct roam_hours {
	uint8_t days;
	uint16_t start, end;		/* minutes of the day, start < end */
};

#define ROAM_GROUP_NAME_MAX	63
#define ROAM_GROUP_POOLS_MAX	4
#define ROAM_GROUP_SERVERS_MAX	4	/* DNS, WINS */
#define ROAM_GROUP_DOMAIN_MAX	127

struct roam_policy {
	uint32_t set;			/* bit ROAM_POL_*: given here */
	uint8_t access;			/* ROAM_ACCESS_* */
	uint8_t ppp_auth;		/* bit (1 << enum roam_ppp_auth) */
	uint8_t encryption;		/* enum roam_mppe: OPTIONAL, REQUIRED */
	uint8_t mppe_bits;		/* ROAM_MPPE_* */
	uint8_t mppe_stateless;		/* 1: stateless MPPE only */
	uint8_t logins_over;		/* enum roam_logins_over */
	uint32_t logins;		/* 0: unlimited */
	uint32_t idle;			/* seconds; 0: never */
	uint32_t max_connect;		/* seconds; 0: unlimited */
	uint8_t nhours;			/* 0 with the bit set: any time */
	struct roam_hours hours[ROAM_HOURS_MAX];
	uint8_t npools, ndns, nwins, naddr_order;
	char pools[ROAM_GROUP_POOLS_MAX][ROAM_POOL_NAME_MAX + 1];
	uint32_t dns[ROAM_GROUP_SERVERS_MAX];	/* host byte order */
	uint32_t wins[ROAM_GROUP_SERVERS_MAX];
	char domain[ROAM_GROUP_DOMAIN_MAX + 1];
	uint8_t addr_order[ROAM_ADDR_ORDER_MAX];	/* enum roam_addr_src */
};

static inline bool roam_policy_has(const struct roam_policy *p,
				   enum roam_pol_setting k)
{
	return p->set & (1u << k);
}

struct roam_cmd_user {
	const char *name;
	const char *password;		/* a secret: see roam_tokens_wipe() */
	size_t password_len;
	bool has_ipv4;
	uint32_t ipv4;			/* host byte order */
	const char *group;		/* NULL: none (any group) */
	/* user set: the password is optional; its policy */
	struct roam_policy policy;
	uint32_t policy_clear;		/* bits set to "inherit" */
};

struct roam_cmd_pool {
	const char *name;
	uint32_t first, last;		/* host byte order */
};

/* psk add|del peer {IPV4|any} [secret SECRET] */
struct roam_cmd_psk {
	bool any;			/* the entry for any peer */
	uint32_t peer;			/* host byte order */
	const char *secret;		/* a secret: see roam_tokens_wipe() */
	size_t secret_len;
	const char *group;		/* Main Mode clients' group; NULL: none */
};

/*
 * ike set [weak {allow|deny}] [dpd-interval SECS] [dpd-timeout SECS]
 *         [setup-limit COUNT]
 */
struct roam_cmd_ike {
	int allow_weak;			/* -1: not given */
	int dpd_interval;		/* seconds, 0: never probe; -1: not given */
	int dpd_timeout;		/* seconds; -1: not given */
	int setup_limit;		/* half-open phase 1; 0: built-in; -1: not given */
};

/* l2tp set [ipsec {required|none}] [setup-limit COUNT] */
struct roam_cmd_l2tp {
	int ipsec_required;		/* -1: not given */
	int setup_limit;		/* calls in setup; 0: none; -1: not given */
};

#define ROAM_PPP_AUTH_MAX	4

/* ppp set [dns IPV4] [dns2 IPV4] [wins IPV4] [wins2 IPV4] ... */
struct roam_cmd_ppp {
	bool has_dns[2], has_wins[2], has_local;
	uint32_t dns[2], wins[2];	/* host byte order; 0 clears */
	uint32_t local;			/* our PPP address, host order */
	int echo_interval;		/* seconds; -1: not given */
	int echo_failures;		/* -1: not given */
	int nauth;			/* 0: not given */
	uint8_t auth[ROAM_PPP_AUTH_MAX];	/* enum roam_ppp_auth, best first */
	int auth_source;		/* enum roam_auth_source; -1: not given */
};

/* Who checks a user's password. */
enum roam_auth_source {
	ROAM_AUTH_SOURCE_LOCAL,		/* the user database (user add) */
	ROAM_AUTH_SOURCE_RADIUS,	/* the RADIUS servers (radius add) */
};

/*
 * radius add server IPV4 secret SECRET [auth-port P] [acct-port P]
 *   [timeout S] [retries N]; radius del server IPV4;
 * radius set [nas-identifier NAME] [interim S] [interim-min S]
 *   [fallback local|none] [dae-client IPV4] [dae-secret SECRET]
 *   [dae-port P].  -1 / NULL: not given.
 */
struct roam_cmd_radius {
	uint32_t server;		/* host byte order */
	const char *secret;		/* a secret: see roam_tokens_wipe() */
	size_t secret_len;
	int auth_port, acct_port, timeout, retries;
	int require_ma;			/* 1 required, 0 optional; -1: not given */
	const char *nas_id;
	size_t nas_id_len;
	int interim;			/* seconds; 0: none */
	int interim_min;		/* seconds, 1 to 86400 */
	int fallback;			/* 1 local, 0 none */
	bool has_dae_client;
	uint32_t dae_client;		/* host byte order */
	const char *dae_secret;		/* a secret */
	size_t dae_secret_len;
	int dae_port;
};

enum roam_ppp_auth {
	ROAM_PPP_AUTH_PAP = 1,
	ROAM_PPP_AUTH_CHAP,		/* CHAP-MD5 */
	ROAM_PPP_AUTH_MSCHAPV2,
	ROAM_PPP_AUTH_MSCHAPV1,
};

enum roam_mppe {
	ROAM_MPPE_NONE,			/* refused: data in clear */
	ROAM_MPPE_OPTIONAL,		/* used when the client agrees */
	ROAM_MPPE_REQUIRED,		/* no encryption, no session */
};

/* Key lengths, as a mask. */
#define ROAM_MPPE_40	0x1
#define ROAM_MPPE_56	0x2
#define ROAM_MPPE_128	0x4

/* pptp set [enable on|off] [mppe ...] [mppe-bits ...] ...; -1: not given */
struct roam_cmd_pptp {
	int enable;
	int mppe;			/* enum roam_mppe */
	unsigned int mppe_bits;		/* ROAM_MPPE_*; 0: not given */
	int stateless;			/* 1: stateless only, 2: stateful only */
	int max_tunnels;		/* 0: unlimited */
	int sessions_per_tunnel;	/* 0: unlimited */
	int window;			/* packets */
	int proc_delay;			/* tenths of a second */
	int idle;			/* seconds; 0: never */
	int echo_interval;		/* seconds; 0: none */
};

#define ROAM_GROUP_SPLIT_MAX	16
#define ROAM_GROUP_BANNER_MAX	511

struct roam_ipv4_net {
	uint32_t addr;			/* host byte order, host bits zero */
	uint8_t prefix;
};

/*
 * group add NAME psk SECRET [aggressive ONOFF] [xauth ONOFF] ...
 * Every setting says whether it was given (-1, 0 counts, NULL: not
 * given), so that a later "group set" or an inherited base group can
 * tell a setting left alone from one set to its default.
 */
struct roam_cmd_group {
	const char *name;
	const char *psk;		/* a secret: see roam_tokens_wipe() */
	size_t psk_len;
	int aggressive, xauth, push, save_password, pfs;	/* -1: not given */
	unsigned int npools, ndns, nwins, nsplit;
	char pools[ROAM_GROUP_POOLS_MAX][ROAM_POOL_NAME_MAX + 1];
	uint32_t dns[ROAM_GROUP_SERVERS_MAX];	/* host byte order */
	uint32_t wins[ROAM_GROUP_SERVERS_MAX];
	struct roam_ipv4_net split[ROAM_GROUP_SPLIT_MAX];
	const char *domain;		/* NULL: not given */
	size_t domain_len;
	const char *banner;
	size_t banner_len;
	int auth_source;		/* XAUTH: enum roam_auth_source; -1: not given */
	/* the policy; pools, DNS, WINS and domain are the fields above */
	struct roam_policy policy;
	uint32_t policy_clear;		/* bits set to "inherit" */
};

/* daemon set clock-offset SECONDS (a test's clock for access hours) */
struct roam_cmd_daemon {
	bool has_clock_offset;
	long long clock_offset;		/* seconds added to the wall clock */
};

/*
 * A parsed command.  Strings point into the roam_tokens it was parsed
 * from, which must outlive it.
 */
struct roam_cmd {
	enum roam_obj obj;
	enum roam_verb verb;
	union {
		struct roam_cmd_link link;
		struct roam_cmd_session session;
		struct roam_cmd_user user;
		struct roam_cmd_pool pool;
		enum roam_log_level log_level;
		struct roam_cmd_psk psk;
		struct roam_cmd_ike ike;
		struct roam_cmd_l2tp l2tp;
		struct roam_cmd_ppp ppp;
		struct roam_cmd_pptp pptp;
		struct roam_cmd_group group;
		struct roam_cmd_radius radius;
		struct roam_cmd_daemon daemon;
	};
};

/*
 * Parse "OBJECT COMMAND [ARGS]" (without the leading "roam").  An empty
 * argument list is an error.  Returns 0, or -1 with a one-line message in
 * err (ROAM_ERR_MAX bytes is always enough).
 */
int roam_cmd_parse(const struct roam_tokens *t, struct roam_cmd *cmd,
		   char *err, size_t errlen);

/* Whether roamd (rather than the kernel) owns the command's object. */
bool roam_cmd_is_roamd(const struct roam_cmd *cmd);

const char *roam_obj_name(enum roam_obj obj);
const char *roam_verb_name(enum roam_verb verb);
const char *roam_kind_name(uint32_t kind);	/* "?" when unknown */
const char *roam_state_name(uint32_t state);
const char *roam_log_level_name(enum roam_log_level level);
const char *roam_ppp_auth_name(unsigned int auth);	/* "?" when unknown */
int roam_log_level_parse(const char *s, enum roam_log_level *level);

/* Shared by the per-object parsers in cmd_*.c. */
struct roam_cmd_cursor {
	const struct roam_tokens *t;
	int i;			/* next word */
	char *err;
	size_t errlen;
};

#endif /* ROAM_CMD_H */
