/* cmd_merge.c — placeholder until the merge stage lands. */
#include "cmd.h"
#include "util.h"

const char usage_merge[] = "usage: leadqa merge\n";

int cmd_merge(int argc, char **argv, struct lq_context *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	error("merge: not available in this build");
	return EXIT_FAILED;
}
