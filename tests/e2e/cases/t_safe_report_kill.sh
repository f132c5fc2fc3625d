# A kill while the new report takes the old one's place never leaves the
# report folder missing (reports/latest dangling) nor an old folder behind
# for ever: the two folders exchange names in one step, and what a killed
# run leaves under its temporary name is removed by the next run.  The kill
# comes from a preloaded shim, right after the first rename that touches
# the report folder.
source "$ROOT/tests/e2e/lib.sh"
cat > shim.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static void maybe_kill(const char *a, const char *b)
{
	const char *w = getenv("KILL_AT_RENAME");
	if (w && (!strcmp(a, w) || !strcmp(b, w)))
		kill(getpid(), SIGKILL);
}
int rename(const char *a, const char *b)
{
	int (*real)(const char *, const char *) = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	int r = real(a, b);
	maybe_kill(a, b);
	return r;
}
int renameat2(int fa, const char *a, int fb, const char *b, unsigned fl)
{
	int (*real)(int, const char *, int, const char *, unsigned) =
		(int (*)(int, const char *, int, const char *, unsigned))dlsym(RTLD_NEXT, "renameat2");
	int r = real(fa, a, fb, b, fl);
	maybe_kill(a, b);
	return r;
}
C
cc -shared -fPIC -o shim.so shim.c -ldl || fail "cannot build the shim"
"$LEADQA" --db leadqa.db score >/dev/null 2>&1   # a command that writes creates the schema
"$LEADQA" --db leadqa.db report --out warm >/dev/null 2>&1   # creates the schema
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
expect_status 0 "$LEADQA" --db leadqa.db report --out r
echo old > r/marker
ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD=$PWD/shim.so KILL_AT_RENAME=r \
	"$LEADQA" --db leadqa.db report --out r >out 2>err
[ $? -eq 137 ] || { cat err; fail "the shim did not kill the run"; }
[ -s r/index.html ] || fail "killed between two renames: the report folder is gone ($(ls -d r* | tr '\n' ' '))"
[ ! -e r/marker ] || fail "the old report is still in place"
# the next run removes what the killed one left
expect_status 0 "$LEADQA" --db leadqa.db report --out r
[ "$(ls -d r* | tr '\n' ' ')" = "r " ] || fail "left behind: $(ls -d r* | tr '\n' ' ')"
exit 0
