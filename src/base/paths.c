/* paths.c — the data folder and the models folder (paths.h). */
#include "compat.h"
#include "paths.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LEADQA_DATADIR
#define LEADQA_DATADIR "/usr/local/share/leadqa"
#endif

static char *data_dir_set;      /* --data-dir / data_dir */
static char *data_dir_found;    /* the result of the lookup, once made */

void paths_set_data_dir(const char *dir)
{
	free(data_dir_set);
	data_dir_set = dir && *dir ? xstrdup(dir) : NULL;
}

int paths_data_dir_given(void)
{
	return data_dir_set != NULL;
}

const char *paths_builtin_data_dir(void)
{
	return LEADQA_DATADIR;
}

static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* The folder of the running binary, through any symlink (./leadqa in the
 * source tree points into build/rel/); NULL when the kernel will not say. */
static char *binary_dir_new(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	return xstrndup(buf, slash == buf ? 1 : (size_t)(slash - buf));
}

const char *paths_data_dir(void)
{
	static const char *const beside[] = { "/data", "/../share/leadqa" };
	char *bindir;
	if (data_dir_set)
		return data_dir_set;
	if (data_dir_found)
		return data_dir_found;
	bindir = binary_dir_new();
	for (size_t i = 0; bindir && i < sizeof(beside) / sizeof(beside[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, bindir);
		strbuf_adds(&sb, beside[i]);
		if (is_dir(sb.buf)) {
			/* "/usr/bin/../share/leadqa" reads better as "/usr/share/leadqa" */
			char *real = realpath(sb.buf, NULL);
			data_dir_found = real ? real : strbuf_detach(&sb);
			strbuf_release(&sb);
			break;
		}
		strbuf_release(&sb);
	}
	free(bindir);
	if (!data_dir_found)
		data_dir_found = xstrdup(LEADQA_DATADIR);
	return data_dir_found;
}

char *paths_model_dir_new(const char *db_path)
{
	const char *slash = db_path ? strrchr(db_path, '/') : NULL;
	struct strbuf sb = STRBUF_INIT;
	if (!slash)
		return xstrdup("models");
	strbuf_add(&sb, db_path, (size_t)(slash - db_path) + 1);
	strbuf_adds(&sb, "models");
	return strbuf_detach(&sb);
}
