// SPDX-License-Identifier: GPL-2.0
#include <sys/socket.h>

#include "cmd.h"
#include "test.h"

static struct roam_tokens t;
static struct roam_cmd c;
static char err[ROAM_ERR_MAX];

static int parse(const char *line)
{
	err[0] = '\0';
	if (roam_tokenize(line, strlen(line), &t, err, sizeof(err)))
		return -2;
	return roam_cmd_parse(&t, &c, err, sizeof(err));
}

/* The line must fail with a message that holds frag. */
#define BAD(line, frag) do {						\
	CHECK_INT(parse(line), -1);					\
	CHECK_HAS(err, frag);						\
} while (0)

static void objects(void)
{
	BAD("", "missing object (expected: link, session, monitor, user, pool, log, daemon, psk, ike, ipsec, l2tp, ppp, pptp, group, radius, help)");
	BAD("usr show", "unknown object 'usr'");
	/* no prefix matching */
	BAD("us show", "unknown object 'us'");
	BAD("user", "'user' needs a command (expected: add, del, set, show, help)");
	BAD("session", "expected: add, del, set, show, help");
	BAD("log", "expected: level, help");
	BAD("daemon", "expected: set, show, help");
	BAD("link", "expected: add, del, show, help");
	BAD("user ad x", "unknown command 'ad' for 'user'");
	BAD("daemon add", "unknown command 'add' for 'daemon'");

	CHECK_INT(parse("help"), 0);
	CHECK_INT(c.obj, ROAM_OBJ_NONE);
	CHECK_INT(c.verb, ROAM_VERB_HELP);
	BAD("help me", "unexpected 'me' after 'help'");
	CHECK_INT(parse("pool help"), 0);
	CHECK_INT(c.obj, ROAM_OBJ_POOL);
	CHECK_INT(c.verb, ROAM_VERB_HELP);
	BAD("pool help add", "unexpected 'add' after 'pool help'");
	CHECK_INT(parse("monitor"), 0);
	CHECK_INT(c.verb, ROAM_VERB_MONITOR);
	CHECK_INT(parse("monitor help"), 0);
	CHECK_INT(c.verb, ROAM_VERB_HELP);
	BAD("monitor all", "unexpected 'all' after 'monitor'");
	BAD("monitor help x", "after 'monitor help'");

	CHECK_INT(parse("daemon show"), 0);
	CHECK(roam_cmd_is_roamd(&c));
	BAD("daemon show x", "unexpected 'x' after 'daemon show'");
	CHECK_INT(parse("link show"), 0);
	CHECK(!roam_cmd_is_roamd(&c));
}

static void radius(void)
{
	CHECK_INT(parse("radius add server 10.0.0.1 secret \"s e\""), 0);
	CHECK_INT(c.obj, ROAM_OBJ_RADIUS);
	CHECK_INT(c.radius.server, 0x0a000001);
	CHECK_INT(c.radius.secret_len, 3);
	CHECK_INT(c.radius.auth_port, -1);
	CHECK_INT(c.radius.timeout, -1);
	CHECK_INT(parse("radius add server 10.0.0.1 secret s auth-port 1645 acct-port 1646 timeout 5 retries 0"),
		  0);
	CHECK_INT(c.radius.auth_port, 1645);
	CHECK_INT(c.radius.acct_port, 1646);
	CHECK_INT(c.radius.timeout, 5);
	CHECK_INT(c.radius.retries, 0);
	BAD("radius add server 10.0.0.1", "missing 'secret SECRET'");
	BAD("radius add secret s", "missing 'server IPV4'");
	BAD("radius add server 10.0.0.1 secret s auth-port 0", "1 to 65535");
	BAD("radius add server 10.0.0.1 secret s timeout 0", "1 to 60");
	BAD("radius add server 10.0.0.1 secret s retries 11", "retries");
	CHECK_INT(parse("radius del server 10.0.0.1"), 0);
	BAD("radius del server 10.0.0.1 secret s", "secret");
	CHECK_INT(parse("radius set dae-client 10.0.0.9 dae-secret d interim 0"), 0);
	CHECK(c.radius.has_dae_client);
	CHECK_INT(c.radius.dae_client, 0x0a000009);
	CHECK_INT(c.radius.interim, 0);
	BAD("radius set", "nothing to set");
	BAD("radius set interim 59", "60 to 86400");
	CHECK_INT(parse("radius set interim-min 5 fallback local"), 0);
	CHECK_INT(c.radius.interim_min, 5);
	CHECK_INT(c.radius.fallback, 1);
	CHECK_INT(c.radius.interim, -1);
	CHECK_INT(parse("radius set fallback none"), 0);
	CHECK_INT(c.radius.fallback, 0);
	CHECK_INT(c.radius.interim_min, -1);
	BAD("radius set interim-min 0", "1 to 86400");
	BAD("radius set interim-min 86401", "interim floor");
	BAD("radius set fallback ldap", "expected: local | none");
	CHECK_INT(parse("radius show"), 0);
	CHECK_INT(parse("ppp set auth-source radius"), 0);
	CHECK_INT(c.ppp.auth_source, ROAM_AUTH_SOURCE_RADIUS);
	CHECK_INT(parse("ppp set dns 10.0.0.1"), 0);
	CHECK_INT(c.ppp.auth_source, -1);
	BAD("ppp set auth-source ldap", "expected: local | radius");
	CHECK_INT(parse("group add g psk k auth-source radius"), 0);
	CHECK_INT(c.group.auth_source, ROAM_AUTH_SOURCE_RADIUS);
	CHECK_INT(parse("group add g psk k"), 0);
	CHECK_INT(c.group.auth_source, -1);
}

static void link(void)
{
	CHECK_INT(parse("link add roam0"), 0);
	CHECK_INT(c.verb, ROAM_VERB_ADD);
	CHECK_STR(c.link.name, "roam0");
	CHECK_INT(parse("link del roam1"), 0);
	CHECK_INT(c.verb, ROAM_VERB_DEL);
	CHECK_INT(parse("link show"), 0);
	CHECK(c.link.name == NULL);
	CHECK_INT(parse("link show dev roam0"), 0);
	CHECK_STR(c.link.name, "roam0");

	BAD("link add", "missing interface NAME");
	BAD("link add roam0 type roam", "unexpected 'type' after 'link add NAME'");
	BAD("link del a b", "after 'link del NAME'");
	BAD("link add 0123456789abcdef", "too long (at most 15");
	BAD("link add a/b", "invalid interface name 'a/b'");
	BAD("link add a:b", "invalid interface name");
	BAD("link add ..", "invalid interface name '..'");
	BAD("link add \"\"", "empty interface name");
	BAD("link add \"a b\"", "invalid interface name");
	BAD("link show roam0", "unknown keyword 'roam0' (expected: dev)");
	BAD("link show dev", "'dev' needs a value (NAME)");
	BAD("link show dev a dev b", "'dev' given twice");
}

static void session_add(void)
{
	CHECK_INT(parse("session add dev roam0 id 7 kind pptp address 10.1.0.5 "
			"address6 2001:db8::5 peer 198.51.100.7 peer-port 1723 "
			"state down"), 0);
	CHECK_STR(c.session.dev, "roam0");
	CHECK_INT(c.session.id, 7);
	CHECK_INT(c.session.kind, 2);
	CHECK_INT(c.session.state, 1);
	CHECK(c.session.has_ipv4);
	CHECK_INT(c.session.ipv4, 0x0a010005);
	CHECK(c.session.has_ipv6);
	CHECK_INT(c.session.ipv6[15], 5);
	CHECK_INT(c.session.peer_family, AF_INET);
	CHECK_INT(c.session.peer_ipv4, 0xc6336407);
	CHECK(c.session.has_peer_port);
	CHECK_INT(c.session.peer_port, 1723);

	/* any order; optional keywords optional */
	CHECK_INT(parse("session add kind l2tp id 4294967295 dev r"), 0);
	CHECK_INT(c.session.kind, 1);
	CHECK_INT(c.session.id, 4294967295u);
	CHECK_INT(c.session.state, 0);
	CHECK(!c.session.has_ipv4);

	CHECK_INT(parse("session add dev r id 1 kind l2tp peer 2001:db8::1"), 0);
	CHECK_INT(c.session.peer_family, AF_INET6);

	BAD("session add", "session add: missing 'dev NAME'");
	BAD("session add dev r kind l2tp", "session add: missing 'id ID'");
	BAD("session add dev r id 1", "session add: missing 'kind KIND'");
	BAD("session add dev r id 0 kind l2tp", "invalid session ID '0'");
	BAD("session add dev r id 4294967296 kind l2tp", "invalid session ID");
	BAD("session add dev r id 01 kind l2tp", "invalid session ID '01'");
	BAD("session add dev r id -1 kind l2tp", "invalid session ID");
	BAD("session add dev r id x kind l2tp", "invalid session ID 'x'");
	BAD("session add dev r id 1 kind gre", "invalid kind 'gre' (expected: l2tp, pptp)");
	BAD("session add dev r id 1 kind l2tp state dormant",
	    "invalid state 'dormant' (expected: up, down)");
	BAD("session add dev r id 1 kind l2tp address 10.1.0.300",
	    "invalid IPv4 address '10.1.0.300'");
	BAD("session add dev r id 1 kind l2tp address 127.0.0.1",
	    "invalid session address '127.0.0.1'");
	BAD("session add dev r id 1 kind l2tp address6 10.0.0.1",
	    "invalid IPv6 address '10.0.0.1'");
	BAD("session add dev r id 1 kind l2tp peer example.com",
	    "invalid peer address 'example.com' (IPv4 or IPv6)");
	BAD("session add dev r id 1 kind l2tp peer 1.2.3.4 peer-port 0",
	    "invalid port '0'");
	BAD("session add dev r id 1 kind l2tp peer 1.2.3.4 peer-port 65536",
	    "invalid port");
	BAD("session add dev r id 1 kind l2tp peer-port 1701",
	    "'peer-port' needs 'peer ADDR'");
	BAD("session add dev r id 1 id 2 kind l2tp", "'id' given twice");
	BAD("session add dev r id 1 kind l2tp address", "'address' needs a value (IPV4)");
	/* the list names what is still possible */
	BAD("session add dev r id 1 kind l2tp adress 10.0.0.1",
	    "unknown keyword 'adress' (expected: address, address6, peer, peer-port, state)");
	BAD("session add dev 0123456789abcdefg id 1 kind l2tp", "too long");
}

static void session_other(void)
{
	CHECK_INT(parse("session set dev r id 3 state up"), 0);
	CHECK_INT(c.verb, ROAM_VERB_SET);
	CHECK_INT(c.session.state, 2);
	BAD("session set dev r id 3",
	    "session set: nothing to change (give 'state' or 'peer')");
	BAD("session set dev r state up", "session set: missing 'id ID'");
	BAD("session set id 3 state up", "session set: missing 'dev NAME'");
	BAD("session set dev r id 3 state up kind l2tp",
	    "unknown keyword 'kind' (expected: peer, peer-port)");
	BAD("session set dev r kind l2tp",
	    "unknown keyword 'kind' (expected: id, state, peer, peer-port)");
	/* the client's NAT moved it: its new outer address (and port) */
	CHECK_INT(parse("session set dev r id 3 peer 192.0.2.21"), 0);
	CHECK_INT(c.session.state, 0);
	CHECK_INT(c.session.peer_family, AF_INET);
	CHECK_INT(c.session.peer_ipv4, 0xc0000215);
	CHECK(!c.session.has_peer_port);
	CHECK_INT(parse("session set dev r id 3 peer 192.0.2.21 peer-port 4500"),
		  0);
	CHECK_INT(c.session.peer_port, 4500);
	BAD("session set dev r id 3 peer-port 4500",
	    "session set: 'peer-port' needs 'peer ADDR'");

	CHECK_INT(parse("session del 9"), 0);
	CHECK_INT(c.session.id, 9);
	CHECK(c.session.dev == NULL);
	CHECK_INT(parse("session del 9 dev roam0"), 0);
	CHECK_STR(c.session.dev, "roam0");
	CHECK_INT(parse("session del dev roam0 id 9"), 0);
	CHECK_INT(c.session.id, 9);
	BAD("session del", "session del: missing session ID");
	BAD("session del dev r", "session del: missing session ID");
	BAD("session del 0", "invalid session ID '0'");
	BAD("session del 9 id 8", "unknown keyword 'id' (expected: dev)");
	BAD("session del 9 dev", "'dev' needs a value");
	BAD("session del dev", "'dev' needs a value");
	/* by the address given: IKE Mode-Config sessions have no id */
	CHECK_INT(parse("session del address 172.16.1.100"), 0);
	CHECK(c.session.has_ipv4);
	CHECK_INT(c.session.ipv4, 0xac100164);
	CHECK_INT(c.session.id, 0);
	CHECK_INT(parse("session del dev roam0 address 10.0.0.5"), 0);
	CHECK_STR(c.session.dev, "roam0");
	BAD("session del address 172.16.1.1.1", "invalid");
	BAD("session del address 127.0.0.1", "cannot be given to a client");
	BAD("session del id 4 address 10.0.0.5",
	    "session del: one of an ID, 'address IPV4', or 'user USER' / 'group GROUP'");
	BAD("session del 4 address 10.0.0.5",
	    "unknown keyword 'address' (expected: dev)");

	CHECK_INT(parse("session show"), 0);
	CHECK_INT(parse("session show id 4"), 0);
	CHECK_INT(c.session.id, 4);
	CHECK_INT(parse("session show dev r id 4"), 0);
	BAD("session show kind l2tp", "unknown keyword 'kind' (expected: dev, id, user, group, protocol)");
}

static void user(void)
{
	CHECK_INT(parse("user add alice password \"a b\" address 10.1.0.5"), 0);
	CHECK_STR(c.user.name, "alice");
	CHECK_STR(c.user.password, "a b");
	CHECK_INT(c.user.password_len, 3);
	CHECK(c.user.has_ipv4);
	CHECK_INT(c.user.ipv4, 0x0a010005);
	CHECK_INT(parse("user add DOMAIN\\bob@realm password x"), 0);
	CHECK_STR(c.user.name, "DOMAIN\\bob@realm");
	CHECK(!c.user.has_ipv4);
	CHECK_INT(parse("user del alice"), 0);
	CHECK_INT(parse("user show"), 0);

	BAD("user add", "missing user NAME");
	BAD("user add alice", "user add: missing 'password PASS'");
	BAD("user add alice address 10.0.0.1", "user add: missing 'password PASS'");
	BAD("user add alice password", "'password' needs a value (PASS)");
	BAD("user add alice password \"\"", "empty password");
	BAD("user add alice password x password y", "'password' given twice");
	BAD("roam user add alice pasword x", "unknown object 'roam'");
	BAD("user add alice pasword x",
	    "unknown keyword 'pasword' (expected: password, address, group)");
	BAD("user add alice password x adress 10.0.0.1",
	    "unknown keyword 'adress' (expected: address, group)");
	BAD("user add alice password x address 10.0.0",
	    "invalid IPv4 address '10.0.0'");
	BAD("user add alice password x address 224.0.0.1",
	    "cannot be given to a client");
	BAD("user add \"\" password x", "empty user name");
	BAD("user add a password x address 10.0.0.1 group g extra",
	    "user add: unknown keyword at word 10, not shown as it may be a secret (expected: nothing more)");
	BAD("user add a password x address 10.0.0.1 group g adres",
	    "unexpected 'adres' after 'user add'");
	BAD("user add a password x group \"g h\"", "invalid pool name");
	BAD("user add \"a b\" password x", "holds a blank or a quote");
	BAD("user add \"a\\\"b\" password x", "holds a blank or a quote");
	BAD("user add \"#x\" password x", "starts with '#'");
	BAD("user del", "missing user NAME");
	BAD("user del a b", "unexpected 'b' after 'user del NAME'");
	BAD("user show all extra", "unexpected 'extra' after 'user show NAME'");
}

static void user_secret(void)
{
	char *argv[] = { "user", "add", "alice", "Tr0ub4dor&3", NULL };
	char name[80];

	/* a password given without its keyword is not repeated */
	CHECK_INT(roam_tokens_from_argv(&t, 4, argv, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), -1);
	CHECK(!strstr(err, "Tr0ub4dor"));
	CHECK_HAS(err, "word 4");

	/* limits that only argv (not a config line) can reach */
	memset(name, 'n', 65);
	name[65] = '\0';
	argv[2] = name;
	argv[3] = "password";
	argv[4] = "x";
	CHECK_INT(roam_tokens_from_argv(&t, 5, argv, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), -1);
	CHECK_HAS(err, "user name too long (65 bytes, at most 64)");

	argv[2] = "a\tb";
	CHECK_INT(roam_tokens_from_argv(&t, 5, argv, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), -1);
	CHECK_HAS(err, "user name holds a control character");

	argv[2] = "alice";
	memset(name, 'p', 79);
	name[79] = '\0';
	argv[4] = name;
	CHECK_INT(roam_tokens_from_argv(&t, 5, argv, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), 0);

	argv[4] = "pass\nword";
	CHECK_INT(roam_tokens_from_argv(&t, 5, argv, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), -1);
	CHECK_HAS(err, "password holds a control character");
	CHECK(!strstr(err, "pass\n"));
}

static void pool(void)
{
	CHECK_INT(parse("pool add office range 10.1.0.10-10.1.0.200"), 0);
	CHECK_STR(c.pool.name, "office");
	CHECK_INT(c.pool.first, 0x0a01000a);
	CHECK_INT(c.pool.last, 0x0a0100c8);
	CHECK_INT(parse("pool del office"), 0);

	BAD("pool add", "missing pool NAME");
	BAD("pool add office", "pool add: missing 'range IPV4-IPV4'");
	BAD("pool add office range", "'range' needs a value");
	BAD("pool add office range 10.1.0.10", "invalid range '10.1.0.10'");
	BAD("pool add office range 10.1.0.200-10.1.0.10", "starts after it ends");
	BAD("pool add of/fice range 10.1.0.1-10.1.0.2", "invalid pool name 'of/fice'");
	BAD("pool add office range 10.0.0.1-10.0.0.2 range 10.0.0.1-10.0.0.2",
	    "'range' given twice");
	BAD("pool add office size 10", "unknown keyword 'size' (expected: range)");
	BAD("pool del", "missing pool NAME");
	BAD("pool del \"\"", "empty pool name");
	BAD("pool del a b", "unexpected 'b'");
	BAD("pool show x", "unexpected 'x' after 'pool show'");
	BAD("pool add 0123456789012345678901234567890123 range 10.0.0.1-10.0.0.2",
	    "pool name too long");
}

static void log_level(void)
{
	CHECK_INT(parse("log level debug"), 0);
	CHECK_INT(c.log_level, ROAM_LOG_DEBUG);
	CHECK_INT(parse("log level error"), 0);
	CHECK_INT(c.log_level, ROAM_LOG_ERROR);
	BAD("log level", "missing log LEVEL");
	BAD("log level verbose", "unknown log level 'verbose' (expected: error, warn, info, debug)");
	BAD("log level info now", "unexpected 'now' after 'log level LEVEL'");
	BAD("log show", "unknown command 'show' for 'log'");
}

static void names(void)
{
	CHECK_STR(roam_kind_name(1), "l2tp");
	CHECK_STR(roam_kind_name(2), "pptp");
	CHECK_STR(roam_kind_name(3), "?");
	CHECK_STR(roam_state_name(2), "up");
	CHECK_STR(roam_log_level_name(ROAM_LOG_WARN), "warn");
	CHECK_STR(roam_obj_name(ROAM_OBJ_COUNT), "?");
}

static void password_limit(void)
{
	char line[400];

	snprintf(line, sizeof(line), "user add a password %0255d", 0);
	CHECK_INT(parse(line), 0);
	CHECK_INT(c.user.password_len, 255);
	snprintf(line, sizeof(line), "user add a password %0256d", 0);
	BAD(line, "password too long (256 bytes, at most 255)");
	CHECK(!strstr(err, "0000"));
}

static void ifname_control(void)
{
	char *argv[] = { "link", "add", "ro\x1b[2Jam", NULL };

	CHECK_INT(roam_tokens_from_argv(&t, 3, argv, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), -1);
	CHECK_HAS(err, "invalid interface name 'ro?[2Jam'");
}

static void long_words_are_cut(void)
{
	char line[200];

	snprintf(line, sizeof(line), "user %0120d", 7);
	BAD(line, "...'");
	CHECK(strlen(err) < 160);
}

static void ike_settings(void)
{
	CHECK_INT(parse("ike set weak allow dpd-interval 5 dpd-timeout 20"), 0);
	CHECK_INT(c.obj, ROAM_OBJ_IKE);
	CHECK(roam_cmd_is_roamd(&c));
	CHECK_INT(c.ike.allow_weak, 1);
	CHECK_INT(c.ike.dpd_interval, 5);
	CHECK_INT(c.ike.dpd_timeout, 20);
	CHECK_INT(parse("ike set dpd-interval 0"), 0);
	CHECK_INT(c.ike.allow_weak, -1);
	CHECK_INT(c.ike.dpd_interval, 0);
	CHECK_INT(c.ike.dpd_timeout, -1);
	CHECK_INT(c.ike.setup_limit, -1);
	CHECK_INT(parse("ike set setup-limit 200"), 0);
	CHECK_INT(c.ike.setup_limit, 200);
	CHECK_INT(c.ike.dpd_interval, -1);
	CHECK_INT(parse("ike set weak deny setup-limit 0 dpd-timeout 60"), 0);
	CHECK_INT(c.ike.setup_limit, 0);
	CHECK_INT(c.ike.allow_weak, 0);
	CHECK_INT(c.ike.dpd_timeout, 60);
	CHECK_INT(parse("ike set setup-limit 65535"), 0);
	CHECK_INT(c.ike.setup_limit, 65535);
	BAD("ike set setup-limit 65536", "invalid setup limit '65536' (0 to 65535)");
	BAD("ike set setup-limit -1", "invalid setup limit '-1'");
	BAD("ike set setup-limit 12x", "invalid setup limit '12x'");
	BAD("ike set setup-limit", "'setup-limit' needs a value");
	BAD("ike set setup-limit 5 setup-limit 6", "setup-limit");
	BAD("ike set", "ike set: nothing to set");
	BAD("ike set dpd-interval", "'dpd-interval' needs a value");
	BAD("ike set dpd-interval 3601", "invalid DPD interval '3601'");
	BAD("ike set dpd-timeout -1", "invalid DPD timeout '-1'");
	BAD("ike set weak maybe", "unknown weak setting 'maybe'");
	BAD("ike set dpd 30", "unknown keyword 'dpd'");
	BAD("ike show all", "unexpected 'all' after 'ike show'");
}

/* Seed 001's PPTP page and group tab, as roam commands. */
static void pptp_settings(void)
{
	CHECK_INT(parse("pptp set enable on mppe required mppe-bits 40,128 stateless on max-tunnels 0 sessions-per-tunnel 0 window 16 processing-delay 1 idle 5 echo-interval 60"),
		  0);
	CHECK_INT(c.obj, ROAM_OBJ_PPTP);
	CHECK(roam_cmd_is_roamd(&c));
	CHECK_INT(c.pptp.enable, 1);
	CHECK_INT(c.pptp.mppe, ROAM_MPPE_REQUIRED);
	CHECK_INT(c.pptp.mppe_bits, ROAM_MPPE_40 | ROAM_MPPE_128);
	CHECK_INT(c.pptp.stateless, 1);
	CHECK_INT(c.pptp.max_tunnels, 0);
	CHECK_INT(c.pptp.window, 16);
	CHECK_INT(c.pptp.proc_delay, 1);
	CHECK_INT(c.pptp.idle, 5);
	CHECK_INT(parse("pptp set mppe none"), 0);
	CHECK_INT(c.pptp.mppe, ROAM_MPPE_NONE);
	CHECK_INT(c.pptp.enable, -1);
	CHECK_INT(c.pptp.mppe_bits, 0);
	CHECK_INT(parse("ppp set auth mschapv2,mschapv1,chap,pap"), 0);
	CHECK_INT(c.ppp.nauth, 4);
	CHECK_INT(c.ppp.auth[1], ROAM_PPP_AUTH_MSCHAPV1);
	BAD("pptp set", "pptp set: nothing to set");
	BAD("pptp set enable yes", "invalid enable setting 'yes'");
	BAD("pptp set mppe always", "invalid mppe setting 'always'");
	BAD("pptp set mppe-bits 64", "invalid key lengths '64'");
	BAD("pptp set mppe-bits 40,40", "invalid key lengths '40,40'");
	BAD("pptp set mppe-bits 40,", "invalid key lengths '40,'");
	BAD("pptp set window 0", "invalid window '0'");
	BAD("pptp set window 257", "invalid window '257'");
	BAD("pptp set max-tunnels 70000", "invalid tunnel limit '70000'");
	BAD("pptp show calls", "unexpected 'calls' after 'pptp show'");
}

/* l2tp set: either setting alone, both, and what is refused. */
static void l2tp_settings(void)
{
	CHECK_INT(parse("l2tp set ipsec none"), 0);
	CHECK_INT(c.obj, ROAM_OBJ_L2TP);
	CHECK(roam_cmd_is_roamd(&c));
	CHECK_INT(c.l2tp.ipsec_required, 0);
	CHECK_INT(c.l2tp.setup_limit, -1);
	CHECK_INT(parse("l2tp set setup-limit 200"), 0);
	CHECK_INT(c.l2tp.ipsec_required, -1);
	CHECK_INT(c.l2tp.setup_limit, 200);
	CHECK_INT(parse("l2tp set ipsec required setup-limit 0"), 0);
	CHECK_INT(c.l2tp.ipsec_required, 1);
	CHECK_INT(c.l2tp.setup_limit, 0);
	BAD("l2tp set", "l2tp set: nothing to set");
	BAD("l2tp set setup-limit 70000", "invalid setup limit '70000'");
	BAD("l2tp set setup-limit -1", "invalid setup limit '-1'");
	BAD("l2tp set setup-limit", "setup-limit");
}

void suite_cmd(void)
{
	RUN(objects);
	RUN(radius);
	RUN(link);
	RUN(session_add);
	RUN(session_other);
	RUN(user);
	RUN(user_secret);
	RUN(pool);
	RUN(log_level);
	RUN(names);
	RUN(password_limit);
	RUN(ifname_control);
	RUN(long_words_are_cut);
	RUN(ike_settings);
	RUN(pptp_settings);
	RUN(l2tp_settings);
}
