/* safefile.c — exclusive creation of files, folders and links (safefile.h). */
#include "compat.h"
#include "safefile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int safe_create(const char *path, mode_t mode)
{
	/* O_EXCL fails on any existing entry, a dangling link included;
	 * O_NOFOLLOW says so for a link even where O_EXCL would not apply. */
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
}

int safe_mkdir(const char *path, mode_t mode)
{
	return mkdir(path, mode);
}

/* "TARGET.lqtmp-PID-XXXXXX", the template that mkstemp/mkdtemp fill in. */
static void tmp_template(const char *target, struct strbuf *name)
{
	size_t len = strlen(target);
	while (len > 1 && target[len - 1] == '/')
		len--;
	strbuf_reset(name);
	strbuf_add(name, target, len);
	strbuf_addf(name, SAFE_TMP_MARK "%ld-XXXXXX", (long)getpid());
}

int safe_tmpfile(const char *target, struct strbuf *name)
{
	int fd;
	tmp_template(target, name);
	/* mkostemp opens with O_CREAT|O_EXCL under a fresh random name. */
	fd = mkostemp(name->buf, O_CLOEXEC);
	if (fd < 0)
		return error("cannot create a temporary file beside '%s': %s", target, strerror(errno));
	if (fchmod(fd, 0644)) {
		error("cannot set the mode of '%s': %s", name->buf, strerror(errno));
		close(fd);
		unlink(name->buf);
		return -1;
	}
	return fd;
}

int safe_tmpdir(const char *target, struct strbuf *name)
{
	tmp_template(target, name);
	if (!mkdtemp(name->buf))
		return error("cannot create a temporary folder beside '%s': %s", target, strerror(errno));
	/* mkdtemp makes it 0700; the pages are for others to read. */
	if (chmod(name->buf, 0755)) {
		error("cannot set the mode of '%s': %s", name->buf, strerror(errno));
		rmdir(name->buf);
		return -1;
	}
	return 0;
}

int safe_replace_link(const char *link, const char *value)
{
	struct strbuf tmp = STRBUF_INIT;
	int ret = -1;
	/* symlink() never follows nor replaces: a taken name just means another
	 * random one. */
	for (int attempt = 0; attempt < 100; attempt++) {
		int fd;
		tmp_template(link, &tmp);
		fd = mkostemp(tmp.buf, O_CLOEXEC);     /* draws a free name */
		if (fd < 0)
			break;
		close(fd);
		unlink(tmp.buf);
		if (!symlink(value, tmp.buf)) {
			ret = 0;
			break;
		}
		if (errno != EEXIST)
			break;
	}
	if (ret) {
		error("cannot create a link beside '%s': %s", link, strerror(errno));
		goto out;
	}
	if (rename(tmp.buf, link)) {
		ret = error("cannot replace link '%s': %s", link, strerror(errno));
		unlink(tmp.buf);
	}
out:
	strbuf_release(&tmp);
	return ret;
}

int safe_open_lock(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int safe_memfile(struct strbuf *path)
{
	int fd = memfd_create("leadqa-model", MFD_CLOEXEC);
	if (fd < 0)
		return error("cannot create a file in memory: %s", strerror(errno));
	strbuf_reset(path);
	strbuf_addf(path, "/proc/self/fd/%d", fd);
	return fd;
}

int safe_memfile_read(int fd, struct strbuf *out)
{
	char buf[65536];
	off_t at = 0;
	for (;;) {
		ssize_t r = pread(fd, buf, sizeof(buf), at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return error("cannot read a file in memory: %s", strerror(errno));
		if (r == 0)
			return 0;
		strbuf_add(out, buf, (size_t)r);
		at += r;
	}
}

int safe_memfile_write(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return error("cannot write a file in memory: %s", strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int safe_tmp_owner(const char *name, long *pid)
{
	const char *t = strstr(name, SAFE_TMP_MARK), *p;
	long v = 0;
	size_t tail;
	if (!t || t == name)
		return 0;
	/* the last mark: a target may itself hold the text */
	for (const char *u; (u = strstr(t + 1, SAFE_TMP_MARK)); )
		t = u;
	p = t + strlen(SAFE_TMP_MARK);
	if (*p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > 99999999)
			return 0;
		v = v * 10 + (*p - '0');
	}
	if (*p != '-')
		return 0;
	tail = strlen(p + 1);
	if (tail != 6)
		return 0;
	for (p++; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return 0;
	*pid = v;
	return 1;
}

int safe_pid_gone(long pid)
{
	return pid > 0 && kill((pid_t)pid, 0) && errno == ESRCH;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	if (remove(path))
		warning("cannot remove '%s': %s", path, strerror(errno));
	return 0;
}

int safe_clean_leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int removed = 0;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		long pid;
		if (!safe_tmp_owner(e->d_name, &pid) || !safe_pid_gone(pid))
			continue;
		strbuf_addf(&path, "%s/%s", dir, e->d_name);
		info("removing '%s', left by an interrupted run (pid %ld)", path.buf, pid);
		/* FTW_PHYS: a link is removed, never followed. */
		nftw(path.buf, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		strbuf_release(&path);
		removed++;
	}
	closedir(d);
	return removed;
}

void safe_sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int safe_write_atomic(const char *path, const void *data, size_t n)
{
	struct strbuf tmp = STRBUF_INIT;
	const char *p = data;
	int fd, ret = -1;
	fd = safe_tmpfile(path, &tmp);
	if (fd < 0)
		goto out;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			error("cannot write '%s': %s", tmp.buf, strerror(errno));
			close(fd);
			unlink(tmp.buf);
			goto out;
		}
		p += w;
		n -= (size_t)w;
	}
	if (fsync(fd) || close(fd)) {
		error("cannot write '%s': %s", tmp.buf, strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	if (rename(tmp.buf, path)) {
		error("cannot rename '%s' to '%s': %s", tmp.buf, path, strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&tmp);
	return ret;
}
