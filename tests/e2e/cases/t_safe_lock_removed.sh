# Removing the lock file while a night runs does not let a second night in
# beside it: the database itself is locked too.  The first night is held
# still (a preloaded shim stops it when it opens its reports folder, after
# it took the lock; once), its lock file is removed, and the second night must
# exit with status 4 and touch nothing; the first then finishes.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
cat > shim.c <<'C'
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
DIR *opendir(const char *path)
{
	DIR *(*real)(const char *) = (DIR *(*)(const char *))dlsym(RTLD_NEXT, "opendir");
	const char *w = getenv("STOP_AT_OPENDIR");
	size_t n = strlen(path), m = w ? strlen(w) : 0;
	static int stopped;
	if (w && n >= m && !strcmp(path + n - m, w) && !stopped++)
		raise(SIGSTOP);
	return real(path);
}
C
cc -shared -fPIC -o shim.so shim.c -ldl || fail "cannot build the shim"
mkdir inbox
cp "$FIXTURES/night/inbox/chats-1126.xml" inbox/
export LEADQA_NOW=2026-11-27T03:15:00Z
ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD=$PWD/shim.so STOP_AT_OPENDIR=/reports \
	"$LEADQA" --db night.db nightly --inbox inbox --out one --model-dir models --lexicons "$ROOT/models" >one.out 2>one.err &
first=$!
for i in $(seq 100); do
	[ "$(awk '{print $3}' /proc/$first/stat 2>/dev/null)" = T ] && break
	sleep 0.1
done
[ "$(awk '{print $3}' /proc/$first/stat 2>/dev/null)" = T ] || { kill -9 $first; cat one.err; fail "the first night did not stop"; }
contains night.db.lock "pid $first"
rm night.db.lock
"$LEADQA" --db night.db nightly --inbox inbox --out two --model-dir models --lexicons "$ROOT/models" >out 2>err
got=$?
kill -CONT $first
wait $first; first_status=$?
[ $got -eq 4 ] || { cat err; fail "a second night ran beside the first (status $got)"; }
contains err "another run holds the database 'night.db'"
[ ! -e two ] || fail "the second night wrote outputs"
[ $first_status -eq 0 ] || { cat one.err; fail "the first night failed ($first_status)"; }
[ "$(sql "SELECT count(*) FROM runs WHERE command = 'nightly'")" = 1 ] || fail "runs: $(sql 'SELECT * FROM runs')"
# a lock file that is a link is refused, not truncated
echo precious > victim
rm -f night.db.lock && ln -s victim night.db.lock
expect_status 1 "$LEADQA" --db night.db nightly --inbox inbox --out one --model-dir models --lexicons "$ROOT/models"
contains err "cannot open lock file 'night.db.lock': it is a link"
[ "$(cat victim)" = precious ] || fail "the lock file's link target was written"
exit 0
