/* progress.h — progress of a long step on standard error.  On a terminal a
 * live line (count, rate, time left) redrawn in place; otherwise (cron, a
 * pipe) a plain log line every few seconds.  Silent under --quiet. */
#ifndef LEADQA_PROGRESS_H
#define LEADQA_PROGRESS_H

struct progress;
/* total = 0 when unknown.  The step name is copied. */
struct progress *progress_start(const char *step, long total);
/* Reports that `done` items are finished; cheap enough to call per item. */
void progress_update(struct progress *p, long done);
/* Prints the final line ("step: N in 1.2 s (X/s)") and frees p; accepts NULL. */
void progress_end(struct progress *p);

#endif
