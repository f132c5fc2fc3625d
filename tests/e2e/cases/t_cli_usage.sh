# The command-line contract: --version, help, --help on every command, and
# exit status 2 for wrong usage.
source "$ROOT/tests/e2e/lib.sh"
expect_status 0 "$LEADQA" --version
grep -Eq '^leadqa [0-9]+\.[0-9]+\.[0-9]+$' out || fail "bad --version: $(cat out)"
expect_status 0 "$LEADQA" --help
cp out main-help
for c in ingest train score export report eval nightly merge show; do
	contains main-help "$c"
	expect_status 0 "$LEADQA" help "$c"
	contains out "usage: leadqa"
	expect_status 0 "$LEADQA" "$c" --help
	contains out "usage: leadqa"
	[ ! -e leadqa.db ] || fail "'$c --help' created a database"
done
expect_status 2 "$LEADQA"
expect_status 2 "$LEADQA" frobnicate
contains err "unknown command 'frobnicate'"
expect_status 2 "$LEADQA" --no-such-option ingest
expect_status 2 "$LEADQA" help frobnicate
expect_status 2 "$LEADQA" --db
