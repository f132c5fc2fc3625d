/* cmd_eval.c — placeholder until the eval stage lands. */
#include "cmd.h"
#include "util.h"

const char usage_eval[] = "usage: leadqa eval\n";

int cmd_eval(int argc, char **argv, struct lq_context *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	error("eval: not available in this build");
	return EXIT_FAILED;
}
