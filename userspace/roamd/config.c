// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file: a batch of roam commands.  The whole file is
 * checked, and users and pools built into a new database, before anything
 * takes effect; a file with an error changes nothing (at start roamd
 * refuses to run, on SIGHUP it keeps what it has).  Devices are created
 * last (at start, once roamd holds its control socket), and a device
 * that cannot be created is reported without stopping roamd: the kernel
 * module may come later.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "roamd.h"
#include "rtnl.h"

#define CONFIG_MAX_SIZE		(16 << 20)

struct config {
	const char *path;
	const char *base;		/* file name, for messages */
	struct roamd_db db;
	int errors;
	char links[ROAMD_MAX_LINKS][ROAM_IFNAME_MAX + 1];
	int nlinks;
	bool has_level;
	enum roam_log_level level;
};

/* Read the whole file; it holds passwords, so the caller wipes it. */
static char *read_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_err("cannot open %s: %m", path);
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		log_err("%s is not a regular file", path);
		goto fail;
	}
	if (st.st_size > CONFIG_MAX_SIZE) {
		log_err("%s is too large (%lld bytes, at most %d)", path,
			(long long)st.st_size, CONFIG_MAX_SIZE);
		goto fail;
	}
	if (st.st_mode & 0077)
		log_warn("%s holds passwords but others may read it (mode %04o): chmod 600 %s",
			 path, st.st_mode & 07777, path);

	buf = malloc(st.st_size + 1);
	if (!buf)
		goto fail;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	*len = got;
	return buf;
fail:
	close(fd);
	return NULL;
}

static void line_error(struct config *cfg, unsigned int line,
		       const char *msg)
{
	log_err("%s:%u: %s", cfg->base, line, msg);
	cfg->errors++;
}

/* What a configuration file may say. */
static bool allowed(const struct roam_cmd *cmd)
{
	switch (cmd->obj) {
	case ROAM_OBJ_LINK:
		return cmd->verb == ROAM_VERB_ADD;
	case ROAM_OBJ_USER:
	case ROAM_OBJ_GROUP:
		return cmd->verb == ROAM_VERB_ADD || cmd->verb == ROAM_VERB_DEL ||
		       cmd->verb == ROAM_VERB_SET;
	case ROAM_OBJ_POOL:
	case ROAM_OBJ_PSK:
		return cmd->verb == ROAM_VERB_ADD || cmd->verb == ROAM_VERB_DEL;
	case ROAM_OBJ_RADIUS:
		return cmd->verb == ROAM_VERB_ADD || cmd->verb == ROAM_VERB_DEL ||
		       cmd->verb == ROAM_VERB_SET;
	case ROAM_OBJ_IKE:
	case ROAM_OBJ_L2TP:
	case ROAM_OBJ_PPP:
	case ROAM_OBJ_PPTP:
		return cmd->verb == ROAM_VERB_SET;
	case ROAM_OBJ_LOG:
		return cmd->verb == ROAM_VERB_LEVEL;
	default:
		return false;
	}
}

static void config_line(struct config *cfg, unsigned int lineno,
			const char *line, size_t len)
{
	struct roam_tokens *t;
	char err[ROAM_ERR_MAX];
	struct roam_cmd cmd;
	int i;

	t = malloc(sizeof(*t));
	if (!t) {
		line_error(cfg, lineno, "out of memory");
		return;
	}
	if (roam_tokenize(line, len, t, err, sizeof(err))) {
		line_error(cfg, lineno, err);
		goto out;
	}
	if (!t->argc)
		goto out;
	if (roam_cmd_parse(t, &cmd, err, sizeof(err))) {
		line_error(cfg, lineno, err);
		goto out;
	}
	if (!allowed(&cmd)) {
		snprintf(err, sizeof(err),
			 "'%s %s' has no place in a configuration file (it may hold: link add, user add|set|del, pool add|del, psk add|del, group add|set|del, ike set, l2tp set, pptp set, ppp set, log level)",
			 roam_obj_name(cmd.obj), roam_verb_name(cmd.verb));
		line_error(cfg, lineno, err);
		goto out;
	}

	switch (cmd.obj) {
	case ROAM_OBJ_LINK:
		for (i = 0; i < cfg->nlinks; i++)
			if (!strcmp(cfg->links[i], cmd.link.name))
				break;
		if (i < cfg->nlinks)
			break;	/* said twice: once is enough */
		if (cfg->nlinks == ROAMD_MAX_LINKS) {
			line_error(cfg, lineno, "too many 'link add' lines");
			break;
		}
		snprintf(cfg->links[cfg->nlinks++], sizeof(cfg->links[0]),
			 "%s", cmd.link.name);
		break;
	case ROAM_OBJ_LOG:
		cfg->has_level = true;
		cfg->level = cmd.log_level;
		break;
	default:
		if (db_apply(&cfg->db, &cmd, err, sizeof(err)))
			line_error(cfg, lineno, err);
		break;
	}
out:
	roam_tokens_wipe(t);
	free(t);
}

static void create_link(const char *name)
{
	struct roam_nl_err e;
	char kind[32];
	uint32_t ifindex;

	if (!roam_rtnl_link_add(name, &e)) {
		log_info("created device %s", name);
		return;
	}
	if (e.error == EEXIST &&
	    !roam_rtnl_link_get(name, &ifindex, kind, sizeof(kind), &e)) {
		if (!strcmp(kind, "roam"))
			log_info("device %s exists", name);
		else
			log_err("cannot create device %s: a device of that name exists and is not a roam device",
				name);
		return;
	}
	log_err("cannot create device %s: %s", name, roam_nl_err_text(&e));
}

int roamd_config_load(struct roamd *d, bool reload)
{
	struct config cfg = { .path = d->config_path };
	struct roam_lines it;
	const char *line, *slash;
	size_t len, size;
	char *buf;

	slash = strrchr(cfg.path, '/');
	cfg.base = slash ? slash + 1 : cfg.path;
	db_init(&cfg.db);

	buf = read_file(cfg.path, &size);
	if (!buf)
		return -1;
	roam_lines_init(&it, buf, size);
	while (roam_lines_next(&it, &line, &len))
		config_line(&cfg, it.lineno, line, len);
	explicit_bzero(buf, size);
	free(buf);

	if (cfg.errors) {
		log_err("%s: %d error%s; %s", cfg.path, cfg.errors,
			cfg.errors == 1 ? "" : "s",
			reload ? "kept the running configuration" :
				 "not started");
		db_free(&cfg.db);
		return -1;
	}

	if (reload)
		pools_carry_over(&cfg.db.pools, &d->db.pools);
	db_free(&d->db);
	d->db = cfg.db;

	if (cfg.has_level && !d->level_from_cmdline)
		roam_log_set_level(cfg.level);
	log_info("%s %s: %zu user%s, %zu pool%s", cfg.path,
		 reload ? "reloaded" : "loaded", d->db.users.count,
		 d->db.users.count == 1 ? "" : "s", d->db.pools.n,
		 d->db.pools.n == 1 ? "" : "s");

	memcpy(d->links, cfg.links, sizeof(d->links));
	d->nlinks = cfg.nlinks;
	if (reload)
		roamd_config_links(d);
	return 0;
}

void roamd_config_links(struct roamd *d)
{
	int i;

	for (i = 0; i < d->nlinks; i++)
		create_link(d->links[i]);
}
