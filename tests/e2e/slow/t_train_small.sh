# Train on a small labeled set, then score: a new versioned model file, its
# row in the models table, scores with grades and reasons for every dialogue.
source "$ROOT/tests/e2e/lib.sh"
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models"
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" --no-baselines
contains out "model lq-20261231-0001 m/lq-20261231-0001.model"
contains out "80 qualified"
[ -f m/lq-20261231-0001.model ] || fail "no model file"
head -1 m/lq-20261231-0001.model | grep -qx "leadqa-model 1" || fail "bad header"
grep -q '^layout lq-features-4$' m/lq-20261231-0001.model || fail "no layout line"
[ "$(sql "SELECT count(*) FROM models WHERE version = 'lq-20261231-0001' AND cv_auc > 0.85 AND n_train = 240")" = 1 ] \
	|| fail "models row: $(sql 'SELECT version, cv_auc, n_train FROM models')"
sql "SELECT metrics FROM models" | grep -q '"reliability":\[{"predicted"' || fail "no reliability in metrics"
# a second training never replaces the first
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models" --no-baselines
contains out "model lq-20261231-0002"
[ -f m/lq-20261231-0001.model ] || fail "first model gone"
