// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket: a unix stream socket, one request and one reply
 * per connection (see lib/ctl_proto.h).  Only root and roamd's own user
 * may talk to it: the socket is 0600 in a 0700 directory, and each peer's
 * credentials are checked as well, in case the directory is not ours.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "roamd.h"

#define CTL_MAX_CLIENTS		32
/*
 * A client that has not sent its request by then is dropped; so is one
 * that reads none of its reply for that long (a long reply, such as
 * "session show" of 100k sessions, may take longer than this in all: the
 * time runs again at each piece the client takes).
 */
#define CTL_TIMEOUT_SEC		10

/*
 * A "monitor" client stays connected: each session event is one more
 * reply frame (status 0, one line of text or JSON), queued here; a
 * reader that lets this much pile up is dropped rather than let roamd's
 * memory grow.
 */
#define CTL_MONITOR_BACKLOG	(256u << 10)

/*
 * A restart takes the earlier roamd's sessions over before the loop
 * reads any request, so no monitor can have subscribed yet: each one
 * that subscribes this long after a take-over hears it then (a monitor
 * restarted along with roamd), once per session still up.
 */
#define CTL_TAKEOVER_REPLAY_SEC	60

struct ctl_client {
	struct ctl_client *next;
	struct roamd_ctl *ctl;
	struct roamd_watch w;
	bool dead;
	bool monitor;			/* subscribed to session events */
	unsigned int flags;		/* its request's ROAM_CTL_F_* */
	time_t deadline;		/* CLOCK_MONOTONIC seconds */
	size_t inlen;
	uint8_t in[ROAM_CTL_REQUEST_MAX];
	uint8_t *out;			/* reply: header and text */
	size_t outlen, outoff;
};

struct roamd_ctl {
	struct roamd *d;
	struct roamd_watch w;		/* the listening socket */
	struct roamd_watch timer;	/* timerfd: drops idle clients */
	struct ctl_client *clients;
	int nclients;
	bool full_warned;		/* once per time the limit is hit */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	dev_t dev;			/* the socket file we made */
	ino_t ino;
	/* serials of the sessions taken over, told again until then */
	uint64_t *taken_over;
	size_t n_taken_over;
	time_t taken_over_until;	/* CLOCK_MONOTONIC seconds */
};

static time_t now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void timer_arm(struct roamd_ctl *ctl, bool on)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };

	if (on) {
		its.it_value.tv_sec = 1;
		its.it_interval.tv_sec = 1;
	}
	timerfd_settime(ctl->timer.fd, 0, &its, NULL);
}

/* Unhook now; the memory goes in reap(), after the current batch. */
static void client_close(struct ctl_client *c)
{
	if (c->dead)
		return;
	loop_del(&c->ctl->d->loop, &c->w);
	close(c->w.fd);
	c->dead = true;
}

static void reap(void *arg)
{
	struct roamd_ctl *ctl = arg;
	struct ctl_client **pp = &ctl->clients;
	bool reaped = false;

	while (*pp) {
		struct ctl_client *c = *pp;

		if (!c->dead) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		ctl->nclients--;
		/* the request may have held a password */
		explicit_bzero(c->in, sizeof(c->in));
		if (c->out)
			explicit_bzero(c->out, c->outlen);
		free(c->out);
		free(c);
		reaped = true;
	}
	if (reaped && !ctl->nclients)
		timer_arm(ctl, false);
}

static void on_timer(struct roamd_watch *w, uint32_t events)
{
	struct roamd_ctl *ctl = container_of(w, struct roamd_ctl, timer);
	uint64_t ticks;
	struct ctl_client *c;
	time_t now = now_sec();

	(void)events;
	if (read(w->fd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		log_debug("control timer: %m");
	for (c = ctl->clients; c; c = c->next) {
		if (!c->dead && !c->monitor && now >= c->deadline) {
			log_debug("control client timed out");
			client_close(c);
		}
	}
}

static void client_flush(struct ctl_client *c)
{
	while (c->outoff < c->outlen) {
		ssize_t n = send(c->w.fd, c->out + c->outoff,
				 c->outlen - c->outoff, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			loop_mod(&c->ctl->d->loop, &c->w,
				 c->monitor ? EPOLLIN | EPOLLOUT : EPOLLOUT);
			return;
		}
		if (n <= 0) {
			log_debug("control client went away: %m");
			client_close(c);
			return;
		}
		c->outoff += n;
		c->deadline = now_sec() + CTL_TIMEOUT_SEC;
	}
	if (c->monitor) {
		/* all sent: wait for the next event, or for its hang-up */
		c->outlen = c->outoff = 0;
		loop_mod(&c->ctl->d->loop, &c->w, EPOLLIN);
		return;
	}
	client_close(c);
}

/* Queue one more frame for a monitor client and send what it can take. */
static void monitor_send(struct ctl_client *c, const char *text, size_t len)
{
	size_t pending = c->outlen - c->outoff;
	uint8_t *out;

	if (c->dead)
		return;
	if (pending + ROAM_CTL_HDR_LEN + len > CTL_MONITOR_BACKLOG) {
		log_warn("roam monitor: a reader fell %zu bytes behind, dropped",
			 pending);
		client_close(c);
		return;
	}
	if (c->outoff && pending)
		memmove(c->out, c->out + c->outoff, pending);
	c->outoff = 0;
	c->outlen = pending;
	out = realloc(c->out, pending + ROAM_CTL_HDR_LEN + len);
	if (!out) {
		client_close(c);
		return;
	}
	c->out = out;
	roam_ctl_encode_reply_hdr(out + pending, ROAM_CTL_S_OK, len);
	memcpy(out + pending + ROAM_CTL_HDR_LEN, text, len);
	c->outlen = pending + ROAM_CTL_HDR_LEN + len;
	client_flush(c);
}

/* The recent take-over, told to a monitor that subscribes now. */
static void replay_taken_over(struct ctl_client *c)
{
	struct roamd_ctl *ctl = c->ctl;
	struct roamd_session *s;
	struct session_event e;
	size_t i, len;
	char *text;

	if (!ctl->n_taken_over || now_sec() >= ctl->taken_over_until)
		return;
	for (i = 0; i < ctl->n_taken_over && !c->dead; i++) {
		s = session_by_serial(&ctl->d->sessions, ctl->taken_over[i]);
		if (!s || s->state != SESSION_UP)
			continue;
		session_event_of(s, SESSION_EV_TAKEN_OVER, &e);
		if (ctl_event_format(&e, c->flags & ROAM_CTL_F_JSON, &text,
				     &len))
			continue;
		monitor_send(c, text, len);
		free(text);
	}
}

/* "monitor": from now on the connection carries session events. */
static void client_subscribe(struct ctl_client *c, unsigned int flags)
{
	c->monitor = true;
	c->flags = flags;
	log_info("control: a monitor subscribed to session events");
	/* an empty frame first: the reader knows roamd took it */
	monitor_send(c, "", 0);
	replay_taken_over(c);
}

/* A session taken over: kept for the monitors that subscribe soon. */
static void note_taken_over(struct roamd_ctl *ctl, uint64_t serial)
{
	uint64_t *v;

	if (now_sec() >= ctl->taken_over_until)
		ctl->n_taken_over = 0;	/* an earlier take-over's */
	v = realloc(ctl->taken_over,
		    (ctl->n_taken_over + 1) * sizeof(*ctl->taken_over));
	if (!v)
		return;
	ctl->taken_over = v;
	v[ctl->n_taken_over++] = serial;
	ctl->taken_over_until = now_sec() + CTL_TAKEOVER_REPLAY_SEC;
}

void roamd_ctl_session_event(void *ctx, const struct session_event *e)
{
	struct roamd *d = ctx;
	char *text[2] = { NULL, NULL };
	size_t len[2] = { 0, 0 };
	struct ctl_client *c;
	int j;

	if (!d->ctl)
		return;
	if (e->type == SESSION_EV_TAKEN_OVER && e->serial)
		note_taken_over(d->ctl, e->serial);
	for (c = d->ctl->clients; c; c = c->next) {
		if (c->dead || !c->monitor)
			continue;
		j = !!(c->flags & ROAM_CTL_F_JSON);
		if (!text[j] && ctl_event_format(e, j, &text[j], &len[j]))
			continue;
		monitor_send(c, text[j], len[j]);
	}
	free(text[0]);
	free(text[1]);
}

static void client_reply(struct ctl_client *c, enum roam_ctl_status st,
			 const char *text, size_t len)
{
	c->out = malloc(ROAM_CTL_HDR_LEN + len);
	if (!c->out || len > ROAM_CTL_REPLY_MAX - ROAM_CTL_HDR_LEN) {
		log_err("control reply of %zu bytes not sent", len);
		client_close(c);
		return;
	}
	roam_ctl_encode_reply_hdr(c->out, st, len);
	memcpy(c->out + ROAM_CTL_HDR_LEN, text, len);
	c->outlen = ROAM_CTL_HDR_LEN + len;
	c->outoff = 0;
	client_flush(c);
}

static void client_request(struct ctl_client *c, unsigned int flags,
			   struct roam_tokens *t)
{
	static const char zero_hdr[ROAM_CTL_HDR_LEN];
	struct roamd *d = c->ctl->d;
	char err[ROAM_ERR_MAX] = "";
	enum roam_ctl_status st;
	struct roam_cmd cmd;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	d->requests++;
	if (roam_cmd_parse(t, &cmd, err, sizeof(err))) {
		d->refused++;
		client_reply(c, ROAM_CTL_S_USAGE, err, strlen(err));
		return;
	}
	/* only the command's name: its arguments may hold a password */
	log_debug("control request: %s %s", roam_obj_name(cmd.obj),
		  roam_verb_name(cmd.verb));
	if (cmd.obj == ROAM_OBJ_MONITOR) {
		client_subscribe(c, flags);
		return;
	}

	out = open_memstream(&text, &len);
	if (!out) {
		client_reply(c, ROAM_CTL_S_FAILED, "out of memory", 13);
		return;
	}
	/*
	 * Room for the reply's header first, so that the text is sent from
	 * where it was printed: "session show" of 100k sessions is tens of
	 * megabytes, not to be copied once more.
	 */
	fwrite(zero_hdr, 1, sizeof(zero_hdr), out);
	st = roamd_exec(d, &cmd, flags, out, err, sizeof(err));
	if (fclose(out) && st == ROAM_CTL_S_OK) {
		st = ROAM_CTL_S_FAILED;
		snprintf(err, sizeof(err), "out of memory");
	}
	if (st != ROAM_CTL_S_OK) {
		d->refused++;
		log_debug("control request refused: %s", err);
		client_reply(c, st, err, strlen(err));
		free(text);
	} else if (len < ROAM_CTL_HDR_LEN || len > ROAM_CTL_REPLY_MAX) {
		log_err("control reply of %zu bytes not sent", len);
		free(text);
		client_close(c);
	} else {
		roam_ctl_encode_reply_hdr((uint8_t *)text, st,
					  len - ROAM_CTL_HDR_LEN);
		c->out = (uint8_t *)text;
		c->outlen = len;
		c->outoff = 0;
		client_flush(c);
	}
}

static void on_client(struct roamd_watch *w, uint32_t events)
{
	struct ctl_client *c = container_of(w, struct ctl_client, w);
	char err[ROAM_ERR_MAX];
	struct roam_tokens t;
	unsigned int flags;
	size_t flen;
	ssize_t n;
	int ret;

	if (c->dead)
		return;
	if (c->monitor) {
		char junk[64];

		if (events & EPOLLOUT)
			client_flush(c);
		if (c->dead || !(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
			return;
		/* it sends nothing more: anything read is its hang-up */
		n = recv(w->fd, junk, sizeof(junk), 0);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			client_close(c);
		return;
	}
	if (c->out) {
		if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			client_flush(c);
		return;
	}

	n = recv(w->fd, c->in + c->inlen, sizeof(c->in) - c->inlen, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_close(c);
		return;
	}
	c->inlen += n;

	ret = roam_ctl_decode_request(c->in, c->inlen, &flags, &t, &flen,
				      err, sizeof(err));
	if (ret == ROAM_CTL_INCOMPLETE) {
		/* the buffer holds the largest valid request */
		return;
	}
	explicit_bzero(c->in, c->inlen);
	/* stop reading: one request per connection */
	loop_mod(&c->ctl->d->loop, w, 0);
	if (ret == ROAM_CTL_INVALID) {
		log_warn("malformed control request: %s", err);
		client_reply(c, ROAM_CTL_S_USAGE, err, strlen(err));
	} else {
		client_request(c, flags, &t);
	}
	roam_tokens_wipe(&t);
}

static bool peer_allowed(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return false;
	if (cred.uid == 0 || cred.uid == geteuid())
		return true;
	log_warn("control connection from uid %u (pid %d) refused",
		 cred.uid, cred.pid);
	return false;
}

/* Say why before hanging up: the CLI shows it instead of "broken pipe". */
static void refuse_peer(int fd)
{
	static const char msg[] =
		"permission denied: only root and roamd's own user may use the control socket";
	uint8_t frame[ROAM_CTL_HDR_LEN + sizeof(msg) - 1];

	roam_ctl_encode_reply_hdr(frame, ROAM_CTL_S_FAILED, sizeof(msg) - 1);
	memcpy(frame + ROAM_CTL_HDR_LEN, msg, sizeof(msg) - 1);
	if (send(fd, frame, sizeof(frame), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		log_debug("control socket: refusal not sent: %m");
	close(fd);
}

static void on_listen(struct roamd_watch *w, uint32_t events)
{
	struct roamd_ctl *ctl = container_of(w, struct roamd_ctl, w);
	struct ctl_client *c;
	int fd;

	(void)events;
	for (;;) {
		fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("control socket accept: %m");
			return;
		}
		if (!peer_allowed(fd)) {
			refuse_peer(fd);
			continue;
		}
		if (ctl->nclients >= CTL_MAX_CLIENTS) {
			if (!ctl->full_warned)
				log_warn("control socket: %d clients already, dropping new ones",
					 CTL_MAX_CLIENTS);
			ctl->full_warned = true;
			close(fd);
			continue;
		}
		ctl->full_warned = false;
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->ctl = ctl;
		c->w.fd = fd;
		c->w.cb = on_client;
		c->deadline = now_sec() + CTL_TIMEOUT_SEC;
		if (loop_add(&ctl->d->loop, &c->w, EPOLLIN)) {
			close(fd);
			free(c);
			continue;
		}
		c->next = ctl->clients;
		ctl->clients = c;
		if (!ctl->nclients++)
			timer_arm(ctl, true);
	}
}

/*
 * The socket's directory: created 0700 when missing.  An existing one
 * (say -S /tmp/x.sock) is left as it is: the socket's own mode and the
 * credential check still protect it.
 */
static int make_dir(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (!mkdir(dir, 0700) || errno == EEXIST)
		return 0;
	log_err("cannot create %s: %m", dir);
	return -1;
}

/* Refuse to steal the socket of a roamd that is still running. */
static int check_stale(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, ret;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	ret = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
	if (!ret) {
		log_err("another roamd is listening on %s", path);
		return -1;
	}
	if (errno == ECONNREFUSED)
		unlink(path);
	return 0;
}

int roamd_ctl_open(struct roamd *d)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct roamd_ctl *ctl;
	struct stat st;
	mode_t old_umask;
	int fd;

	if (strlen(d->socket_path) >= sizeof(sun.sun_path)) {
		log_err("control socket path too long: %s", d->socket_path);
		return -1;
	}
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl)
		return -1;
	ctl->d = d;
	ctl->w.fd = -1;
	ctl->timer.fd = -1;
	d->ctl = ctl;
	snprintf(ctl->path, sizeof(ctl->path), "%s", d->socket_path);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", d->socket_path);

	if (make_dir(ctl->path) || check_stale(ctl->path))
		goto fail;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail_errno;
	ctl->w.fd = fd;
	ctl->w.cb = on_listen;
	/* born 0600: no window where others could connect */
	old_umask = umask(0177);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		umask(old_umask);
		goto fail_errno;
	}
	umask(old_umask);
	if (stat(ctl->path, &st) == 0) {
		ctl->dev = st.st_dev;
		ctl->ino = st.st_ino;
	}
	if (listen(fd, 16))
		goto fail_errno;

	ctl->timer.fd = timerfd_create(CLOCK_MONOTONIC,
				       TFD_NONBLOCK | TFD_CLOEXEC);
	if (ctl->timer.fd < 0)
		goto fail_errno;
	ctl->timer.cb = on_timer;
	if (loop_add(&d->loop, &ctl->w, EPOLLIN) ||
	    loop_add(&d->loop, &ctl->timer, EPOLLIN) ||
	    loop_add_idle(&d->loop, reap, ctl))
		goto fail_errno;
	log_info("listening on %s", ctl->path);
	return 0;

fail_errno:
	log_err("control socket %s: %m", ctl->path);
fail:
	roamd_ctl_close(d);
	return -1;
}

void roamd_ctl_close(struct roamd *d)
{
	struct roamd_ctl *ctl = d->ctl;
	struct ctl_client *c;
	struct stat st;

	if (!ctl)
		return;
	for (c = ctl->clients; c; c = c->next)
		client_close(c);
	reap(ctl);
	if (ctl->w.fd >= 0) {
		loop_del(&d->loop, &ctl->w);
		close(ctl->w.fd);
		/* unlink only the file we made, not a successor's */
		if (ctl->ino && !stat(ctl->path, &st) &&
		    st.st_dev == ctl->dev && st.st_ino == ctl->ino)
			unlink(ctl->path);
	}
	if (ctl->timer.fd >= 0) {
		loop_del(&d->loop, &ctl->timer);
		close(ctl->timer.fd);
	}
	free(ctl->taken_over);
	free(ctl);
	d->ctl = NULL;
}
