/* model_file.c — the model file: a header of "key value" lines, the
 * metrics, then the engine's own model text. */
#include "compat.h"
#include "model.h"
#include "jsonread.h"
#include "learner.h"
#include "model_impl.h"
#include "safefile.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the model file ---- */

static int read_whole(const char *path, struct strbuf *sb)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	if (!f)
		return error("cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	if (ferror(f)) {
		fclose(f);
		return error("cannot read '%s'", path);
	}
	fclose(f);
	return 0;
}

/* The engine's own model text, via a file in memory (the engines write
 * files only; one in memory leaves nothing behind when the run is killed). */
static int engine_text(const struct lq_model *m, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;
	int fd = safe_memfile(&path), ret = -1;
	if (fd < 0)
		goto out;
	if (learner_save(m->eng, path.buf)) {
		error("cannot save the %s model", model_learner_name(m->learner));
		goto out;
	}
	ret = safe_memfile_read(fd, out);
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	return ret;
}

int model_save(const struct lq_model *m, const char *path)
{
	struct strbuf sb = STRBUF_INIT, eng = STRBUF_INIT;
	struct stat st;
	char when[21];
	int ret = -1;
	if (!stat(path, &st))
		return error("model file '%s' exists already", path);
	if (engine_text(m, &eng))
		goto out;
	strbuf_addf(&sb, "%s\n", MODEL_FORMAT);
	strbuf_addf(&sb, "version %s\nlayout %s\nhash_seed %llu\nhash_bits %d\ndim %d\n",
		    m->version, FEATURES_LAYOUT, (unsigned long long)m->layout.seed,
		    m->layout.hash_bits, features_dim(&m->layout));
	strbuf_addf(&sb, "learner %s\nkernel %s\nc %.17g\ngamma %.17g\nseed %u\n",
		    model_learner_name(m->learner), model_kernel_name(m->kernel), m->c, m->gamma, m->seed);
	strbuf_addf(&sb, "weight_pos %.17g\nweight_neg %.17g\n", m->weight_pos, m->weight_neg);
	if (m->has_platt)
		strbuf_addf(&sb, "platt %.17g %.17g\n", m->platt_a, m->platt_b);
	else
		strbuf_adds(&sb, "platt none\n");
	format_time(m->as_of, when);
	strbuf_addf(&sb, "trained_at %s\nas_of %s\nwindow_days %lld\n", when, when,
		    (long long)(m->window / 86400));
	strbuf_addf(&sb, "n_train %zu\nn_pos %zu\nn_neg %zu\n", m->n_train, m->n_pos, m->n_neg);
	for (int i = 0; i < FS_COUNT; i++)
		strbuf_addf(&sb, "scale %s %.17g %.17g\n", feature_struct_name(i), m->scale.lo[i], m->scale.hi[i]);
	strbuf_addf(&sb, "metrics %s\n", model_metrics_json(m));
	strbuf_addf(&sb, "engine-bytes %zu\n", eng.len);
	strbuf_add(&sb, eng.buf ? eng.buf : "", eng.len);
	ret = safe_write_atomic(path, sb.buf, sb.len);
out:
	strbuf_release(&sb);
	strbuf_release(&eng);
	return ret;
}

/* One header line "key rest" from *pos; returns 0 at the end of the header. */
static int next_line(const char *buf, size_t len, size_t *pos, char *key, size_t keysz, const char **rest, size_t *rlen)
{
	size_t s = *pos, e = s, k;
	if (s >= len)
		return 0;
	while (e < len && buf[e] != '\n')
		e++;
	for (k = s; k < e && buf[k] != ' '; k++)
		;
	snprintf(key, keysz, "%.*s", (int)(k - s), buf + s);
	*rest = buf + (k < e ? k + 1 : e);
	*rlen = e - (k < e ? k + 1 : e);
	*pos = e < len ? e + 1 : e;
	return 1;
}

static int parse_header_line(struct lq_model *m, const char *key, const char *val)
{
	if (!strcmp(key, "version"))
		snprintf(m->version, sizeof(m->version), "%.63s", val);
	else if (!strcmp(key, "layout") && strcmp(val, FEATURES_LAYOUT))
		return error("feature layout '%s' is not this program's '%s'", val, FEATURES_LAYOUT);
	else if (!strcmp(key, "hash_seed"))
		m->layout.seed = strtoull(val, NULL, 10);
	else if (!strcmp(key, "hash_bits"))
		m->layout.hash_bits = (int)strtol(val, NULL, 10);
	else if (!strcmp(key, "learner"))
		m->learner = !strcmp(val, "liblinear") ? LEARNER_LIBLINEAR : LEARNER_LIBSVM;
	else if (!strcmp(key, "kernel"))
		m->kernel = !strcmp(val, "rbf") ? KERNEL_RBF : KERNEL_LINEAR;
	else if (!strcmp(key, "c"))
		m->c = strtod(val, NULL);
	else if (!strcmp(key, "gamma"))
		m->gamma = strtod(val, NULL);
	else if (!strcmp(key, "seed"))
		m->seed = (unsigned)strtoul(val, NULL, 10);
	else if (!strcmp(key, "weight_pos"))
		m->weight_pos = strtod(val, NULL);
	else if (!strcmp(key, "weight_neg"))
		m->weight_neg = strtod(val, NULL);
	else if (!strcmp(key, "platt"))
		m->has_platt = sscanf(val, "%lf %lf", &m->platt_a, &m->platt_b) == 2;
	else if (!strcmp(key, "as_of"))
		parse_time(val, &m->as_of);
	else if (!strcmp(key, "window_days"))
		m->window = (int64_t)strtoll(val, NULL, 10) * 86400;
	else if (!strcmp(key, "n_train"))
		m->n_train = strtoull(val, NULL, 10);
	else if (!strcmp(key, "n_pos"))
		m->n_pos = strtoull(val, NULL, 10);
	else if (!strcmp(key, "n_neg"))
		m->n_neg = strtoull(val, NULL, 10);
	else if (!strcmp(key, "metrics"))
		m->metrics = xstrdup(val);
	else if (!strcmp(key, "scale")) {
		char name[64];
		double lo, hi;
		int i;
		if (sscanf(val, "%63s %lf %lf", name, &lo, &hi) != 3)
			return error("bad scale line '%s'", val);
		for (i = 0; i < FS_COUNT && strcmp(feature_struct_name(i), name); i++)
			;
		if (i == FS_COUNT)
			return error("unknown structural feature '%s'", name);
		m->scale.lo[i] = lo;
		m->scale.hi[i] = hi;
	}
	return 0;
}

static int load_engine(struct lq_model *m, const char *text, size_t n)
{
	struct strbuf path = STRBUF_INIT;
	int fd = safe_memfile(&path), ret = -1;
	if (fd < 0)
		goto out;
	if (safe_memfile_write(fd, text, n))
		goto out;
	m->eng = learner_load(path.buf, m->learner == LEARNER_LIBLINEAR);
	if (!m->eng) {
		error("cannot read the %s part of the model", model_learner_name(m->learner));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	return ret;
}

struct lq_model *model_load(const char *path)
{
	struct lq_model *m = xcalloc(1, sizeof(*m));
	struct strbuf sb = STRBUF_INIT;
	size_t pos = 0, rlen, eng_len = 0;
	char key[64], val[65536];
	const char *rest;
	int have_engine = 0, dim = -1;
	feature_scale_init(&m->scale);
	if (read_whole(path, &sb))
		goto fail;
	if (!next_line(sb.buf ? sb.buf : "", sb.len, &pos, key, sizeof(key), &rest, &rlen) ||
	    strncmp(sb.buf, MODEL_FORMAT "\n", strlen(MODEL_FORMAT) + 1)) {
		error("'%s' is not a leadqa model file", path);
		goto fail;
	}
	while (next_line(sb.buf, sb.len, &pos, key, sizeof(key), &rest, &rlen)) {
		if (!strcmp(key, "engine-bytes")) {
			eng_len = strtoull(rest, NULL, 10);
			have_engine = 1;
			break;
		}
		if (!strcmp(key, "metrics")) {
			free(m->metrics);
			m->metrics = xstrndup(rest, rlen);
			continue;
		}
		snprintf(val, sizeof(val), "%.*s", (int)rlen, rest);
		if (!strcmp(key, "dim"))
			dim = (int)strtol(val, NULL, 10);
		else if (parse_header_line(m, key, val)) {
			error("'%s': model rejected", path);
			goto fail;
		}
	}
	if (!have_engine || pos + eng_len != sb.len) {
		error("'%s': model file is truncated", path);
		goto fail;
	}
	if (m->layout.hash_bits < 1 || m->layout.hash_bits > 26 || dim != features_dim(&m->layout)) {
		error("'%s': feature dimension %d does not match the layout", path, dim);
		goto fail;
	}
	if (load_engine(m, sb.buf + pos, eng_len) || model_collapse(m))
		goto fail;
	{
		/* the headline figures, for the report and `leadqa eval` (NAN when
		 * the metrics say null or are missing) */
		struct jsonr *metrics = jsonr_parse(m->metrics);
		m->cv_auc = jsonr_num(jsonr_get(metrics, "cv_auc"));
		m->time_auc = jsonr_num(jsonr_get(metrics, "time_auc"));
		m->cv_accuracy = jsonr_num(jsonr_get(metrics, "cv_accuracy"));
		m->brier = jsonr_num(jsonr_get(metrics, "brier"));
		jsonr_free(metrics);
	}
	model_build_options(m);
	strbuf_release(&sb);
	return m;
fail:
	strbuf_release(&sb);
	model_free(m);
	return NULL;
}
