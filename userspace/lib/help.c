// SPDX-License-Identifier: GPL-2.0
#include "help.h"

/* The policy settings, the same for group set and user set. */
#define POLICY_HELP \
"       POLICY  := group policy settings, each inherited base group ->\n" \
"                  group -> user unless given; \"KEY inherit\" gives one back:\n" \
"                  access METHODS | ppp-auth PPPAUTH | encryption ENCRYPTION\n" \
"                  | mppe-bits BITS | mppe-stateless ONOFF | logins COUNT\n" \
"                  | logins-over OVER | idle-timeout SECONDS\n" \
"                  | max-connect SECONDS | hours HOURS | address-order ORDER\n" \
"       METHODS := comma-separated access methods: l2tp, pptp, ipsec (IKE\n" \
"                  XAUTH/Mode-Config); default all\n" \
"       PPPAUTH := comma-separated: pap, chap, mschapv1, mschapv2 (default\n" \
"                  all that ppp set auth offers)\n" \
"       ENCRYPTION := { required | optional }: required refuses PPTP without\n" \
"                  MPPE and L2TP without IPsec (742); default optional\n" \
"       BITS    := comma-separated MPPE key lengths allowed: 40, 56, 128\n" \
"       COUNT   := simultaneous logins of one user, 0: unlimited (default)\n" \
"       OVER    := { refuse | end-oldest }: a login over COUNT is refused\n" \
"                  (default) or the user's oldest session is ended\n" \
"       SECONDS := idle-timeout: a session without a packet from the client\n" \
"                  that long is ended; max-connect: a session is ended that\n" \
"                  long after it came up; 0: never (default)\n" \
"       HOURS   := any, or comma-separated DAYS/HH:MM-HH:MM with DAYS as\n" \
"                  mon, mon-fri, sat-sun or all (local time); a session\n" \
"                  still up when its hours end is ended\n" \
"       ORDER   := comma-separated address sources, tried in order:\n" \
"                  client (the address it asks for), server (RADIUS\n" \
"                  Framed-IP-Address), user (its fixed address), pool;\n" \
"                  default server,user,pool\n"

static const char *const help[ROAM_OBJ_COUNT] = {
	[ROAM_OBJ_NONE] =
"Usage: roam [OPTIONS] OBJECT COMMAND [ARGS]\n"
"       roam [OPTIONS] OBJECT help\n"
"       roam help\n"
"Where: OBJECT  := { link | session | monitor | user | pool | psk | ike |\n"
"                    ipsec | l2tp | pptp | ppp | group | radius | log |\n"
"                    daemon }\n"
"       OPTIONS := { -j[son] [-p[retty]] | -s[tats] | -n[etns] NETNS |\n"
"                    -S SOCKET | -h[elp] | -V[ersion] }\n"
"       NETNS   := name of a network namespace in /run/netns\n"
"       SOCKET  := roamd's control socket (default /run/roam/roamd.sock)\n"
"link and monitor talk to the kernel, session to roamd when it runs (else\n"
"the kernel); the others talk to roamd.\n"
"A client that fails to connect (Windows errors 691, 733, 742, 789, 809,\n"
"812): roamd's log names the cause; see \"TROUBLESHOOTING\" in roam(8).\n",

	[ROAM_OBJ_LINK] =
"Usage: roam link add NAME\n"
"       roam link del NAME\n"
"       roam link show [dev NAME]\n"
"       roam link help\n"
"Where: NAME := name of a roam network device, e.g. roam0 (at most 15\n"
"               characters)\n",

	[ROAM_OBJ_SESSION] =
"Usage: roam session add dev NAME id ID kind KIND [address IPV4]\n"
"                        [address6 IPV6] [peer ADDR] [peer-port PORT]\n"
"                        [state STATE]\n"
"       roam session set dev NAME id ID [state STATE]\n"
"                        [peer ADDR [peer-port PORT]]\n"
"       roam session del { ID [dev NAME] | address IPV4 | user USER\n"
"                        | group GROUP }\n"
"       roam session show [dev NAME] [id ID] [user USER] [group GROUP]\n"
"                         [protocol PROTO]\n"
"       roam session help\n"
"With roamd running (in this network namespace), show adds each session's\n"
"user, protocol, PPP phase and uptime, and lists the calls still being set\n"
"up (session -); del ends the call properly (PPP terminate, L2TP CDN, IKE\n"
"delete notifications, the address back to its pool).  An IKE Mode-Config\n"
"session has no ID: name it by its address.  user, group and protocol\n"
"(roamd only) show or end the sessions of a user, of a group's users or\n"
"of an access method.  Without roamd the kernel's table is used.\n"
"Where: NAME  := a roam device (del: defaults to the only one)\n"
"       ID    := session number, 1-4294967295, unique per device\n"
"       KIND  := { l2tp | pptp }   (pptp is weak: MPPE over MS-CHAPv2)\n"
"       STATE := { up | down }     (add: default up)\n"
"       IPV4  := address given to the client, e.g. 10.1.0.5\n"
"       IPV6  := IPv6 address given to the client\n"
"       ADDR  := outer IPv4 or IPv6 address of the client\n"
"       PORT  := outer UDP port of the client, 1-65535\n"
"       USER  := a user name; GROUP := a group (roam group)\n"
"       PROTO := { l2tp | pptp | ipsec } (ipsec: IKE XAUTH/Mode-Config)\n",

	[ROAM_OBJ_MONITOR] =
"Usage: roam monitor\n"
"       roam monitor help\n"
"Prints session events (added, deleted) until interrupted.\n"
"Where: (no arguments)\n",

	[ROAM_OBJ_USER] =
"Usage: roam user add NAME password PASS [address IPV4] [group GROUP]\n"
"                     [ pool POOLS ] [ dns SERVERS ] [ wins SERVERS ]\n"
"                     [ domain DOMAIN ] [ POLICY ]\n"
"       roam user set NAME [ password PASS ] [ address IPV4 ] [ group GROUP ]\n"
"                     [ pool POOLS ] [ dns SERVERS ] [ wins SERVERS ]\n"
"                     [ domain DOMAIN ] [ POLICY ]\n"
"       roam user del NAME\n"
"       roam user show [ NAME ]\n"
"       roam user help\n"
"show NAME gives each policy setting in force and where it came from\n"
"(default, base, group, user).\n"
"Where: NAME := user name, at most 64 bytes, no blanks or quotes\n"
"       PASS := password, at most 255 bytes (quote it if it holds\n"
"               blanks); never shown again\n"
"       IPV4 := fixed address for this user, e.g. 10.1.0.5 (it wins over\n"
"               the pools of any group)\n"
"       GROUP := the user's group: its policy applies, and it is the only\n"
"               remote-access group the user may log in through with\n"
"               XAUTH; without it, any group\n"
"       POOLS := comma-separated pool names, tried in order\n"
"       SERVERS := comma-separated IPv4 addresses, at most 4\n"
"       DOMAIN := default DNS domain given to the client\n"
"       ONOFF := { on | off }; mppe-stateless on: stateless MPPE only\n"
POLICY_HELP,

	[ROAM_OBJ_POOL] =
"Usage: roam pool add NAME range RANGE\n"
"       roam pool del NAME\n"
"       roam pool show\n"
"       roam pool help\n"
"Where: NAME  := pool name: letters, digits, '-', '_', '.' (at most 32)\n"
"       RANGE := FIRST-LAST IPv4 addresses, e.g. 10.1.0.10-10.1.0.200\n",

	[ROAM_OBJ_LOG] =
"Usage: roam log level LEVEL\n"
"       roam log help\n"
"Where: LEVEL := { error | warn | info | debug }\n",

	[ROAM_OBJ_DAEMON] =
"Usage: roam daemon show\n"
"       roam daemon set clock-offset SECONDS\n"
"       roam daemon help\n"
"Shows roamd's pid, uptime, configuration file and counts; set moves the\n"
"clock the group policy's access hours follow (for tests).\n"
"Where: SECONDS := added to the system's time, may be negative; 0: none\n",

	[ROAM_OBJ_PSK] =
"Usage: roam psk add peer PEER secret SECRET [group GROUP]\n"
"       roam psk del peer PEER\n"
"       roam psk show\n"
"       roam psk help\n"
"Pre-shared keys for IKE phase 1; the entry of the peer's address wins\n"
"over the one for any peer.\n"
"Where: PEER   := { IPV4 | any }\n"
"       GROUP  := Main Mode clients with this key belong to this\n"
"                 remote-access group (roam group): XAUTH and\n"
"                 Mode-Config follow phase 1; without it, L2TP/IPsec\n"
"       SECRET := the pre-shared key (double quotes for blanks); never\n"
"                 shown again\n",

	[ROAM_OBJ_IKE] =
"Usage: roam ike set [ weak WEAK ] [ dpd-interval SECONDS ]\n"
"                    [ dpd-timeout SECONDS ] [ setup-limit COUNT ]\n"
"       roam ike show\n"
"       roam ike help\n"
"Shows the IKE (phase 1) security associations with their algorithms.\n"
"Where: WEAK := { deny | allow } whether DES, MD5 and MODP-768/1024 may\n"
"               be chosen for old clients (they are weak)\n"
"       dpd-interval: seconds between dead peer detection probes to\n"
"               clients that offered DPD (default 30, 0: never probe)\n"
"       dpd-timeout: seconds without an answer after which a client's\n"
"               IKE and IPsec SAs are deleted (default 150)\n"
"       COUNT := phase 1 negotiations in setup (half-open, Main and\n"
"               Aggressive Mode) past which a new one is dropped\n"
"               unanswered, counted as rate-limited; 0: the built-in\n"
"               4096 (the default); one address holds at most 256\n",

	[ROAM_OBJ_IPSEC] =
"Usage: roam ipsec show\n"
"       roam ipsec help\n"
"Shows the ESP security associations: SPIs, algorithms, NAT traversal,\n"
"counters (with -s).\n"
"Where: (no arguments)\n",

	[ROAM_OBJ_L2TP] =
"Usage: roam l2tp set [ ipsec IPSEC ] [ setup-limit COUNT ]\n"
"       roam l2tp show\n"
"       roam l2tp help\n"
"Shows the L2TP tunnels and their sessions.\n"
"Where: IPSEC := { required | none } none accepts L2TP without IPsec\n"
"                (weak: for laboratories only)\n"
"       COUNT := calls in setup (all access methods) past which a new\n"
"                L2TP tunnel is refused at once with StopCCN result 2,\n"
"                error 4 (busy); 0: no limit (the default)\n",

	[ROAM_OBJ_PPP] =
"Usage: roam ppp set [ local IPV4 ] [ dns IPV4 ] [ dns2 IPV4 ] [ wins IPV4 ]\n"
"                    [ wins2 IPV4 ]\n"
"                    [ echo-interval SECONDS ] [ echo-failures COUNT ]\n"
"                    [ auth METHODS ] [ auth-source SOURCE ]\n"
"       roam ppp show\n"
"       roam ppp help\n"
"Where: IPV4    := an address (local: the concentrator's own end of every\n"
"                  PPP link; the others: servers given to clients), or none\n"
"       SECONDS := LCP echo interval, 0 for none (default 30)\n"
"       COUNT   := unanswered echoes before the client is gone (default 3)\n"
"       METHODS := comma-separated, best first: mschapv2, mschapv1, chap,\n"
"                  pap (pap sends the password in clear; MS-CHAP v1 and v2\n"
"                  are weak, and needed for MPPE)\n"
"       SOURCE  := { local | radius }: who checks the password, the\n"
"                  users of user add (default) or the servers of\n"
"                  radius add\n",

	[ROAM_OBJ_PPTP] =
"Usage: roam pptp set [ enable ONOFF ] [ mppe MPPE ] [ mppe-bits BITS ]\n"
"                     [ stateless ONOFF ] [ max-tunnels COUNT ]\n"
"                     [ sessions-per-tunnel COUNT ] [ window PACKETS ]\n"
"                     [ processing-delay TENTHS ] [ idle SECONDS ]\n"
"                     [ echo-interval SECONDS ]\n"
"       roam pptp show\n"
"       roam pptp help\n"
"The PPTP server (TCP 1723, GRE) for old Windows clients. PPTP, MS-CHAP\n"
"and MPPE are weak: the server is off until enabled.\n"
"Where: ONOFF   := { on | off } (enable: default off; stateless on: MPPE\n"
"                  must be stateless, rekeyed on every packet; off: the\n"
"                  client chooses; never: MPPE must be stateful, with\n"
"                  CCP resets after a loss)\n"
"       MPPE    := { required | optional | none } (default required; MPPE\n"
"                  needs MS-CHAPv1 or v2 in ppp set auth)\n"
"       BITS    := comma-separated key lengths allowed: 40, 56, 128\n"
"                  (default 128; 40 and 56 are very weak)\n"
"       COUNT   := 0 for unlimited (the default)\n"
"       PACKETS := our receive window, 1 to 256 (default 16)\n"
"       TENTHS  := packet processing delay we announce, in 1/10 s\n"
"       SECONDS := idle: a control connection without calls is closed\n"
"                  after it (default 60, 0: never); echo-interval: a\n"
"                  silent client is probed after it (default 60, 0: never)\n",

	[ROAM_OBJ_GROUP] =
"Usage: roam group add NAME psk SECRET [ aggressive ONOFF ] [ xauth ONOFF ]\n"
"                      [ push ONOFF ] [ pool POOLS ] [ dns SERVERS ]\n"
"                      [ wins SERVERS ] [ domain DOMAIN ] [ split NETS ]\n"
"                      [ banner TEXT ] [ save-password ONOFF ] [ pfs ONOFF ]\n"
"                      [ auth-source SOURCE ] [ POLICY ]\n"
"       roam group set NAME [ psk SECRET ] [ the settings of add ]\n"
"       roam group del NAME\n"
"       roam group show [ NAME ]\n"
"       roam group help\n"
"Remote-access groups for IKEv1 clients such as vpnc and the Cisco VPN\n"
"Client: the group name is the client's group ID, XAUTH asks for the\n"
"user's name and password, Mode-Config gives the client its address and\n"
"settings, the traffic goes in ESP tunnel mode.  Every group is also a\n"
"group policy for its users, whatever their access method; the group\n"
"named base (made by its first group set, no key needed) is inherited\n"
"by every group and every user.\n"
"Where: NAME    := group name: letters, digits, '-', '_', '.' (at most 63)\n"
"       SECRET  := the group's pre-shared key (never shown again)\n"
"       ONOFF   := { on | off }. aggressive: Aggressive Mode with this\n"
"                  group's key (default off; weak: one captured exchange\n"
"                  lets anyone guess the key offline). xauth: ask for the\n"
"                  user (default on). push: we send the settings (SET)\n"
"                  rather than answer the client's request (default off).\n"
"                  save-password: the client may store it (default off).\n"
"                  pfs: Quick Mode must use PFS (default off)\n"
"       POOLS   := comma-separated pool names, tried in order (default:\n"
"                  every pool); a user's fixed address wins\n"
"       SERVERS := comma-separated IPv4 addresses, at most 4\n"
"       DOMAIN  := default DNS domain given to the client\n"
"       NETS    := comma-separated IPV4/PREFIX networks reached through the\n"
"                  tunnel (split tunneling); default: everything\n"
"       TEXT    := a banner the client shows (quote it)\n"
"       SOURCE  := { local | radius }: who checks XAUTH passwords, the\n"
"                  users of user add (default) or the servers of\n"
"                  radius add\n"
POLICY_HELP,

	[ROAM_OBJ_RADIUS] =
"Usage: roam radius add server IPV4 secret SECRET [ auth-port PORT ]\n"
"                       [ acct-port PORT ] [ timeout SECONDS ]\n"
"                       [ retries COUNT ] [ message-authenticator MA ]\n"
"       roam radius del server IPV4\n"
"       roam radius set [ nas-identifier NAME ] [ interim SECONDS ]\n"
"                       [ interim-min SECONDS ] [ fallback FALLBACK ]\n"
"                       [ dae-client IPV4 ] [ dae-secret SECRET ]\n"
"                       [ dae-port PORT ]\n"
"       roam radius show\n"
"       roam radius help\n"
"RADIUS servers (RFC 2865, 2866), tried in the order they were added: a\n"
"server that does not answer is skipped for 30 s and the next one asked.\n"
"Every request carries a Message-Authenticator and every answer must\n"
"carry a valid one. RADIUS hides passwords with MD5 and the shared\n"
"secret: weak, use a long random secret and a trusted path.\n"
"Where: IPV4    := the server's address (dae-client: the only address\n"
"                  Disconnect- and CoA-Requests are taken from)\n"
"       SECRET  := the shared secret (never shown or logged)\n"
"       PORT    := auth-port default 1812, acct-port 1813, dae-port 3799\n"
"       SECONDS := timeout: per try (default 3, 1 to 60); interim:\n"
"                  accounting Interim-Update interval (0: none, the\n"
"                  default; else 60 to 86400; a server's\n"
"                  Acct-Interim-Interval wins); interim-min: the\n"
"                  least Acct-Interim-Interval taken (default 60,\n"
"                  RFC 2869; lower only for tests)\n"
"       FALLBACK:= { local | none }: when no server answers, check the\n"
"                  login against the local users (default none)\n"
"       COUNT   := retransmissions before the next server (default 2)\n"
"       MA      := { required | optional }: whether Access answers must\n"
"                  carry a Message-Authenticator (default required;\n"
"                  optional is weak, CVE-2024-3596, for servers that\n"
"                  never send one, such as FreeRADIUS before 3.2.5)\n"
"       NAME    := NAS-Identifier sent in every request (default: the\n"
"                  host name)\n",
};

const char *roam_help_text(enum roam_obj obj)
{
	if ((unsigned int)obj >= ROAM_OBJ_COUNT)
		obj = ROAM_OBJ_NONE;
	return help[obj];
}
