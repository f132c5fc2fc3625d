/* config.c — the settings file of the night: key = value lines. */
#include "compat.h"
#include "config.h"
#include "localday.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum setting_type { SET_PATH, SET_WORD, SET_COUNT, SET_BOOL };

struct setting {
	const char *key;
	enum setting_type type;
	size_t offset;
	long min, max;          /* SET_COUNT: the accepted range */
};

#define FIELD(f) offsetof(struct night_config, f), 0, 0
#define COUNT(f, lo, hi) offsetof(struct night_config, f), lo, hi
static const struct setting settings[] = {
	{ "db", SET_PATH, FIELD(db) },
	{ "inbox", SET_PATH, FIELD(inbox) },
	{ "out", SET_PATH, FIELD(out) },
	{ "model_dir", SET_PATH, FIELD(model_dir) },
	{ "data_dir", SET_PATH, FIELD(data_dir) },
	{ "lexicon_dir", SET_PATH, FIELD(data_dir) },   /* the older name of data_dir */
	{ "lang", SET_WORD, FIELD(lang) },
	{ "learner", SET_WORD, FIELD(learner) },
	{ "tz", SET_WORD, FIELD(tz) },
	/* Bounds that keep every use of a number free of overflow (days are
	 * multiplied by 86400) and say a mistyped value at once. */
	{ "retrain_min_outcomes", SET_COUNT, COUNT(retrain_min_outcomes, 0, 1000000000) },
	{ "retrain_max_age_days", SET_COUNT, COUNT(retrain_max_age_days, 0, 36500) },
	/* what `score --threads` accepts; 0 = its default */
	{ "score_threads", SET_COUNT, COUNT(score_threads, 0, 16) },
	/* 0 = ingest's default (INGEST_MAX_TURNS) */
	{ "max_turns_per_dialogue", SET_COUNT, COUNT(max_turns_per_dialogue, 0, 1000000) },
	/* 0 = kept for ever (retention.h) */
	{ "retain_text_days", SET_COUNT, COUNT(retain_text_days, 0, 36500) },
	{ "retain_scores_days", SET_COUNT, COUNT(retain_scores_days, 0, 36500) },
	{ "export_incremental", SET_BOOL, FIELD(export_incremental) },
	{ "force_export", SET_BOOL, FIELD(force_export) },
	{ "untouched_days", SET_WORD, FIELD(untouched_days) },
	{ "mask_personal_data", SET_BOOL, FIELD(mask_personal_data) },
};
#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

void night_config_init(struct night_config *c)
{
	memset(c, 0, sizeof(*c));
	c->retrain_min_outcomes = 50;
	c->retrain_max_age_days = 30;
	c->mask_personal_data = 1;
}

void night_config_release(struct night_config *c)
{
	free(c->db);
	free(c->inbox);
	free(c->out);
	free(c->model_dir);
	free(c->data_dir);
	free(c->lang);
	free(c->learner);
	free(c->untouched_days);
	free(c->tz);
	memset(c, 0, sizeof(*c));
}

static const struct setting *find_setting(const char *key)
{
	for (size_t i = 0; i < N_SETTINGS; i++)
		if (!strcmp(settings[i].key, key))
			return &settings[i];
	return NULL;
}

int night_config_known(const char *key)
{
	return find_setting(key) != NULL;
}

static int complain(const char *file, long line, const char *fmt, const char *a, const char *b)
{
	if (file)
		return error_at(file, line, fmt, a, b);
	return error(fmt, a, b);
}

/* A relative path from a file is taken relative to that file's folder. */
static char *resolve_path(const char *value, const char *file)
{
	const char *slash = file ? strrchr(file, '/') : NULL;
	struct strbuf sb = STRBUF_INIT;
	if (!*value || value[0] == '/' || !slash)
		return xstrdup(value);
	strbuf_add(&sb, file, (size_t)(slash - file) + 1);
	strbuf_adds(&sb, value);
	return strbuf_detach(&sb);
}

static int parse_count(const char *value, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno == ERANGE && v == LONG_MAX && end != value && !*end) {
		*out = LONG_MAX;        /* out of every range: said as such */
		return 0;
	}
	if (errno || end == value || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *value, int *out)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (!strcmp(value, yes[i]))
			return *out = 1, 0;
		if (!strcmp(value, no[i]))
			return *out = 0, 0;
	}
	return -1;
}

int night_config_set(struct night_config *c, const char *key, const char *value,
		     const char *file, long line)
{
	const struct setting *s = find_setting(key);
	char *base = (char *)c;
	if (!s)
		return complain(file, line, "unknown setting '%s'%s", key, "");
	switch (s->type) {
	case SET_PATH:
	case SET_WORD: {
		char **field = (char **)(base + s->offset);
		/* An empty path would mean a throwaway database or the working
		 * folder by accident: always a mistake in a settings file. */
		if (s->type == SET_PATH && !*value)
			return complain(file, line, "%s must name a path, not be empty%s", key, "");
		if (!strcmp(key, "lang") &&
		    strcmp(value, "ru") && strcmp(value, "en") && strcmp(value, "auto"))
			return complain(file, line, "lang must be ru, en or auto, not '%s'%s", value, "");
		if (!strcmp(key, "learner") &&
		    strcmp(value, "libsvm") && strcmp(value, "liblinear") && strcmp(value, "auto"))
			return complain(file, line, "learner must be libsvm, liblinear or auto, not '%s'%s",
					value, "");
		if (!strcmp(key, "untouched_days")) {
			int days[3];
			if (night_config_parse_days(value, days))
				return complain(file, line, "untouched_days must be three ascending numbers of days "
						"1..365 like 1,3,7, not '%s'%s", value, "");
		}
		if (!strcmp(key, "tz") && !localday_zone_ok(value))
			return complain(file, line, "tz must name a zone of the tz database (such as "
					"Europe/Moscow or UTC), not '%s'%s", value, "");
		free(*field);
		if (s->type == SET_WORD && !strcmp(value, "auto"))
			*field = NULL;
		else
			*field = s->type == SET_PATH ? resolve_path(value, file) : xstrdup(value);
		return 0;
	}
	case SET_COUNT: {
		long v;
		if (parse_count(value, &v))
			return complain(file, line, "%s must be a whole number >= 0, not '%s'", key, value);
		if (v < s->min || v > s->max) {
			if (file)
				return error_at(file, line, "%s must be within %ld..%ld, not '%s'",
						key, s->min, s->max, value);
			return error("%s must be within %ld..%ld, not '%s'", key, s->min, s->max, value);
		}
		*(long *)(base + s->offset) = v;
		return 0;
	}
	case SET_BOOL:
		if (parse_bool(value, (int *)(base + s->offset)))
			return complain(file, line, "%s must be yes or no, not '%s'", key, value);
		return 0;
	}
	return -1;
}

int night_config_parse_days(const char *s, int out[3])
{
	const char *p = s;
	for (int k = 0; k < 3; k++) {
		char *end;
		long v;
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || v < 1 || v > 365 || (k && v <= out[k - 1]))
			return -1;
		out[k] = (int)v;
		if (k < 2 && *end != ',')
			return -1;
		p = end + (k < 2);
		if (k == 2 && *end)
			return -1;
	}
	return 0;
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Splits "key = value # comment" in place; -1 when there is no '='. */
static int split_line(char *text, char **key, char **value)
{
	char *eq = strchr(text, '=');
	char *v;
	if (!eq)
		return -1;
	*eq = '\0';
	*key = trim(text);
	v = trim(eq + 1);
	if (*v == '"') {
		char *close = strchr(v + 1, '"');
		if (!close)
			return -1;
		*close = '\0';
		*value = v + 1;
		return 0;
	}
	for (char *p = v; *p; p++) {
		if (*p == '#' && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	*value = trim(v);
	return 0;
}

static int parse_line(struct night_config *c, char *text, const char *path, long line)
{
	char *s = trim(text), *key, *value;
	if (!*s || *s == '#')
		return 0;
	if (split_line(s, &key, &value))
		return error_at(path, line, "expected 'key = value'");
	if (!*key)
		return error_at(path, line, "missing key before '='");
	return night_config_set(c, key, value, path, line);
}

int night_config_read(struct night_config *c, FILE *f, const char *path)
{
	char *text = NULL;
	size_t cap = 0;
	long line = 0;
	int ret = 0;
	while (getline(&text, &cap, f) >= 0) {
		line++;
		if (parse_line(c, text, path, line)) {
			ret = -1;
			goto out;
		}
	}
	if (ferror(f))
		ret = error("cannot read settings file '%s': %s", path, strerror(errno));
out:
	free(text);
	return ret;
}

int night_config_load(struct night_config *c, const char *path)
{
	FILE *f = fopen(path, "r");
	int ret;
	if (!f)
		return error("cannot open settings file '%s': %s", path, strerror(errno));
	ret = night_config_read(c, f, path);
	fclose(f);
	return ret;
}
