/* test_lock.c — one run at a time: a second acquire fails and names the
 * holder; the lock is free again after release or after the holder dies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock.h"
#include "util.h"

static char lock_path[128];

static void test_second_acquire_names_holder(void **state)
{
	struct lock *a = NULL, *b = NULL;
	struct lock_holder h = { -1, -1 };
	char text[128];
	(void)state;
	unlink(lock_path);
	assert_int_equal(lock_acquire(lock_path, &a, &h), LOCK_TAKEN);
	assert_non_null(a);
	/* a second open file description conflicts even in the same process */
	assert_int_equal(lock_acquire(lock_path, &b, &h), LOCK_BUSY);
	assert_null(b);
	assert_int_equal(h.pid, (long)getpid());
	assert_true(h.since > 1700000000);
	lock_holder_describe(&h, text, sizeof(text));
	assert_true(starts_with(text, "pid "));
	assert_non_null(strstr(text, ", since 20"));
	lock_release(a);
	assert_int_equal(lock_acquire(lock_path, &b, &h), LOCK_TAKEN);
	lock_release(b);
	unlink(lock_path);
}

static void test_holder_killed_frees_lock(void **state)
{
	struct lock *l = NULL;
	struct lock_holder h = { 0, 0 };
	int fds[2], status;
	char c;
	pid_t child;
	(void)state;
	unlink(lock_path);
	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct lock *mine = NULL;
		struct lock_holder other;
		close(fds[0]);
		if (lock_acquire(lock_path, &mine, &other) != LOCK_TAKEN)
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	assert_int_equal(lock_acquire(lock_path, &l, &h), LOCK_BUSY);
	assert_int_equal(h.pid, (long)child);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	close(fds[0]);
	assert_int_equal(lock_acquire(lock_path, &l, &h), LOCK_TAKEN);
	lock_release(l);
	unlink(lock_path);
}

static void test_unknown_holder(void **state)
{
	struct lock_holder h = { 0, 0 };
	char text[64];
	(void)state;
	lock_holder_describe(&h, text, sizeof(text));
	assert_string_equal(text, "pid unknown");
}

static void test_unopenable(void **state)
{
	struct lock *l = (struct lock *)1;
	struct lock_holder h;
	(void)state;
	assert_int_equal(lock_acquire("/proc/leadqa-none/x.lock", &l, &h), -1);
	assert_null(l);
}

int main(void)
{
	snprintf(lock_path, sizeof(lock_path), "/tmp/leadqa-test-%ld.lock", (long)getpid());
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_second_acquire_names_holder),
		cmocka_unit_test(test_holder_killed_frees_lock),
		cmocka_unit_test(test_unknown_holder),
		cmocka_unit_test(test_unopenable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
