/* fuzz_config — libFuzzer harness for the settings file of the night
 * (config.h): any bytes are read as a settings file; whatever is accepted
 * must lie within the ranges the night relies on, and an empty path is never
 * accepted. */
#include "config.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_path(const char *p)
{
	if (p && !*p)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct night_config c;
	FILE *f;
	lq_quiet = 1;
	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	night_config_init(&c);
	if (night_config_read(&c, f, "fuzz.conf") == 0) {
		check_path(c.db);
		check_path(c.inbox);
		check_path(c.out);
		check_path(c.model_dir);
		check_path(c.data_dir);
		if (c.retrain_min_outcomes < 0 || c.retrain_min_outcomes > 1000000000 ||
		    c.retrain_max_age_days < 0 || c.retrain_max_age_days > 36500 ||
		    c.score_threads < 0 || c.score_threads > 16 ||
		    c.max_turns_per_dialogue < 0 || c.max_turns_per_dialogue > 1000000)
			__builtin_trap();
		if ((c.export_incremental != 0 && c.export_incremental != 1) ||
		    (c.force_export != 0 && c.force_export != 1))
			__builtin_trap();
		if (c.lang && strcmp(c.lang, "ru") && strcmp(c.lang, "en"))
			__builtin_trap();
	}
	fclose(f);
	night_config_release(&c);
	return 0;
}
