// SPDX-License-Identifier: GPL-2.0
/*
 * roam-loadgen: N remote-access clients in one process, against a roamd.
 *
 *   roam-loadgen -s SERVER[:PORT] -n N [-m l2tp|l2tp-ipsec] [-k PSK]
 *                [-g modp2048|ecp256] [-r RATE] [-u FMT] [-p FMT] [-f FIRST] [-t SECONDS]
 *                [-H SECONDS | -W] [-o FILE] [-v]
 *
 * Each client has a UDP socket of its own (a source port of its own, as
 * many laptops behind one hotel NAT have), dials one L2TP tunnel and one
 * call, authenticates with MS-CHAPv2 as user FMT % index (password FMT %
 * index), gets an address from IPCP and pings the gateway's PPP address
 * once through the session.  Clients start RATE per second; once all have
 * come up or failed the run holds (-H SECONDS, or -W: until SIGUSR1),
 * then every client sends a StopCCN and waits for its acknowledgement.
 * SIGINT or SIGTERM moves to the teardown at once.
 *
 * In l2tp-ipsec mode each client first negotiates IKEv1 Main and Quick
 * Mode with the server (ike_initiator.c; pre-shared key PSK, NAT-T with
 * ESP in UDP always), from two sockets of its own (a 500 side and a 4500
 * side with UDP_ENCAP_ESPINUDP, so behind a NAT each has public ports of
 * its own), installs its ESP pair and transport policies in this
 * namespace's kernel (esp.c) and only then dials L2TP, whose datagrams
 * the kernel now carries in ESP.  After the StopCCN it sends the ISAKMP
 * DELETEs (ESP, then IKE) and removes its SAs and policies.  Setup
 * latency is then from MM1 to IPCP open.
 *
 * The event loop is here (epoll, one timer heap); the clients are state
 * machines without I/O (client.h).  Exit status 0 when every client came
 * up, was answered and closed cleanly; 1 otherwise; 2 on a usage error.
 */
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <netinet/udp.h>

#include "client.h"
#include "esp.h"
#include "ike_initiator.h"
#include "report.h"
#include "timerq.h"

#define MAX_CLIENTS	100000
#define MAX_EVENTS	64

/* l2tp-ipsec mode: a client's IKE side and its kernel objects. */
struct ipsec_side {
	struct ikei ike;
	int fd500, fd4500;		/* our 500 and 4500 sides */
	struct lg_esp_ends ends;
	bool installed;			/* ESP pair and policies in the kernel */
	bool ended;			/* DELETEs sent, objects removed */
};

struct slot {
	struct lg_client c;
	struct timerq_entry t;
	int fd;
	bool settled, finished;		/* counted in n_settled, n_finished */
	struct ipsec_side *ip;		/* NULL in l2tp mode */
};

/* What an epoll event's data says: the client (index) and which socket. */
enum fd_kind { FD_L2TP = 1, FD_IKE500, FD_IKE4500 };
#define EV_DATA(i, kind)	(((uint64_t)(i) + 1) << 2 | (kind))

enum stage { ST_SETUP, ST_HOLD, ST_TEARDOWN };

static struct {
	const char *mode;
	struct sockaddr_in server;
	unsigned int n, first;
	double rate;
	const char *user_fmt, *pass_fmt;
	unsigned int timeout_s;
	int hold_s;			/* -1: until SIGUSR1 (-W) */
	const char *json;
	bool verbose;
	bool ipsec;			/* -m l2tp-ipsec */
	const char *psk;
	enum ike_group group;		/* -g; 0: the initiator's default */
} opt = {
	.mode = "l2tp",
	.n = 1,
	.first = 1,
	.rate = 50,
	.user_fmt = "lg%u",
	.pass_fmt = "pw%u",
	.timeout_s = 20,
};

static struct slot *slots;
static struct timerq timers;
static int epfd;
static unsigned int n_settled, n_finished, send_errors;
static struct xfrm_conn xconn = { .fd = -1 };
static unsigned int esp_remove_errors;

void lg_random(void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t r;

	while (len) {
		r = getrandom(p, len, 0);
		if (r <= 0)
			continue;
		p += r;
		len -= (size_t)r;
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: roam-loadgen -s SERVER[:PORT] -n N [-m MODE] [-k PSK]\n"
		"                    [-g GROUP] [-r RATE] [-u FMT] [-p FMT]\n"
		"                    [-f FIRST] [-t SECONDS] [-H SECONDS | -W]\n"
		"                    [-o FILE] [-v]\n"
		"Where: SERVER  the LNS address (port 1701 by default)\n"
		"       MODE    l2tp (default), or l2tp-ipsec: IKEv1 Main and\n"
		"               Quick Mode first (AES/SHA2-256/GROUP, NAT-T),\n"
		"               ESP SAs in this namespace's kernel\n"
		"       PSK     the IKE pre-shared key (l2tp-ipsec)\n"
		"       GROUP   its phase 1 Diffie-Hellman group: modp2048\n"
		"               (default) or ecp256\n"
		"       N       clients, each with its own tunnel, call and port\n"
		"       RATE    clients started per second (default 50)\n"
		"       FMT     user / password, printf with the client's number\n"
		"               (default lg%%u / pw%%u), numbered from FIRST (1)\n"
		"       -t      each setup phase's timeout (default 20 s)\n"
		"       -H      hold the sessions that long once all are settled\n"
		"       -W      hold them until SIGUSR1\n"
		"       -o      the figures as JSON into FILE\n");
	exit(2);
}

static int parse_server(const char *arg)
{
	char host[256], *colon;
	unsigned long port = 1701;

	snprintf(host, sizeof(host), "%s", arg);
	colon = strchr(host, ':');
	if (colon) {
		*colon = 0;
		port = strtoul(colon + 1, NULL, 10);
		if (!port || port > 65535)
			return -1;
	}
	memset(&opt.server, 0, sizeof(opt.server));
	opt.server.sin_family = AF_INET;
	opt.server.sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &opt.server.sin_addr) == 1 ? 0 : -1;
}

static void xmit(void *arg, const uint8_t *buf, size_t len)
{
	struct slot *s = arg;

	if (s->fd < 0)
		return;
	/* a full buffer or a refusal is a lost datagram: retransmitted */
	if (send(s->fd, buf, len, 0) < 0 && errno != EAGAIN &&
	    errno != ECONNREFUSED)
		send_errors++;
}

static void close_fd(struct slot *s)
{
	if (s->fd < 0)
		return;
	epoll_ctl(epfd, EPOLL_CTL_DEL, s->fd, NULL);
	close(s->fd);
	s->fd = -1;
}

static uint64_t slot_deadline(const struct slot *s)
{
	uint64_t a = lg_client_deadline(&s->c), b;

	if (!s->ip || s->ip->ended)
		return a;
	b = ikei_deadline(&s->ip->ike);
	return !a ? b : !b ? a : a < b ? a : b;
}

static void ike_xmit(void *arg, bool natt, const uint8_t *buf, size_t len)
{
	struct slot *s = arg;
	int fd = natt ? s->ip->fd4500 : s->ip->fd500;

	if (fd < 0)
		return;
	if (send(fd, buf, len, 0) < 0 && errno != EAGAIN &&
	    errno != ECONNREFUSED)
		send_errors++;
}

static void close_ike_fd(int *fd)
{
	if (*fd < 0)
		return;
	epoll_ctl(epfd, EPOLL_CTL_DEL, *fd, NULL);
	close(*fd);
	*fd = -1;
}

/*
 * The client is finished (closed or failed): the DELETEs (ESP, then
 * IKE) while our sockets are open, then our SAs and policies go.
 */
static void ipsec_end(struct slot *s)
{
	struct ipsec_side *ip = s->ip;
	int err;

	if (!ip || ip->ended)
		return;
	ip->ended = true;
	ikei_stop(&ip->ike, now_ms());
	if (ip->installed) {
		err = lg_esp_remove(&xconn, &ip->ends, &ip->ike.esp);
		if (err) {
			esp_remove_errors++;
			if (opt.verbose)
				fprintf(stderr, "client %u: ESP removal: %s\n",
					s->c.index, strerror(-err));
		}
		ip->installed = false;
	}
	close_ike_fd(&ip->fd500);
	close_ike_fd(&ip->fd4500);
	ikei_release(&ip->ike);
}

static enum lg_cause ike_cause(enum ikei_cause c)
{
	switch (c) {
	case IKEI_TIMEOUT_MM:
	case IKEI_TIMEOUT_QM:
		return LG_TIMEOUT_IKE;
	case IKEI_REFUSED:
		return LG_IKE_REFUSED;
	case IKEI_SERVER_DELETE:
		return LG_IKE_DELETED;
	default:
		return LG_INTERNAL;
	}
}

/* After an IKE event: the ESP pair in, then L2TP; or the failure. */
static void ipsec_step(struct slot *s, uint64_t now)
{
	struct ipsec_side *ip = s->ip;
	int err;

	if (lg_client_finished(&s->c))
		return;
	if (ip->ike.state == IKEI_FAILED) {
		lg_fail(&s->c, now, ike_cause(ip->ike.cause), ip->ike.detail);
		return;
	}
	if (ip->ike.state != IKEI_UP || ip->installed)
		return;
	err = lg_esp_install(&xconn, &ip->ends, &ip->ike.esp);
	if (err) {
		lg_fail(&s->c, now, LG_ESP_INSTALL, strerror(-err));
		return;
	}
	ip->installed = true;
	lg_client_start(&s->c, now);
	s->c.t_start = ip->ike.t_start;	/* setup latency from MM1 */
}

/* After any event of a client: its timer, its socket, the tallies. */
static void settle(struct slot *s)
{
	struct lg_client *c = &s->c;

	if (lg_client_settled(c) && !s->settled) {
		s->settled = true;
		n_settled++;
	}
	if (lg_client_finished(c)) {
		if (!s->finished) {
			n_finished++;
			s->finished = true;
			if (c->phase == LG_PH_FAILED && opt.verbose)
				fprintf(stderr, "client %u (%s): %s: %s\n",
					c->index, c->cfg.user,
					lg_cause_name(c->cause), c->detail);
		}
		close_fd(s);
		ipsec_end(s);
	}
	timerq_set(&timers, &s->t, slot_deadline(s));
}

/* A UDP socket connected to the server's port, in the epoll set. */
static int open_udp(unsigned int i, enum fd_kind kind, uint16_t port)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct sockaddr_in to = opt.server;
	int fd, encap = UDP_ENCAP_ESPINUDP;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	to.sin_port = htons(port);
	/* the 4500 side: the kernel takes ESP, we get what has the marker */
	if ((kind == FD_IKE4500 && setsockopt(fd, IPPROTO_UDP, UDP_ENCAP,
					      &encap, sizeof(encap))) ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to))) {
		close(fd);
		return -1;
	}
	ev.data.u64 = EV_DATA(i, kind);
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int local_of(int fd, struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);

	return getsockname(fd, (struct sockaddr *)a, &len);
}

/* The IKE side of client s, whose L2TP socket is open. */
static int start_ipsec(struct slot *s, uint64_t now)
{
	unsigned int i = (unsigned int)(s - slots);
	struct ipsec_side *ip = s->ip;
	struct sockaddr_in l2tp, a500, a4500;
	struct ikei_cfg cfg = {
		.psk = (const uint8_t *)opt.psk,
		.psk_len = strlen(opt.psk),
		.force_encap = true,
		.group = opt.group,
		.rtx_ms = 1000,
		.max_tries = 5,
	};

	ip->fd500 = open_udp(i, FD_IKE500, 500);
	ip->fd4500 = open_udp(i, FD_IKE4500, 4500);
	if (ip->fd500 < 0 || ip->fd4500 < 0 || local_of(s->fd, &l2tp) ||
	    local_of(ip->fd500, &a500) || local_of(ip->fd4500, &a4500))
		return -1;
	cfg.own = (struct ike_addr){ .family = AF_INET,
				     .port = ntohs(a500.sin_port) };
	memcpy(cfg.own.ip, &a500.sin_addr, 4);
	cfg.srv = (struct ike_addr){ .family = AF_INET, .port = 500 };
	memcpy(cfg.srv.ip, &opt.server.sin_addr, 4);
	cfg.l2tp_port = ntohs(l2tp.sin_port);
	ip->ends = (struct lg_esp_ends){
		.own = a500.sin_addr, .srv = opt.server.sin_addr,
		.l2tp_port = ntohs(l2tp.sin_port),
		.natt_port = ntohs(a4500.sin_port),
		.reqid = i + 1,
	};
	ikei_init(&ip->ike, &cfg, ike_xmit, s);
	lg_enter(&s->c, now, LG_PH_IKE);
	ikei_start(&ip->ike, now);
	ipsec_step(s, now);
	return 0;
}

static int start_client(struct slot *s, uint64_t now)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* an ephemeral port of its own; connected, so only the LNS answers */
	if (connect(fd, (struct sockaddr *)&opt.server, sizeof(opt.server))) {
		close(fd);
		return -1;
	}
	ev.data.u64 = EV_DATA(s - slots, FD_L2TP);
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		return -1;
	}
	s->fd = fd;
	if (s->ip) {
		if (start_ipsec(s, now))
			return -1;
	} else {
		lg_client_start(&s->c, now);
	}
	settle(s);
	return 0;
}

/* A datagram on the 500 or the 4500 side of client s. */
static void ike_readable(struct slot *s, bool natt)
{
	uint8_t buf[4096];
	ssize_t r;

	while (s->ip && !s->ip->ended) {
		r = recv(natt ? s->ip->fd4500 : s->ip->fd500, buf,
			 sizeof(buf), 0);
		if (r < 0) {
			if (errno == EINTR || errno == ECONNREFUSED)
				continue;
			break;
		}
		ikei_input(&s->ip->ike, now_ms(), natt, buf, (size_t)r);
		ipsec_step(s, now_ms());
		settle(s);
	}
}

static void client_readable(struct slot *s)
{
	uint8_t buf[4096];
	ssize_t r;

	while (s->fd >= 0) {
		r = recv(s->fd, buf, sizeof(buf), 0);
		if (r < 0) {
			/*
			 * ECONNREFUSED: nothing listened; retransmission
			 * and the phase timeout will tell.
			 */
			if (errno == EINTR || errno == ECONNREFUSED)
				continue;
			break;
		}
		lg_client_input(&s->c, now_ms(), buf, (size_t)r);
		settle(s);
	}
}

static void run_timers(uint64_t now)
{
	struct timerq_entry *e;
	struct slot *s;

	while ((e = timerq_first(&timers)) && e->deadline <= now) {
		s = (struct slot *)((char *)e - offsetof(struct slot, t));
		lg_client_timer(&s->c, now);
		if (s->ip && !s->ip->ended) {
			ikei_timer(&s->ip->ike, now);
			ipsec_step(s, now);
		}
		settle(s);
		/* a timer that did nothing must not spin: next millisecond */
		if (e->deadline && e->deadline <= now)
			timerq_set(&timers, e, now + 1);
	}
}

static int setup_signals(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0 };
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev))
		return -1;
	return fd;
}

static void parse_args(int argc, char **argv)
{
	bool have_server = false;
	int ch;

	while ((ch = getopt(argc, argv, "m:s:n:r:u:p:f:t:H:Wo:k:g:vh")) != -1) {
		switch (ch) {
		case 'k':
			opt.psk = optarg;
			break;
		case 'g':
			if (!strcmp(optarg, "modp2048"))
				opt.group = IKE_GROUP_MODP2048;
			else if (!strcmp(optarg, "ecp256"))
				opt.group = IKE_GROUP_ECP256;
			else
				usage();
			break;
		case 'm':
			opt.mode = optarg;
			break;
		case 's':
			if (parse_server(optarg))
				usage();
			have_server = true;
			break;
		case 'n':
			opt.n = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'r':
			opt.rate = strtod(optarg, NULL);
			break;
		case 'u':
			opt.user_fmt = optarg;
			break;
		case 'p':
			opt.pass_fmt = optarg;
			break;
		case 'f':
			opt.first = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 't':
			opt.timeout_s = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'H':
			opt.hold_s = atoi(optarg);
			break;
		case 'W':
			opt.hold_s = -1;
			break;
		case 'o':
			opt.json = optarg;
			break;
		case 'v':
			opt.verbose = true;
			break;
		default:
			usage();
		}
	}
	if (!have_server || !opt.n || opt.n > MAX_CLIENTS || opt.rate <= 0 ||
	    !opt.timeout_s || optind != argc)
		usage();
	opt.ipsec = !strcmp(opt.mode, "l2tp-ipsec");
	if (strcmp(opt.mode, "l2tp") && !opt.ipsec) {
		fprintf(stderr, "roam-loadgen: mode %s is not available (l2tp and l2tp-ipsec are)\n",
			opt.mode);
		exit(2);
	}
	if (opt.ipsec && (!opt.psk || !*opt.psk)) {
		fprintf(stderr, "roam-loadgen: l2tp-ipsec needs -k PSK\n");
		exit(2);
	}
}

/*
 * A socket per client (three with IPsec: IKE on 500 and 4500 besides
 * L2TP), the epoll and signal descriptors, and stdio. The hard limit is
 * raised too where we may (root in the VM, whose default is 4,096): a
 * client without a socket is a failure of the generator, not of the
 * gateway, and the run says so before it starts.
 */
static void raise_fd_limit(void)
{
	rlim_t need = (rlim_t)opt.n * (opt.ipsec ? 3 : 1) + 64;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = need;
	if (rl.rlim_max < need)
		rl.rlim_max = need;
	if (!setrlimit(RLIMIT_NOFILE, &rl))
		return;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	fprintf(stderr,
		"roam-loadgen: %llu descriptors allowed, %llu needed: the clients past that fail (send_error)\n",
		(unsigned long long)rl.rlim_cur, (unsigned long long)need);
}

static void init_clients(void)
{
	struct lg_client_cfg cfg = { 0 };
	unsigned int i, k;

	slots = calloc(opt.n, sizeof(*slots));
	if (!slots) {
		perror("roam-loadgen");
		exit(1);
	}
	cfg.phase_timeout_ms = opt.timeout_s * 1000;
	cfg.close_timeout_ms = opt.timeout_s * 1000;
	/* below the shortest UDP timeout of a NAT (Linux: 30 s) */
	cfg.hello_ms = 15000;
	for (i = 0; i < opt.n; i++) {
		k = opt.first + i;
		snprintf(cfg.user, sizeof(cfg.user), opt.user_fmt, k);
		snprintf(cfg.password, sizeof(cfg.password), opt.pass_fmt, k);
		cfg.echo_id = (uint16_t)k;
		lg_client_init(&slots[i].c, k, &cfg, xmit, &slots[i]);
		slots[i].fd = -1;
		if (!opt.ipsec)
			continue;
		slots[i].ip = calloc(1, sizeof(*slots[i].ip));
		if (!slots[i].ip) {
			perror("roam-loadgen");
			exit(1);
		}
		slots[i].ip->fd500 = slots[i].ip->fd4500 = -1;
	}
}

static int report(void)
{
	const struct lg_client **cs;
	struct lg_report r = { 0 };
	unsigned int i;
	FILE *f;

	cs = calloc(opt.n, sizeof(*cs));
	if (!cs)
		return 1;
	for (i = 0; i < opt.n; i++)
		cs[i] = &slots[i].c;
	r.mode = opt.mode;
	r.clients = opt.n;
	r.rate = opt.rate;
	if (lg_report_compute(&r, cs, opt.n)) {
		free(cs);
		return 1;
	}
	free(cs);
	lg_report_print(&r, stdout);
	if (send_errors)
		printf("send errors %u\n", send_errors);
	if (esp_remove_errors)
		printf("ESP removal errors %u\n", esp_remove_errors);
	if (opt.json) {
		f = fopen(opt.json, "w");
		if (!f) {
			perror(opt.json);
			return 1;
		}
		lg_report_json(&r, f);
		fclose(f);
	}
	return r.up == opt.n && r.answered == opt.n && r.closed == opt.n &&
	       !esp_remove_errors ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct epoll_event evs[MAX_EVENTS];
	struct signalfd_siginfo si;
	enum stage stage = ST_SETUP;
	uint64_t t0, now, next, hold_until = 0;
	unsigned int started = 0, i;
	bool stop = false, go_on = false;
	int sigfd, nev, k, rc;
	double gap_ms;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	raise_fd_limit();
	epfd = epoll_create1(EPOLL_CLOEXEC);
	sigfd = epfd < 0 ? -1 : setup_signals();
	if (sigfd < 0) {
		perror("roam-loadgen");
		return 1;
	}
	timerq_init(&timers);
	if (opt.ipsec && xfrm_open(&xconn)) {
		perror("roam-loadgen: XFRM netlink");
		return 1;
	}
	init_clients();
	gap_ms = 1000.0 / opt.rate;
	t0 = now_ms();
	printf("roam-loadgen: %u clients (%s) against %s:%u, %.1f/s\n", opt.n,
	       opt.mode, inet_ntoa(opt.server.sin_addr),
	       ntohs(opt.server.sin_port), opt.rate);

	for (;;) {
		now = now_ms();
		while (stage == ST_SETUP && !stop && started < opt.n &&
		       now >= t0 + (uint64_t)(started * gap_ms)) {
			struct slot *s = &slots[started++];

			if (start_client(s, now)) {
				lg_fail(&s->c, now, LG_SEND_ERROR,
					strerror(errno));
				settle(s);
			}
		}
		run_timers(now);
		if (stage == ST_SETUP && (stop || (started == opt.n &&
						   n_settled == opt.n))) {
			printf("roam-loadgen: held %u sessions, %u failed\n",
			       n_settled - n_finished, n_finished);
			stage = ST_HOLD;
			hold_until = opt.hold_s > 0 ?
				     now + (uint64_t)opt.hold_s * 1000 : 0;
			go_on = opt.hold_s == 0;
		}
		if (stage == ST_HOLD &&
		    (stop || go_on || (hold_until && now >= hold_until))) {
			stage = ST_TEARDOWN;
			for (i = 0; i < opt.n; i++) {
				lg_client_stop(&slots[i].c, now);
				settle(&slots[i]);
			}
		}
		if (stage == ST_TEARDOWN && n_finished == opt.n)
			break;

		next = UINT64_MAX;
		if (stage == ST_SETUP && started < opt.n)
			next = t0 + (uint64_t)(started * gap_ms);
		if (timerq_first(&timers) &&
		    timerq_first(&timers)->deadline < next)
			next = timerq_first(&timers)->deadline;
		if (hold_until && stage == ST_HOLD && hold_until < next)
			next = hold_until;
		now = now_ms();
		k = next == UINT64_MAX ? -1 :
		    next <= now ? 0 : (int)(next - now > 60000 ? 60000 :
						       next - now);
		nev = epoll_wait(epfd, evs, MAX_EVENTS, k);
		for (k = 0; k < nev; k++) {
			if (evs[k].data.u64) {
				struct slot *s = &slots[(evs[k].data.u64 >> 2) - 1];
				unsigned int kind = evs[k].data.u64 & 3;

				if (kind == FD_L2TP)
					client_readable(s);
				else
					ike_readable(s, kind == FD_IKE4500);
				continue;
			}
			while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGUSR1)
					go_on = true;
				else
					stop = true;
			}
		}
	}
	rc = report();
	for (i = 0; i < opt.n; i++) {
		close_fd(&slots[i]);
		ipsec_end(&slots[i]);
		free(slots[i].ip);
		lg_client_release(&slots[i].c);
	}
	xfrm_close(&xconn);
	timerq_free(&timers);
	free(slots);
	close(sigfd);
	close(epfd);
	return rc;
}
