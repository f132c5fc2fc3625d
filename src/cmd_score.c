/* cmd_score.c — placeholder until the score stage lands. */
#include "cmd.h"
#include "util.h"

const char usage_score[] = "usage: leadqa score\n";

int cmd_score(int argc, char **argv, struct lq_context *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	error("score: not available in this build");
	return EXIT_FAILED;
}
