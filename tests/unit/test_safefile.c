/* test_safefile.c — exclusive creation: a planted link is never written
 * through, temporary names say who made them, and only the leftovers of
 * dead makers are removed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "safefile.h"
#include "util.h"

static char dir[64];

static void path_in(struct strbuf *sb, const char *name)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/%s", dir, name);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void test_create_refuses_links(void **state)
{
	struct strbuf p = STRBUF_INIT, victim = STRBUF_INIT;
	int fd;
	(void)state;
	path_in(&victim, "victim");
	path_in(&p, "planted");
	assert_int_equal(symlink(victim.buf, p.buf), 0);      /* dangling */
	assert_int_equal(safe_create(p.buf, 0644), -1);
	assert_false(exists(victim.buf));
	fd = open(victim.buf, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(safe_create(p.buf, 0644), -1);     /* to a file */
	assert_int_equal(safe_open_lock(p.buf), -1);
	assert_int_equal(errno, ELOOP);
	unlink(p.buf);
	unlink(victim.buf);
	strbuf_release(&p);
	strbuf_release(&victim);
}

static void test_tmp_names(void **state)
{
	struct strbuf target = STRBUF_INIT, tmp = STRBUF_INIT;
	long pid = 0;
	int fd;
	(void)state;
	path_in(&target, "leads.csv");
	fd = safe_tmpfile(target.buf, &tmp);
	assert_true(fd >= 0);
	close(fd);
	assert_true(starts_with(tmp.buf, target.buf));
	assert_int_equal(safe_tmp_owner(strrchr(tmp.buf, '/') + 1, &pid), 1);
	assert_int_equal(pid, (long)getpid());
	unlink(tmp.buf);
	assert_int_equal(safe_tmp_owner("leads.csv.tmp-123", &pid), 0);
	assert_int_equal(safe_tmp_owner("x.lqtmp-12-abc", &pid), 0);
	assert_int_equal(safe_tmp_owner("x.lqtmp-0-abcdef", &pid), 0);
	assert_int_equal(safe_tmp_owner(".lqtmp-12-abcdef", &pid), 0);
	assert_int_equal(safe_tmp_owner("a.lqtmp-12-ab/def", &pid), 0);
	assert_int_equal(safe_tmp_owner("a.lqtmp-9-x.lqtmp-77-Ab3dEf", &pid), 1);
	assert_int_equal(pid, 77);
	strbuf_release(&target);
	strbuf_release(&tmp);
}

static void test_clean_only_dead(void **state)
{
	struct strbuf p = STRBUF_INIT;
	pid_t child = fork();
	long dead;
	(void)state;
	if (!child)
		_exit(0);
	waitpid(child, NULL, 0);
	dead = (long)child;
	path_in(&p, "other.tmp-1");
	close(safe_create(p.buf, 0644));
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/mine.lqtmp-%ld-aaaaaa", dir, (long)getpid());
	close(safe_create(p.buf, 0644));
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/gone.lqtmp-%ld-bbbbbb", dir, dead);
	assert_int_equal(safe_mkdir(p.buf, 0755), 0);
	strbuf_adds(&p, "/page.html");
	close(safe_create(p.buf, 0644));
	lq_quiet = 1;
	assert_int_equal(safe_clean_leftovers(dir), 1);
	path_in(&p, "other.tmp-1");
	assert_true(exists(p.buf));
	unlink(p.buf);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/mine.lqtmp-%ld-aaaaaa", dir, (long)getpid());
	assert_true(exists(p.buf));
	unlink(p.buf);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/gone.lqtmp-%ld-bbbbbb", dir, dead);
	assert_false(exists(p.buf));
	strbuf_release(&p);
}

static void test_write_atomic_and_link(void **state)
{
	struct strbuf p = STRBUF_INIT, l = STRBUF_INIT;
	char buf[16] = { 0 };
	ssize_t n;
	int fd;
	(void)state;
	path_in(&p, "file");
	assert_int_equal(safe_write_atomic(p.buf, "one", 3), 0);
	assert_int_equal(safe_write_atomic(p.buf, "two", 3), 0);
	fd = open(p.buf, O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_int_equal(n, 3);
	assert_string_equal(buf, "two");
	path_in(&l, "latest");
	assert_int_equal(safe_replace_link(l.buf, "file"), 0);
	assert_int_equal(safe_replace_link(l.buf, "other"), 0);
	n = readlink(l.buf, buf, sizeof(buf) - 1);
	assert_int_equal(n, 5);
	buf[n] = 0;
	assert_string_equal(buf, "other");
	unlink(l.buf);
	unlink(p.buf);
	strbuf_release(&p);
	strbuf_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_refuses_links),
		cmocka_unit_test(test_tmp_names),
		cmocka_unit_test(test_clean_only_dead),
		cmocka_unit_test(test_write_atomic_and_link),
	};
	int rc;
	snprintf(dir, sizeof(dir), "/tmp/lq-safefile-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
