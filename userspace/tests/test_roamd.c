// SPDX-License-Identifier: GPL-2.0
/*
 * roamd and roam together: start the daemon on a temporary configuration
 * and socket, drive it with the CLI, stop it.  Needs no kernel module:
 * "link add" fails and roamd must say so and go on.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

static const char *roamd_bin, *roam_bin;
static char dir[64], conf[128], sock[128], logf[128];
static char out[8192];

#define PASSWORD	"s3cret with space"

static const char config[] =
	"# test configuration\n"
	"link add roam0\n"
	"pool add office range 10.1.0.10-10.1.0.200\n"
	"user add alice password \"" PASSWORD "\" address 10.1.0.5\n"
	"user add bob password hunter2   # a comment\n"
	"log level debug\n";

static int write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	return chmod(path, mode);
}

/* Run "roam -S SOCK ARGS", stdout and stderr into out; its exit code. */
static int roam(const char *args)
{
	char cmd[512];
	size_t n;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "%s -S %s %s 2>&1", roam_bin, sock, args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static pid_t start(const char *config_path)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (!freopen(logf, "a", stderr))
			_exit(126);
		execl(roamd_bin, "roamd", "-f", "-c", config_path, "-S", sock,
		      (char *)NULL);
		_exit(127);
	}
	return pid;
}

static bool wait_for(const char *path, bool present)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct stat st;
	int i;

	/* 15 s: an ASan roamd starts slowly on a loaded machine */
	for (i = 0; i < 750; i++) {
		if ((stat(path, &st) == 0) == present)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

static int stop(pid_t pid, int sig)
{
	int st;

	kill(pid, sig);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *read_log(void)
{
	static char buf[16384];
	FILE *f = fopen(logf, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static void daemon_and_cli(void)
{
	struct stat st;
	pid_t pid;

	pid = start(conf);
	CHECK(pid > 0);
	CHECK(wait_for(sock, true));
	CHECK_INT(stat(sock, &st), 0);
	CHECK_INT(st.st_mode & 0777, 0600);

	CHECK_INT(roam("user show"), 0);
	CHECK_STR(out, "alice address 10.1.0.5\nbob\n");
	CHECK_INT(roam("-j user show"), 0);
	CHECK_STR(out, "[{\"name\":\"alice\",\"address\":\"10.1.0.5\"},"
		  "{\"name\":\"bob\"}]\n");
	CHECK_INT(roam("pool show"), 0);
	CHECK_STR(out, "office range 10.1.0.10-10.1.0.200 size 191\n");
	CHECK_INT(roam("-j -s pool show"), 0);
	CHECK_STR(out, "[{\"name\":\"office\",\"range\":\"10.1.0.10-10.1.0.200\","
		  "\"size\":191,\"stats\":{\"in_use\":0,\"free\":191}}]\n");

	CHECK_INT(roam("user add carol password \"x y\" address 10.1.0.6"), 0);
	CHECK_STR(out, "");
	CHECK_INT(roam("user add alice password x"), 2);
	CHECK_STR(out, "Error: user 'alice' already exists\n");
	CHECK_INT(roam("user add dave password x address 10.1.0.5"), 2);
	CHECK_HAS(out, "already fixed for user 'alice'");
	CHECK_INT(roam("user add erin pasword x"), 1);
	CHECK_HAS(out, "unknown keyword 'pasword' (expected: password, address, group)");
	CHECK_INT(roam("user del nobody"), 2);
	CHECK_INT(roam("user del bob"), 0);
	CHECK_INT(roam("user show"), 0);
	CHECK_STR(out, "alice address 10.1.0.5\ncarol address 10.1.0.6\n");

	CHECK_INT(roam("pool add lab range 10.1.0.100-10.1.1.0"), 2);
	CHECK_HAS(out, "Error: range overlaps pool 'office'");
	CHECK_INT(roam("pool del office"), 0);
	CHECK_INT(roam("-j pool show"), 0);
	CHECK_STR(out, "[]\n");
	CHECK_INT(roam("-j -p pool show"), 0);
	CHECK_STR(out, "[]\n");

	CHECK_INT(roam("log level warn"), 0);
	CHECK_INT(roam("-j daemon show"), 0);
	CHECK_HAS(out, "\"log_level\":\"warn\"");
	CHECK_HAS(out, "\"users\":2,\"pools\":0");
	/* the setup limits in force: IKE's built-in bound, no L2TP one */
	CHECK_HAS(out, "\"setup_limit\":{\"ike\":4096,\"l2tp\":0");
	CHECK_INT(roam("ike set setup-limit 100"), 0);
	CHECK_INT(roam("l2tp set setup-limit 30"), 0);
	CHECK_INT(roam("daemon show"), 0);
	CHECK_HAS(out, "setup-limit ike 100 l2tp 30");
	CHECK_INT(roam("ike set setup-limit 0"), 0);
	CHECK_INT(roam("l2tp set setup-limit 0"), 0);
	CHECK_INT(roam("-j daemon show"), 0);
	CHECK_HAS(out, "\"setup_limit\":{\"ike\":4096,\"l2tp\":0");
	CHECK_INT(roam("daemon show"), 0);
	CHECK_HAS(out, "roamd pid ");
	/* unauthenticated input counted by cause: none yet */
	CHECK_INT(roam("-j -s daemon show"), 0);
	CHECK_HAS(out, "\"ike_drops\":{\"malformed\":0,\"unknown_sa\":0,\"bad_hash\":0,\"no_proposal\":0,\"rate_limited\":0,\"log_held\":0}");
	CHECK_HAS(out, "\"l2tp_drops\":{\"malformed\":0,\"unknown_tunnel\":0,\"unknown_session\":0,\"wrong_sa\":0,\"wrong_peer\":0,\"no_ipsec\":0,\"tunnels_refused\":0,\"tunnels_busy\":0}");
	CHECK_INT(roam("-s daemon show"), 0);
	CHECK_HAS(out, "ike-drops malformed 0 unknown-sa 0");
	CHECK_HAS(out, "l2tp-drops malformed 0 unknown-tunnel 0 unknown-session 0");
	CHECK_HAS(out, "tunnels-refused 0 tunnels-busy 0");
	/* the restart state's upkeep, counted */
	CHECK_HAS(out, "restart-state rebuilds ");
	/* PPTP is off by default: no pptp_drops */
	CHECK(!strstr(out, "pptp-drops"));

	/*
	 * RADIUS servers in order; the secret is never shown.  At level
	 * info, so that the line that says a server was added is formatted.
	 */
	CHECK_INT(roam("log level info"), 0);
	CHECK_INT(roam("radius add server 192.0.2.10 secret r4dsecret"), 0);
	CHECK_INT(roam("radius add server 192.0.2.11 secret r4dsecret2 auth-port 11812 timeout 2 retries 1 message-authenticator optional"),
		  0);
	CHECK_INT(roam("radius add server 192.0.2.10 secret x"), 2);
	CHECK_HAS(out, "RADIUS server 192.0.2.10 exists");
	CHECK_INT(roam("radius set nas-identifier vpn1 interim 300"), 0);
	CHECK_INT(roam("radius set interim 30"), 1);
	CHECK_HAS(out, "60 to 86400");
	CHECK_INT(roam("ppp set auth-source radius"), 0);
	CHECK_INT(roam("radius show"), 0);
	CHECK_STR(out, "server 192.0.2.10 auth-port 1812 acct-port 1813 timeout 3 retries 2 message-authenticator required\n"
		  "server 192.0.2.11 auth-port 11812 acct-port 1813 timeout 2 retries 1 message-authenticator optional(weak)\n"
		  "nas-identifier vpn1 interim 300 interim-min 60 fallback none\nppp auth-source radius\n");
	CHECK_INT(roam("radius set interim-min 5 fallback local"), 0);
	CHECK_INT(roam("radius show"), 0);
	CHECK_HAS(out, "interim 300 interim-min 5 fallback local\n");
	CHECK_INT(roam("radius set fallback none"), 0);
	CHECK_INT(roam("radius show"), 0);
	CHECK_HAS(out, "interim-min 5 fallback none\n");
	CHECK_INT(roam("-j -s radius show"), 0);
	CHECK_HAS(out, "\"stats\":{\"sent\":0,\"answered\":0");
	CHECK(!strstr(out, "r4dsecret"));
	CHECK_INT(roam("radius del server 192.0.2.10"), 0);
	CHECK_INT(roam("radius del server 192.0.2.10"), 2);
	CHECK_HAS(out, "no RADIUS server 192.0.2.10");
	CHECK_INT(roam("radius show"), 0);
	CHECK_HAS(out, "server 192.0.2.11 auth-port 11812");
	CHECK(!strstr(out, "192.0.2.10"));
	CHECK_INT(roam("ppp set auth-source local"), 0);

	/* session show is roamd's while it runs: no module, no call yet */
	CHECK_INT(roam("-j session show"), 0);
	CHECK_STR(out, "[]\n");
	CHECK_INT(roam("-s session show id 7"), 0);
	CHECK_STR(out, "");
	CHECK_INT(roam("session show dev nosuchdev0"), 2);
	CHECK_STR(out, "Error: no device named 'nosuchdev0'\n");

	CHECK_INT(stop(pid, SIGTERM), 0);
	CHECK(wait_for(sock, false));
	CHECK_INT(roam("user show"), 2);
	CHECK_HAS(out, "is roamd running?");
	/* without roamd, the kernel answers; -S named it, so say so */
	roam("-j session show");
	CHECK_HAS(out, "the kernel's table follows");

	/* the module is missing here: said, and roamd went on */
	CHECK_HAS(read_log(), "cannot create device roam0");
	/* a password is never logged, not even at debug level */
	CHECK(!strstr(read_log(), "s3cret"));
	CHECK(!strstr(read_log(), "hunter2"));
	CHECK(!strstr(read_log(), "r4dsecret"));
}

static void bad_config(void)
{
	char bad[160];
	pid_t pid;
	int st;

	snprintf(bad, sizeof(bad), "%s/bad.conf", dir);
	CHECK_INT(write_file(bad, "pool add p range 10.0.0.1-10.0.0.9\n"
			     "user add alice pasword x\n"
			     "user show\n", 0600), 0);
	CHECK_INT(truncate(logf, 0), 0);
	pid = start(bad);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	CHECK_HAS(read_log(),
		  "bad.conf:2: unknown keyword 'pasword' (expected: password, address, group)");
	CHECK_HAS(read_log(), "bad.conf:3: 'user show' has no place");
	CHECK_HAS(read_log(), "2 errors; not started");
	CHECK(access(sock, F_OK) != 0);
	unlink(bad);
}

static void sigint_and_second_instance(void)
{
	pid_t pid, second;
	int st;

	CHECK_INT(truncate(logf, 0), 0);
	pid = start(conf);
	CHECK(wait_for(sock, true));
	/* a second roamd must not steal the socket */
	second = start(conf);
	CHECK(waitpid(second, &st, 0) == second);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	CHECK_HAS(read_log(), "another roamd is listening");
	CHECK_INT(roam("user show"), 0);
	CHECK_INT(stop(pid, SIGINT), 0);
	CHECK(wait_for(sock, false));
}

void suite_roamd(const char *roamd, const char *roam_path)
{
	roamd_bin = roamd;
	roam_bin = roam_path;
	snprintf(dir, sizeof(dir), "/tmp/roam-test.XXXXXX");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "roamd tests: mkdtemp: %s\n", strerror(errno));
		return;
	}
	snprintf(conf, sizeof(conf), "%s/roamd.conf", dir);
	snprintf(sock, sizeof(sock), "%s/run/roamd.sock", dir);
	snprintf(logf, sizeof(logf), "%s/roamd.log", dir);
	if (write_file(conf, config, 0600))
		return;

	RUN(daemon_and_cli);
	RUN(bad_config);
	RUN(sigint_and_second_instance);

	unlink(conf);
	unlink(logf);
	snprintf(conf, sizeof(conf), "%s/run", dir);
	rmdir(conf);
	rmdir(dir);
}
