# Scoring: every dialogue judged; with a model, scores, grades and reasons;
# a second run scores nothing new; --all keeps changed_at of unchanged rows;
# without a model, findings only; shards split the dialogues.
source "$ROOT/tests/e2e/lib.sh"
expect_status 1 "$LEADQA" --db leadqa.db train --model-dir models --lexicons "$ROOT/models"
sqlite3 leadqa.db < "$FIXTURES/model/small.sql" || fail "fixture"
cp leadqa.db nomodel.db
expect_status 0 "$LEADQA" --db nomodel.db score --model-dir models --lexicons "$ROOT/models"
contains err "no model"
DB=nomodel.db
[ "$(sql 'SELECT count(*) FROM scores WHERE lead_score IS NULL AND model_version IS NULL')" = 241 ] || fail "scores without model"
[ "$(sql "SELECT count(*) FROM findings WHERE dialogue_id = 'web-9999'")" -ge 0 ] || fail "findings"
DB=leadqa.db
expect_status 0 "$LEADQA" --db leadqa.db train --model-dir models --lexicons "$ROOT/models" --no-baselines
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models"
contains out "scored 241 dialogues"
[ "$(sql "SELECT count(*) FROM scores WHERE model_version = 'lq-20261231-0001' AND lead_grade IN ('A','B','C','D')")" = 241 ] \
	|| fail "not every dialogue graded"
[ "$(sql "SELECT lead_grade FROM scores WHERE dialogue_id = 'web-0003'")" = A ] || fail "qualified-looking dialogue not A"
[ "$(sql "SELECT lead_grade FROM scores WHERE dialogue_id = 'web-0001'")" = D ] || fail "problem dialogue not D"
[ "$(sql "SELECT count(*) FROM scores WHERE lead_score >= 75 AND lead_grade <> 'A' OR lead_score < 25 AND lead_grade <> 'D'")" = 0 ] \
	|| fail "grades do not follow scores"
sql "SELECT top_factors FROM scores WHERE dialogue_id = 'web-0003'" | grep -q . || fail "no reasons"
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models"
contains out "scored 0 dialogues"
sql "UPDATE scores SET changed_at = 5, scored_at = 5"
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models" --all --threads 1
contains out "scored 241 dialogues (0 changed)"
[ "$(sql 'SELECT count(*) FROM scores WHERE changed_at = 5 AND scored_at > 5')" = 241 ] || fail "changed_at moved"
sql "SELECT dialogue_id, lead_score, top_factors FROM scores ORDER BY 1" > one.txt
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models" --all --threads 2
sql "SELECT dialogue_id, lead_score, top_factors FROM scores ORDER BY 1" > two.txt
same one.txt two.txt
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models" --all --shard 1/2 --out s1.db
expect_status 0 "$LEADQA" --db leadqa.db score --lexicons "$ROOT/models" --all --shard 2/2 --out s2.db
a=$(DB=s1.db sql 'SELECT count(*) FROM scores'); b=$(DB=s2.db sql 'SELECT count(*) FROM scores')
[ $((a + b)) = 241 ] && [ "$a" -gt 0 ] && [ "$b" -gt 0 ] || fail "shards $a + $b"
expect_status 2 "$LEADQA" --db leadqa.db score --shard 3/2 --out x.db
