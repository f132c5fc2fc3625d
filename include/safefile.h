/* safefile.h — every file and folder the program creates, created here.
 *
 * The output folders (exports, reports, models) may be writable by others:
 * the account that collects the export, a colleague's cron job.  Whatever
 * this program creates there is therefore created exclusively: a new name
 * that did not exist (O_CREAT|O_EXCL|O_NOFOLLOW, mkdtemp, symlink), never an
 * existing entry opened again, so that a link planted under a predictable
 * name is never written through.  Nothing else in the program opens a file
 * for writing with O_CREAT or fopen(..., "w"); `grep -n O_CREAT src/` finds
 * only this module (and the lock file, opened through safe_open_lock()).
 *
 * Temporary names are recognisably ours and say who made them:
 *     TARGET.lqtmp-<pid>-<6 random characters>
 * so that a later run removes only such leftovers, and only when the process
 * that made them is gone (safe_clean_leftovers()); files of other programs,
 * and those of a run still going, are left alone. */
#ifndef LEADQA_SAFEFILE_H
#define LEADQA_SAFEFILE_H

#include <sys/types.h>
#include "util.h"

#define SAFE_TMP_MARK ".lqtmp-"

/* Creates the new file `path` (it must not exist, not even as a dangling
 * link) for writing.  The descriptor, or -1 with errno set. */
int safe_create(const char *path, mode_t mode);

/* Creates the new folder `path` (mkdir: fails when anything is there). */
int safe_mkdir(const char *path, mode_t mode);

/* A new temporary file beside `target`, named TARGET.lqtmp-PID-XXXXXX, mode
 * 0644; *name gets its path.  The descriptor, or -1 after an error message. */
int safe_tmpfile(const char *target, struct strbuf *name);

/* A new temporary folder beside `target` (mkdtemp), mode 0755; *name gets
 * its path.  0, or -1 after an error message. */
int safe_tmpdir(const char *target, struct strbuf *name);

/* Points the link `link` at `value`: a new link under a temporary name,
 * renamed over `link`.  0, or -1 after an error message. */
int safe_replace_link(const char *link, const char *value);

/* Opens the lock file `path`, creating it; refuses a link or anything but a
 * regular file.  The descriptor, or -1 with errno set (ELOOP for a link). */
int safe_open_lock(const char *path);

/* A file in memory only (memfd), for libraries that read or write a path:
 * nothing is left on disk when the process is killed.  The descriptor and
 * its /proc/self/fd path in *path, or -1 after an error message. */
int safe_memfile(struct strbuf *path);
/* The whole content of a memfd into out / data into it.  0, or -1 after an
 * error message. */
int safe_memfile_read(int fd, struct strbuf *out);
int safe_memfile_write(int fd, const void *data, size_t n);

/* Is `name` (a file name, no folder) one of our temporary names?  1 with
 * *pid its maker, else 0. */
int safe_tmp_owner(const char *name, long *pid);

/* Is the process `pid` gone?  (A process of another user still counts as
 * alive: kill() says EPERM, not ESRCH.) */
int safe_pid_gone(long pid);

/* Removes from `dir` the temporary files and folders of ours whose maker is
 * gone; says what it removed.  The number removed. */
int safe_clean_leftovers(const char *dir);

/* Writes `data` to `path` atomically: safe_tmpfile(), fsync, rename. */
int safe_write_atomic(const char *path, const void *data, size_t n);

/* Makes a rename in the folder of `path` durable. */
void safe_sync_parent(const char *path);

#endif
