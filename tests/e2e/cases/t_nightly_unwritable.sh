# An output that cannot be written (the out folder is a regular file, or
# out/exports is one): a clear error, exit status 1, no export recorded, no
# latest link pointing at nothing.  What was done before (the loaded
# dialogues, their scores) stays, and the next night with a good folder
# completes.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-27T03:15:00Z
mkdir inbox
cp "$FIXTURES/night/inbox/chats-1126.xml" "$FIXTURES/night/inbox/deals-1126.csv" inbox/
echo "a file, not a folder" > blocker
expect_status 1 "$LEADQA" --db night.db nightly --inbox inbox --out blocker/out --model-dir models --lexicons "$ROOT/models"
contains err "cannot create folder 'blocker/out/reports'"
contains err "cannot create folder 'blocker/out/exports'"
contains err "night 2026-11-27: failed"
[ "$(sql 'SELECT count(*) FROM exports')" = 0 ] || fail "a failed export was recorded"
[ "$(sql 'SELECT count(*) FROM dialogues')" = 4 ] || fail "ingest before the failure was lost"
[ "$(sql "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = 1 ] || fail "run status not 1"

# report fine, export folder blocked
mkdir nightout && echo x > nightout/exports
expect_status 1 "$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models --lexicons "$ROOT/models"
contains err "cannot create folder 'nightout/exports'"
[ -L nightout/reports/latest ] || fail "the report should still be written"
[ "$(sql 'SELECT count(*) FROM exports')" = 0 ] || fail "a failed export was recorded"

# a folder that refuses the file (read-only file system)
if [ -d /proc/self ]; then
	expect_status 1 "$LEADQA" --db night.db nightly --inbox inbox --out /proc/self/leadqa --model-dir models --lexicons "$ROOT/models"
	[ "$(sql 'SELECT count(*) FROM exports')" = 0 ] || fail "a failed export was recorded"
fi

# fixed: the next run completes
rm nightout/exports
expect_status 0 "$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models --lexicons "$ROOT/models"
[ -f nightout/exports/leads-2026-11-27.csv ] || fail "export missing after the fix"
[ "$(sql 'SELECT count(*) FROM exports')" = 1 ] || fail "export not recorded"
exit 0
