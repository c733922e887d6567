// SPDX-License-Identifier: GPL-2.0
#include "help.h"

static const char *const help[ROAM_OBJ_COUNT] = {
	[ROAM_OBJ_NONE] =
"Usage: roam [OPTIONS] OBJECT COMMAND [ARGS]\n"
"       roam [OPTIONS] OBJECT help\n"
"       roam help\n"
"Where: OBJECT  := { link | session | monitor | user | pool | log | daemon }\n"
"       OPTIONS := { -j[son] [-p[retty]] | -s[tats] | -n[etns] NETNS |\n"
"                    -S SOCKET | -h[elp] | -V[ersion] }\n"
"       NETNS   := name of a network namespace in /run/netns\n"
"       SOCKET  := roamd's control socket (default /run/roam/roamd.sock)\n"
"link, session and monitor talk to the kernel; user, pool, log and daemon\n"
"talk to roamd.\n",

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
"       roam session set dev NAME id ID state STATE\n"
"       roam session del ID [dev NAME]\n"
"       roam session show [dev NAME] [id ID]\n"
"       roam session help\n"
"Where: NAME  := a roam device (del: defaults to the only one)\n"
"       ID    := session number, 1-4294967295, unique per device\n"
"       KIND  := { l2tp | pptp }   (pptp is weak: MPPE over MS-CHAPv2)\n"
"       STATE := { up | down }     (add: default up)\n"
"       IPV4  := address given to the client, e.g. 10.1.0.5\n"
"       IPV6  := IPv6 address given to the client\n"
"       ADDR  := outer IPv4 or IPv6 address of the client\n"
"       PORT  := outer UDP port of the client, 1-65535\n",

	[ROAM_OBJ_MONITOR] =
"Usage: roam monitor\n"
"       roam monitor help\n"
"Prints session events (added, deleted) until interrupted.\n"
"Where: (no arguments)\n",

	[ROAM_OBJ_USER] =
"Usage: roam user add NAME password PASS [address IPV4]\n"
"       roam user del NAME\n"
"       roam user show\n"
"       roam user help\n"
"Where: NAME := user name, at most 64 bytes, no blanks or quotes\n"
"       PASS := password, at most 255 bytes (quote it if it holds\n"
"               blanks); never shown again\n"
"       IPV4 := fixed address for this user, e.g. 10.1.0.5\n",

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
"       roam daemon help\n"
"Shows roamd's pid, uptime, configuration file and counts.\n"
"Where: (no arguments)\n",
};

const char *roam_help_text(enum roam_obj obj)
{
	if ((unsigned int)obj >= ROAM_OBJ_COUNT)
		obj = ROAM_OBJ_NONE;
	return help[obj];
}
