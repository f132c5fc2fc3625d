# Retraining when due, and only then: no model yet => train; nothing new =>
# keep the model; the model too old => train again; enough new outcomes =>
# train again.  Each new model scores the whole history again.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
[ -x "$TOOLS/gen_corpus" ] || fail "no corpus generator at $TOOLS/gen_corpus"
"$TOOLS/gen_corpus" --seed 21 --dialogues 700 --out gen1 --start 2026-10-15 --days 60 >/dev/null 2>&1 || fail "gen_corpus"
"$TOOLS/gen_corpus" --seed 22 --dialogues 400 --out gen2 --start 2026-11-10 --days 30 --prefix tg- >/dev/null 2>&1 || fail "gen_corpus"
mkdir inbox
cp gen1/* inbox/
night() {
	"$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models \
		--lexicons "$ROOT/models" --learner liblinear "$@"
}
export LEADQA_NOW=2026-12-20T03:00:00Z
expect_status 0 night
contains err "training: no model yet"
[ "$(sql 'SELECT count(*) FROM models')" = 1 ] || fail "no model after the first night"
v1=$(sql 'SELECT version FROM models')
[ "$(sql "SELECT count(*) FROM scores WHERE model_version = '$v1'")" = 700 ] || fail "not every dialogue scored with $v1"

export LEADQA_NOW=2026-12-21T03:00:00Z
expect_status 0 night
contains err "not due: model $v1 is recent"
[ "$(sql 'SELECT count(*) FROM models')" = 1 ] || fail "retrained with nothing new"

# thirty days later the model is too old
export LEADQA_NOW=2027-01-20T03:00:00Z
expect_status 0 night --retrain-max-age-days 30
contains err "days old (limit 30)"
[ "$(sql 'SELECT count(*) FROM models')" = 2 ] || fail "not retrained by age"
v2=$(sql 'SELECT version FROM models ORDER BY trained_at DESC, version DESC LIMIT 1')
[ "$(sql "SELECT count(*) FROM scores WHERE model_version = '$v2'")" = 700 ] || fail "history not rescored with $v2"

# new outcomes: more labeled dialogues than the model learned from
cp gen2/* inbox/
export LEADQA_NOW=2027-01-21T03:00:00Z
expect_status 0 night --retrain-min-outcomes 10 --retrain-max-age-days 0
contains err "labeled dialogues now, model $v2 learned from"
[ "$(sql 'SELECT count(*) FROM models')" = 3 ] || fail "not retrained on new outcomes"
[ "$(sql 'SELECT count(*) FROM scores')" = 1100 ] || fail "new dialogues not scored"
# the summary of the last night, in the runs table
sql "SELECT summary FROM runs ORDER BY id DESC LIMIT 1" | grep -q '"step":"train","status":0' || fail "summary lacks the train step"
exit 0
