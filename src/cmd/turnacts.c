/* turnacts.c — the nightly's relearning of the turn acts: the seed set is
 * loaded into a database in memory so that the night's database holds only
 * the company's own dialogues, and the classifiers go to the model folder,
 * which score and train prefer to the lexicon folder (turnclf_dir()). */
#include "compat.h"
#include "turnacts.h"
#include "db.h"
#include "ingest.h"
#include "turnclf_learn.h"
#include "safefile.h"
#include "util.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_FILE "turnclf-labeled.txt"

int turnacts_counts(sqlite3 *db, const char *model_dir, long *now, long *learned)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;
	int64_t n = db_query_int(db, "SELECT COUNT(DISTINCT dialogue_id) FROM label_turns");
	if (n < 0)
		return -1;
	*now = (long)n;
	*learned = -1;
	strbuf_addf(&path, "%s/" COUNT_FILE, model_dir);
	f = fopen(path.buf, "r");
	if (f) {
		if (fscanf(f, "labeled_dialogues %ld", learned) != 1)
			*learned = -1;
		fclose(f);
	}
	/* acts learned over an older layout of the features cannot be read
	 * by this program: learn them again, whatever the count says */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/turnclf-cv.txt", model_dir);
	f = fopen(path.buf, "r");
	if (f) {
		int layout = -1;
		if (fscanf(f, "# leadqa turn classifiers, layout %d", &layout) != 1 ||
		    layout != TURNCLF_LAYOUT)
			*learned = -1;
		fclose(f);
	}
	strbuf_release(&path);
	return 0;
}

/* The seed's files into seed (a database in memory); the number of files. */
static int load_seed(sqlite3 *seed, const char *lexicon_dir)
{
	struct strbuf pattern = STRBUF_INIT;
	struct ingest_settings st;
	struct ingest_totals tot;
	glob_t g;
	int n = 0, rc;
	memset(&st, 0, sizeof(st));
	memset(&tot, 0, sizeof(tot));
	strbuf_addf(&pattern, "%s/seed/*/*.xml", lexicon_dir);
	rc = glob(pattern.buf, 0, NULL, &g);
	strbuf_release(&pattern);
	if (rc == GLOB_NOMATCH)
		return 0;
	if (rc)
		return error("cannot list the seed dialogues in '%s/seed'", lexicon_dir);
	int was_quiet = lq_quiet;
	st.silent = 1;          /* the program's own data: nothing for the night's log */
	lq_quiet = 1;
	rc = ingest_files(seed, g.gl_pathv, g.gl_pathc, &st, &tot);
	lq_quiet = was_quiet;
	if (rc < 0 || tot.files_rejected) {
		error("the seed dialogues in '%s/seed' could not be loaded (%ld files rejected)",
		      lexicon_dir, tot.files_rejected);
		globfree(&g);
		return -1;
	}
	n = (int)g.gl_pathc;
	globfree(&g);
	return n;
}

int turnacts_learn(sqlite3 *db, const char *lexicon_dir, const char *model_dir, long now,
		   char *why, size_t whysz)
{
	struct turnclf_learn_options o;
	struct turnclf_cv cv;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	sqlite3 *seed = NULL;
	int files, ret = -1, used = 0;
	if (mkdir_p(model_dir))
		return error("cannot create model folder '%s': %s", model_dir, strerror(errno));
	seed = db_open(":memory:");
	if (!seed)
		return -1;
	files = load_seed(seed, lexicon_dir);
	if (files < 0)
		goto out;
	memset(&o, 0, sizeof(o));
	o.model_dir = model_dir;
	o.lexicon_dir = lexicon_dir;
	o.seed_db = files ? seed : NULL;
	o.by_source = 1;
	o.max_turns = 40000;
	if (turnclf_learn(db, &o, &cv))
		goto out;
	for (int t = 0; t < TAG_COUNT; t++)
		used += cv.tag[t].rule != TURNCLF_LEXICON;
	strbuf_addf(&text, "labeled_dialogues %ld\n", now);
	strbuf_addf(&path, "%s/" COUNT_FILE, model_dir);
	if (safe_write_atomic(path.buf, text.buf, text.len)) {
		error("cannot write '%s'", path.buf);
		goto out;
	}
	snprintf(why, whysz, "turn acts learned from %ld labeled dialogues%s: %d of %d in use",
		 now, files ? " and the seed set" : "", used, TAG_COUNT);
	ret = 0;
out:
	strbuf_release(&path);
	strbuf_release(&text);
	db_close(seed);
	return ret;
}
