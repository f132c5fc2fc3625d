# A second night while one holds the lock names the holder, exits 4 and
# touches nothing (not even the database).  The lock is held here by
# flock(1), which writes no pid, and then by a fake holder that does.
source "$ROOT/tests/e2e/lib.sh"
mkdir in
( flock -x 9; touch held; sleep 5 ) 9>night.db.lock &
holder=$!
for i in $(seq 50); do [ -e held ] && break; sleep 0.1; done
expect_status 4 "$LEADQA" --db night.db nightly --inbox in --out nightout
contains err "another run holds 'night.db.lock' (pid unknown)"
[ ! -e night.db ] || fail "the locked run created the database"
[ ! -e nightout ] || fail "the locked run created the out folder"
kill $holder 2>/dev/null; wait $holder 2>/dev/null
rm -f held
# a holder that wrote its pid and start time, as leadqa does
( flock -x 9; printf 'pid 4242 since 1795392000\n' >&9; touch held; sleep 5 ) 9>>night.db.lock &
holder=$!
for i in $(seq 50); do [ -e held ] && break; sleep 0.1; done
expect_status 4 "$LEADQA" --db night.db nightly --inbox in --out nightout
contains err "another run holds 'night.db.lock' (pid 4242, since 2026-11-23T00:00:00Z)"
kill $holder 2>/dev/null; wait $holder 2>/dev/null
# usage errors come before the lock
expect_status 2 "$LEADQA" --db night.db nightly --inbox in
contains err "the inbox and the out folder are required"
expect_status 2 "$LEADQA" --db night.db nightly --inbox in --out nightout --date 2026-13-01
expect_status 2 "$LEADQA" --db night.db nightly --inbox in --out nightout --retrain-min-outcomes many
printf 'inbox = in\nout = nightout\nretrain_every = 3\n' > bad.conf
expect_status 2 "$LEADQA" --db night.db nightly --config bad.conf
contains err "bad.conf:3: unknown setting 'retrain_every'"
exit 0
