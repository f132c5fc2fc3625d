# The same data and settings give the same model file, byte for byte.
source "$ROOT/tests/e2e/lib.sh"
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir a --lexicons "$ROOT/models"
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
cp leadqa.db other.db
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir a --lexicons "$ROOT/models" --no-baselines
expect_status 0 "$LEADQA" --db other.db train --model-dir b --lexicons "$ROOT/models" --no-baselines
cmp a/lq-20261231-0001.model b/lq-20261231-0001.model || fail "model files differ"
expect_status 0 "$LEADQA" --db other.db train --model-dir c --learner liblinear --lexicons "$ROOT/models" --no-baselines
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir d --learner liblinear --lexicons "$ROOT/models" --no-baselines
cmp c/lq-20261231-0002.model d/lq-20261231-0002.model || fail "liblinear model files differ"
