/* lock.c — an exclusive, non-blocking flock() with the holder's pid in it. */
#include "compat.h"
#include "lock.h"
#include "safefile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct lock {
	int fd;
	int anchor;     /* the guarded file itself, flock()ed too, or -1 */
	char *path;
};

static void read_holder(int fd, struct lock_holder *h)
{
	char buf[256];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long long pid = 0, since = 0;
	h->pid = 0;
	h->since = 0;
	if (n <= 0)
		return;
	buf[n] = '\0';
	if (sscanf(buf, "pid %lld since %lld", &pid, &since) >= 1) {
		h->pid = (long)pid;
		h->since = since;
	}
}

static int write_holder(struct lock *l)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "pid %ld since %lld\n", (long)getpid(),
			 (long long)time(NULL));
	if (ftruncate(l->fd, 0) || pwrite(l->fd, buf, (size_t)n, 0) != n)
		return error("cannot write lock file '%s': %s", l->path, strerror(errno));
	return 0;
}

/* Does the open file fd still stand at path?  A lock on a file that was
 * removed or replaced meanwhile locks nothing anyone else will open. */
static int still_at_path(int fd, const char *path)
{
	struct stat a, b;
	return !fstat(fd, &a) && !lstat(path, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int lock_acquire(const char *path, struct lock **out, struct lock_holder *holder)
{
	struct lock *l;
	int fd = -1;
	*out = NULL;
	for (int attempt = 0; ; attempt++) {
		fd = safe_open_lock(path);
		if (fd < 0)
			return error("cannot open lock file '%s': %s", path,
				     errno == ELOOP ? "it is a link" : errno == EINVAL
				     ? "not a regular file" : strerror(errno));
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			int e = errno;
			if (e == EWOULDBLOCK) {
				read_holder(fd, holder);
				close(fd);
				return LOCK_BUSY;
			}
			close(fd);
			return error("cannot lock '%s': %s", path, strerror(e));
		}
		if (still_at_path(fd, path))
			break;
		close(fd);
		if (attempt == 10)
			return error("cannot lock '%s': it keeps being replaced", path);
	}
	l = xcalloc(1, sizeof(*l));
	l->fd = fd;
	l->anchor = -1;
	l->path = xstrdup(path);
	if (write_holder(l)) {
		lock_release(l);
		return -1;
	}
	*out = l;
	return LOCK_TAKEN;
}

int lock_anchor(struct lock *l, const char *path)
{
	int fd;
	if (l->anchor >= 0)
		return LOCK_TAKEN;
	/* read-only, nothing is written through it: a database reached through
	 * a link is locked where it lives */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return LOCK_TAKEN;
		return error("cannot open '%s': %s", path, strerror(errno));
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int e = errno;
		close(fd);
		if (e == EWOULDBLOCK)
			return LOCK_BUSY;
		return error("cannot lock '%s': %s", path, strerror(e));
	}
	l->anchor = fd;
	return LOCK_TAKEN;
}

void lock_release(struct lock *l)
{
	if (!l)
		return;
	/* Emptied while still held, so that nobody reads a dead run's pid. */
	if (ftruncate(l->fd, 0))
		warning("cannot clear lock file '%s': %s", l->path, strerror(errno));
	close(l->fd);
	if (l->anchor >= 0)
		close(l->anchor);
	free(l->path);
	free(l);
}

void lock_holder_describe(const struct lock_holder *h, char *out, size_t outsz)
{
	char when[21];
	if (!h->pid) {
		snprintf(out, outsz, "pid unknown");
		return;
	}
	if (!h->since) {
		snprintf(out, outsz, "pid %ld", h->pid);
		return;
	}
	format_time(h->since, when);
	snprintf(out, outsz, "pid %ld, since %s", h->pid, when);
}
