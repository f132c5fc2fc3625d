/* lock.h — one run at a time.
 *
 * A run takes an exclusive flock() on a lock file (for the night:
 * "<database>.lock" beside the database) without waiting, and writes into it
 * its pid and start time, so that a second run can say who holds it.  The
 * kernel drops the lock when the holder dies, even by SIGKILL, so a crashed
 * run never leaves a stale lock behind; the file itself stays and is reused.
 * The lock belongs to the open file: it is not inherited across exec.
 * A lock file that is a link is refused, and a lock taken on a file that was
 * meanwhile removed or replaced is dropped and taken again on the file at the
 * path. */
#ifndef LEADQA_LOCK_H
#define LEADQA_LOCK_H

#include <stddef.h>
#include <stdint.h>

struct lock;

/* Who holds a lock, as its holder wrote it; pid 0 / since 0 when unknown
 * (a holder that did not write its pid, such as flock(1)). */
struct lock_holder {
	long pid;
	int64_t since;
};

enum { LOCK_TAKEN = 0, LOCK_BUSY = 1 };

/* Takes the lock at path, creating the file.  Returns LOCK_TAKEN with *out
 * set (the caller releases it with lock_release), LOCK_BUSY with *holder
 * filled when another process holds it, or -1 after an error message. */
int lock_acquire(const char *path, struct lock **out, struct lock_holder *holder);

/* Also flock()s the file the lock guards (the database), kept open until
 * lock_release(): removing or replacing the lock file then lets no second
 * run in.  flock() and SQLite's own fcntl() locks do not interact; the
 * descriptor must stay open while SQLite has the file open, because closing
 * any descriptor of a file drops the process's fcntl() locks on it.
 * LOCK_TAKEN (also when the file does not exist yet), LOCK_BUSY, or -1
 * after an error message. */
int lock_anchor(struct lock *l, const char *path);

/* Clears the holder's details and drops the lock; accepts NULL. */
void lock_release(struct lock *l);

/* "pid 1234, since 2026-11-23T03:15:00Z" into out (or "pid unknown"). */
void lock_holder_describe(const struct lock_holder *h, char *out, size_t outsz);

#endif
