# The cron wrapper: runs the night from the settings file's folder, logs
# every line with a UTC time stamp, and exits with leadqa's own status
# (0 done, 4 when another night holds the lock, 2 without a settings file).
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-27T03:15:00Z LEADQA_BIN=$LEADQA LEADQA_LOG=$PWD/logs/nightly.log
mkdir -p site/inbox
cp "$FIXTURES/night/inbox/chats-1126.xml" site/inbox/
printf 'db = night.db\ninbox = inbox\nout = out\nlexicon_dir = %s/models\n' "$ROOT" > site/leadqa.conf
expect_status 0 "$ROOT/scripts/leadqa-cron" site/leadqa.conf
[ -f site/out/exports/leads-2026-11-27.csv ] || fail "no export"
[ -d site/models ] || [ ! -d models ] || fail "the wrapper did not work from the settings file's folder"
grep -Eq '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z start: ' logs/nightly.log || fail "no stamped start line"
contains logs/nightly.log "night 2026-11-27: done"
contains logs/nightly.log "end: exit status 0"
# locked: the wrapper passes status 4 on
( flock -x 9; touch held; sleep 4 ) 9>site/night.db.lock &
holder=$!
for i in $(seq 50); do [ -e held ] && break; sleep 0.1; done
expect_status 4 "$ROOT/scripts/leadqa-cron" site/leadqa.conf
contains logs/nightly.log "another run holds"
contains logs/nightly.log "end: exit status 4"
kill $holder 2>/dev/null; wait $holder 2>/dev/null
expect_status 2 "$ROOT/scripts/leadqa-cron" nosuch.conf
exit 0
