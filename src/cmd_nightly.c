/* cmd_nightly.c — placeholder until the nightly stage lands. */
#include "cmd.h"
#include "util.h"

const char usage_nightly[] = "usage: leadqa nightly\n";

int cmd_nightly(int argc, char **argv, struct lq_context *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	error("nightly: not available in this build");
	return EXIT_FAILED;
}
