/* detector.c — the detector as loaded: the cue lexicons of a folder.  Both
 * passes (detect_turn.c, detect.c) run over it. */
#include "compat.h"
#include "detect.h"
#include "lexicon.h"
#include "textnorm.h"
#include "util.h"

#include <stdlib.h>

struct detector {
	struct lexicon *lx;
};

struct detector *detector_load(const char *lexicon_dir)
{
	struct detector *det = NULL;
	struct textnorm *tn = textnorm_new();
	struct lexicon *lx = lexicon_new();
	if (!tn)
		goto out;
	if (lexicon_load_dir(lx, tn, lexicon_dir))
		goto out;
	det = xcalloc(1, sizeof(*det));
	det->lx = lx;
	lx = NULL;
out:
	lexicon_free(lx);
	textnorm_free(tn);
	return det;
}

void detector_free(struct detector *det)
{
	if (!det)
		return;
	lexicon_free(det->lx);
	free(det);
}

const struct lexicon *detector_lexicon(const struct detector *det)
{
	return det->lx;
}
