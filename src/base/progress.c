/* progress.c — live progress lines on a terminal, periodic ones elsewhere. */
#include "compat.h"
#include "progress.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct progress {
	char step[64];
	long total, done;
	double started, last_print;
	int tty;
	int printed_live;
};

struct progress *progress_start(const char *step, long total)
{
	struct progress *p = xcalloc(1, sizeof(*p));
	snprintf(p->step, sizeof(p->step), "%s", step);
	p->total = total;
	p->started = p->last_print = mono_seconds();
	p->tty = isatty(STDERR_FILENO);
	return p;
}

static void print_line(struct progress *p, double now, int final)
{
	double el = now - p->started;
	double rate = el > 0 ? p->done / el : 0;
	char left[48] = "";
	if (!final && p->total > 0 && rate > 0 && p->done < p->total)
		snprintf(left, sizeof(left), ", %.0f s left", (p->total - p->done) / rate);
	char count[64];
	if (p->total > 0)
		snprintf(count, sizeof(count), "%ld of %ld", p->done, p->total);
	else
		snprintf(count, sizeof(count), "%ld", p->done);
	if (p->tty && !final)
		fprintf(stderr, "\rleadqa: %s: %s (%.0f/s%s)\033[K", p->step, count, rate, left);
	else if (!final)
		fprintf(stderr, "leadqa: %s: %s done (%.0f/s%s)\n", p->step, count, rate, left);
	else
		fprintf(stderr, "%sleadqa: %s: %ld in %.1f s (%.0f/s)\n",
			p->printed_live ? "\r\033[K" : "", p->step, p->done, el, rate);
	if (p->tty && !final)
		p->printed_live = 1;
}

void progress_update(struct progress *p, long done)
{
	double now, every;
	if (!p)
		return;
	p->done = done;
	if (lq_quiet || (done & 255) != 0)
		return;
	now = mono_seconds();
	every = p->tty ? 0.2 : 5.0;
	if (now - p->last_print < every)
		return;
	p->last_print = now;
	print_line(p, now, 0);
}

void progress_end(struct progress *p)
{
	if (!p)
		return;
	if (!lq_quiet)
		print_line(p, mono_seconds(), 1);
	free(p);
}
