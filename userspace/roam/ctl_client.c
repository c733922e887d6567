// SPDX-License-Identifier: GPL-2.0
/*
 * roamd's objects (user, pool, log, daemon, ...) are forwarded to it over
 * its control socket; so are "session show" and "session del" when roamd
 * runs, in this network namespace.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_proto.h"
#include "roam.h"

#define CTL_CLIENT_TIMEOUT_SEC	30

/* quiet: roamd not running is no error (the kernel answers instead) */
static int connect_roamd(const char *path, bool quiet)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = CTL_CLIENT_TIMEOUT_SEC };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "roam: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "roam: socket: %s\n", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		if (quiet) {
			int err = errno;

			close(fd);
			errno = err;
			return -1;
		}
		fprintf(stderr, "roam: cannot reach roamd at %s: %s%s\n", path,
			strerror(errno),
			errno == ENOENT || errno == ECONNREFUSED ?
			" (is roamd running?)" : "");
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Read one reply frame into a malloc'ed buffer (quiet: EOF unsaid). */
static uint8_t *read_reply(int fd, size_t *len, bool quiet)
{
	size_t got = 0, want = ROAM_CTL_HDR_LEN, flen = 0, tlen;
	uint8_t *buf = malloc(want), *p;
	enum roam_ctl_status st;
	char err[ROAM_ERR_MAX];
	const char *text;
	ssize_t n;

	while (buf && got < want) {
		n = recv(fd, buf + got, want - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n || !quiet)
				fprintf(stderr, "roam: no reply from roamd: %s\n",
					n ? strerror(errno) :
					    "connection closed");
			break;
		}
		got += n;
		if (got != ROAM_CTL_HDR_LEN || flen)
			continue;
		/* the header tells the length: size the buffer once */
		if (roam_ctl_decode_reply(buf, got, &st, &text, &tlen, &flen,
					  err, sizeof(err)) ==
		    ROAM_CTL_INVALID) {
			fprintf(stderr, "roam: bad reply from roamd: %s\n",
				err);
			break;
		}
		p = realloc(buf, flen);
		if (!p)
			break;
		buf = p;
		want = flen;
	}
	if (buf && got == want) {
		*len = got;
		return buf;
	}
	free(buf);
	return NULL;
}

/*
 * A unix socket's path is not bound to a network namespace: "roam -n A"
 * or "ip netns exec A roam" reaches a roamd that runs in another one, and
 * that roamd would answer with its own namespace's sessions.  Same
 * namespace when roamd's /proc/PID/ns/net is ours; when that cannot be
 * told (no /proc, roamd in another PID namespace), assume not.
 */
static bool same_netns(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct stat ours, theirs;
	char path[64];

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) ||
	    cred.pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)cred.pid);
	if (stat("/proc/self/ns/net", &ours) || stat(path, &theirs))
		return false;
	return ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino;
}

/* Send the request on a connected socket and print roamd's answer. */
static int exchange(int fd, const struct roam_opts *o,
		    const struct roam_tokens *t)
{
	unsigned int flags = (o->json ? ROAM_CTL_F_JSON : 0) |
			     (o->pretty ? ROAM_CTL_F_PRETTY : 0) |
			     (o->stats ? ROAM_CTL_F_STATS : 0);
	uint8_t req[ROAM_CTL_REQUEST_MAX];
	enum roam_ctl_status st;
	char err[ROAM_ERR_MAX];
	size_t len, flen, tlen;
	const char *text;
	uint8_t *reply;
	ssize_t rlen;
	int ret;

	rlen = roam_ctl_encode_request(req, sizeof(req), flags, t);
	if (rlen < 0) {
		fprintf(stderr, "roam: command too long\n");
		close(fd);
		return EXIT_USAGE;
	}
	ret = send_all(fd, req, rlen);
	/* the request may hold a password */
	explicit_bzero(req, sizeof(req));
	/* roamd may have hung up with a reason: read it even then */
	if (ret && errno != EPIPE && errno != ECONNRESET) {
		fprintf(stderr, "roam: cannot send to roamd: %s\n",
			strerror(errno));
		close(fd);
		return EXIT_FAILED;
	}
	reply = read_reply(fd, &len, false);
	close(fd);
	if (!reply)
		return EXIT_FAILED;

	if (roam_ctl_decode_reply(reply, len, &st, &text, &tlen, &flen, err,
				  sizeof(err)) != ROAM_CTL_COMPLETE) {
		fprintf(stderr, "roam: bad reply from roamd: %s\n", err);
		free(reply);
		return EXIT_FAILED;
	}
	switch (st) {
	case ROAM_CTL_S_OK:
		fwrite(text, 1, tlen, stdout);
		ret = EXIT_OK;
		break;
	case ROAM_CTL_S_USAGE:
		fprintf(stderr, "roam: %.*s\n", (int)tlen, text);
		ret = EXIT_USAGE;
		break;
	default:
		fprintf(stderr, "Error: %.*s\n", (int)tlen, text);
		ret = EXIT_FAILED;
		break;
	}
	free(reply);
	return ret;
}

int do_roamd(const struct roam_opts *o, const struct roam_tokens *t)
{
	int fd = connect_roamd(o->socket, false);

	if (fd < 0)
		return EXIT_FAILED;
	return exchange(fd, o, t);
}

int try_roamd(const struct roam_opts *o, const struct roam_tokens *t)
{
	int fd = connect_roamd(o->socket, true);

	if (fd < 0) {
		/* asked for by name: say why the answer is the kernel's */
		if (o->socket_given)
			fprintf(stderr,
				"roam: roamd is not reachable at %s: %s; the kernel's table follows\n",
				o->socket, strerror(errno));
		return -1;
	}
	if (!same_netns(fd)) {
		if (o->socket_given)
			fprintf(stderr,
				"roam: roamd at %s runs in another network namespace; this one's kernel table follows\n",
				o->socket);
		close(fd);
		return -1;
	}
	return exchange(fd, o, t);
}

int roamd_monitor_open(const struct roam_opts *o)
{
	static const struct timeval forever = { 0 };
	uint8_t req[ROAM_CTL_REQUEST_MAX];
	struct roam_tokens t;
	char err[ROAM_ERR_MAX];
	ssize_t rlen;
	char *text;
	size_t len;
	int fd;

	if (roam_tokenize("monitor", 7, &t, err, sizeof(err)))
		return -1;
	fd = connect_roamd(o->socket, !o->socket_given);
	if (fd < 0)
		return -1;
	if (!same_netns(fd)) {
		close(fd);
		return -1;
	}
	rlen = roam_ctl_encode_request(req, sizeof(req),
				       o->json ? ROAM_CTL_F_JSON : 0, &t);
	if (rlen < 0 || send_all(fd, req, rlen)) {
		close(fd);
		return -1;
	}
	/* its acknowledgement: an empty frame (an older roamd refuses) */
	text = roamd_monitor_next(fd, &len);
	if (!text) {
		close(fd);
		return -1;
	}
	free(text);
	/* events come when they come */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &forever, sizeof(forever));
	return fd;
}

char *roamd_monitor_next(int fd, size_t *len)
{
	enum roam_ctl_status st;
	char err[ROAM_ERR_MAX];
	size_t flen, tlen;
	const char *text;
	uint8_t *reply;
	char *out = NULL;

	reply = read_reply(fd, len, true);
	if (!reply)
		return NULL;
	if (roam_ctl_decode_reply(reply, *len, &st, &text, &tlen, &flen, err,
				  sizeof(err)) == ROAM_CTL_COMPLETE &&
	    st == ROAM_CTL_S_OK) {
		out = malloc(tlen + 1);
		if (out) {
			memcpy(out, text, tlen);
			out[tlen] = '\0';
			*len = tlen;
		}
	}
	free(reply);
	return out;
}
