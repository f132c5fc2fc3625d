/* lock.c — an exclusive, non-blocking flock() with the holder's pid in it. */
#include "compat.h"
#include "lock.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

struct lock {
	int fd;
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

int lock_acquire(const char *path, struct lock **out, struct lock_holder *holder)
{
	struct lock *l;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	*out = NULL;
	if (fd < 0)
		return error("cannot open lock file '%s': %s", path, strerror(errno));
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
	l = xcalloc(1, sizeof(*l));
	l->fd = fd;
	l->path = xstrdup(path);
	if (write_holder(l)) {
		lock_release(l);
		return -1;
	}
	*out = l;
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
