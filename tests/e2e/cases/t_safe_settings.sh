# Careless settings are settings errors (exit 2, FILE:LINE), found when the
# file is read, before the lock, the database or any output is touched: an
# empty path (an empty `db =` ran the night on a throwaway temporary
# database and said "done"), a number beyond its range (a huge
# retrain_max_age_days overflowed and retrained every night), a thread
# count score would refuse only at the score step.
source "$ROOT/tests/e2e/lib.sh"
mkdir inbox
cp "$FIXTURES/night/inbox/chats-1126.xml" inbox/
run() { expect_status 2 "$LEADQA" nightly --config "$1" --model-dir models --lexicons "$ROOT/models"; }
printf 'inbox = inbox\nout = nout\ndb =\n' > empty-db.conf
run empty-db.conf
contains err "empty-db.conf:3: db must name a path, not be empty"
printf 'inbox = inbox\nout = ""\n' > empty-out.conf
run empty-out.conf
contains err "empty-out.conf:2: out must name a path, not be empty"
printf 'inbox = inbox\nout = nout\nretrain_max_age_days = 9223372036854775807\n' > age.conf
run age.conf
contains err "age.conf:3: retrain_max_age_days must be within 0..36500, not '9223372036854775807'"
printf 'inbox = inbox\nout = nout\nretrain_max_age_days = 99999999999999999999999\n' > age2.conf
run age2.conf
contains err "age2.conf:3: retrain_max_age_days must be within 0..36500"
printf 'inbox = inbox\nout = nout\nretrain_min_outcomes = 5000000000\n' > min.conf
run min.conf
contains err "min.conf:3: retrain_min_outcomes must be within 0..1000000000"
printf 'inbox = inbox\nout = nout\nscore_threads = 64\n' > threads.conf
run threads.conf
contains err "threads.conf:3: score_threads must be within 0..16, not '64'"
expect_status 2 "$LEADQA" nightly --inbox inbox --out nout --threads 100
contains err "score_threads must be within 0..16, not '100'"
[ ! -e nout ] && [ ! -e leadqa.db ] && [ ! -e leadqa.db.lock ] || fail "a refused setting still touched something: $(ls)"
# the largest accepted age works, and does not retrain by age
printf 'inbox = inbox\nout = nout\nretrain_max_age_days = 36500\ndb = n.db\n' > ok.conf
export LEADQA_NOW=2026-11-27T03:15:00Z
expect_status 0 "$LEADQA" nightly --config ok.conf --model-dir models --lexicons "$ROOT/models"
exit 0
