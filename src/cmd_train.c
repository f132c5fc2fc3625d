/* cmd_train.c — placeholder until the train stage lands. */
#include "cmd.h"
#include "util.h"

const char usage_train[] = "usage: leadqa train\n";

int cmd_train(int argc, char **argv, struct lq_context *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	error("train: not available in this build");
	return EXIT_FAILED;
}
