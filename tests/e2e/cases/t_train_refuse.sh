# Too few labeled dialogues of a class: a clear refusal, exit 1, no model.
source "$ROOT/tests/e2e/lib.sh"
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models"
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
# keep only 15 qualified dialogues
sql "DELETE FROM deal_events WHERE deal_id IN (SELECT value FROM identifiers WHERE kind = 'deal' AND customer_id > 45)"
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir m --lexicons "$ROOT/models"
contains err "too little data to train: 15 qualified"
[ -z "$(ls m 2>/dev/null)" ] || fail "a model was written: $(ls m)"
[ "$(sql 'SELECT count(*) FROM models')" = 0 ] || fail "models row written"
