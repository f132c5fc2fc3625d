# Saving and loading a model goes through a file in memory: nothing is
# created in $TMPDIR (a run killed while loading once left
# $TMPDIR/leadqa-model-* behind), so training and scoring work even when
# $TMPDIR cannot be written, and leave it empty when it can.
source "$ROOT/tests/e2e/lib.sh"
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir models --lexicons "$ROOT/models"
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
mkdir tmp
TMPDIR=$PWD/tmp expect_status 0 "$LEADQA" --db leadqa.db train --model-dir models --lexicons "$ROOT/models" --no-baselines --learner liblinear
[ -z "$(ls -A tmp)" ] || fail "training left files in TMPDIR: $(ls tmp)"
TMPDIR=$PWD/no-such-folder expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models"
contains err "score: 241 dialogues"
[ -z "$(ls -A tmp)" ] || fail "scoring left files in TMPDIR: $(ls tmp)"
exit 0
