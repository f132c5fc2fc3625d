# Scoring in three shards and merging them gives the same scores, findings
# and turn tags as scoring in one run.
DB=one.db
source "$ROOT/tests/e2e/lib.sh"
[ -x "$TOOLS/gen_corpus" ] || fail "no corpus generator at $TOOLS/gen_corpus"
export LEADQA_NOW=2026-11-24T03:15:00Z
"$TOOLS/gen_corpus" --seed 5 --dialogues 600 --files 2 --labels 100 --out inbox >gen.log 2>&1 \
	|| { cat gen.log; fail "gen_corpus failed"; }
"$LEADQA" --db one.db ingest inbox/* >ingest.out 2>ingest.err
st=$?; [ $st -eq 0 ] || [ $st -eq 3 ] || { tail ingest.err; fail "ingest exited $st"; }
# a model when the data allows one (the comparison holds either way)
model=()
if "$LEADQA" --db one.db train --model-dir models --lexicons "$ROOT/models" >train.out 2>train.err; then
	model=(--model "$(ls models/lq-*.model | head -1)")
fi
cp one.db sharded.db
expect_status 0 "$LEADQA" --db one.db score "${model[@]}" --lexicons "$ROOT/models"
for k in 1 2 3; do
	expect_status 0 "$LEADQA" --db sharded.db score "${model[@]}" --lexicons "$ROOT/models" --shard $k/3 --out s$k.db
done
[ "$(DB=sharded.db sql 'SELECT count(*) FROM scores')" = 0 ] || fail "shards wrote into the main database"
total=0
for k in 1 2 3; do
	n=$(DB=s$k.db sql 'SELECT count(*) FROM scores'); total=$((total + n))
	[ "$n" -gt 0 ] || fail "shard $k scored nothing"
done
[ "$total" = "$(sql 'SELECT count(*) FROM scores')" ] || fail "shards scored $total dialogues, one run $(sql 'SELECT count(*) FROM scores')"
expect_status 0 "$LEADQA" --db sharded.db merge s1.db s2.db s3.db
contains out "merged 3 shards: $total scores"
dump() {
	DB=$1 sql "SELECT * FROM scores ORDER BY dialogue_id;
	           SELECT * FROM findings ORDER BY dialogue_id, kind, seq;
	           SELECT * FROM turn_tags ORDER BY dialogue_id, n, tag;"
}
dump one.db > one.dump
dump sharded.db > sharded.dump
same one.dump sharded.dump
[ -s one.dump ] || fail "nothing scored"
# the CRM export is the same too
expect_status 0 "$LEADQA" --db one.db export --out one.csv
expect_status 0 "$LEADQA" --db sharded.db export --out sharded.csv
same one.csv sharded.csv
exit 0
