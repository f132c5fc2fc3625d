# leadqa merge brings the scores, findings and turn tags of shard databases
# back: a dialogue scored in a shard loses its old findings and tags, keeps
# changed_at when its exported values did not change; unknown dialogues are
# left out (exit 3); a missing or foreign shard fails and changes nothing.
DB=main.db
source "$ROOT/tests/e2e/lib.sh"
for db in main.db s1.db s2.db; do
	expect_status 0 "$LEADQA" --db $db score # creates the schema (export only reads)
done
sql "INSERT INTO dialogues(id, has_contact, content_hash, ingested_at) VALUES
     ('a', 1, 'ha', 0), ('b', 1, 'hb', 0), ('c', 1, 'hc', 0);
     INSERT INTO scores(dialogue_id, content_hash, lead_score, premature, missed, top_factors,
       model_version, scored_at, changed_at) VALUES
     ('a', 'ha', 40, 1, 0, 'x', 'm1', 100, 100), ('c', 'hc', 70, 0, 0, 'y', 'm1', 100, 100);
     INSERT INTO findings(dialogue_id, kind, seq, turns) VALUES ('a', 'premature-cross-sell', 1, '2');
     INSERT INTO turn_tags(dialogue_id, n, tag) VALUES ('a', 2, 'cross-sell-offer')"
DB=s1.db sql "INSERT INTO scores(dialogue_id, content_hash, lead_score, premature, missed, top_factors,
       model_version, scored_at, changed_at) VALUES ('a', 'ha', 40, 0, 0, 'x', 'm1', 200, 200),
       ('c', 'hc', 70, 0, 0, 'y', 'm1', 200, 200);
     INSERT INTO turn_tags(dialogue_id, n, tag) VALUES ('a', 1, 'problem-stated')"
DB=s2.db sql "INSERT INTO scores(dialogue_id, content_hash, lead_score, premature, missed, top_factors,
       model_version, scored_at, changed_at) VALUES ('b', 'hb', 90, 0, 1, 'z', 'm1', 200, 200);
     INSERT INTO findings(dialogue_id, kind, seq, turns, reason_en) VALUES ('b', 'missed-escalation', 1, '3,4', 'asked twice')"
cp main.db before.db
# a missing shard: nothing merged, no file created
expect_status 1 "$LEADQA" --db main.db merge s1.db nosuch.db
contains err "cannot read shard 'nosuch.db'"
[ ! -e nosuch.db ] || fail "merge created the missing shard"
[ "$(sql 'SELECT count(*) FROM scores')" = 2 ] || fail "failed merge changed scores"

expect_status 0 "$LEADQA" --db main.db merge s1.db s2.db
contains err "merged 2 shards: 3 scores, 1 findings, 1 turn tags"
[ ! -s out ] || fail "merge printed on stdout: $(cat out)"
[ "$(sql "SELECT group_concat(dialogue_id || ':' || premature || ':' || scored_at || ':' || changed_at, ' ')
          FROM (SELECT * FROM scores ORDER BY dialogue_id)")" = "a:0:200:200 b:0:200:200 c:0:200:100" ] \
	|| fail "scores after merge: $(sql 'SELECT * FROM scores')"
[ "$(sql "SELECT count(*) FROM findings WHERE dialogue_id = 'a'")" = 0 ] || fail "stale finding of a kept"
[ "$(sql "SELECT reason_en FROM findings WHERE dialogue_id = 'b'")" = "asked twice" ] || fail "finding of b missing"
[ "$(sql "SELECT group_concat(n || tag) FROM turn_tags")" = "1problem-stated" ] || fail "turn tags: $(sql 'SELECT * FROM turn_tags')"
# merging again changes nothing
sql "SELECT * FROM scores ORDER BY 1; SELECT * FROM findings ORDER BY 1; SELECT * FROM turn_tags ORDER BY 1" > once
expect_status 0 "$LEADQA" --db main.db merge s1.db s2.db
sql "SELECT * FROM scores ORDER BY 1; SELECT * FROM findings ORDER BY 1; SELECT * FROM turn_tags ORDER BY 1" > twice
same once twice
# a shard with a dialogue this database does not hold
DB=s2.db sql "INSERT INTO scores(dialogue_id, content_hash, premature, missed, scored_at, changed_at)
              VALUES ('zz', 'h', 0, 0, 1, 1)"
expect_status 3 "$LEADQA" --db main.db merge s2.db
contains err "1 scores of dialogues this database does not hold were left out"
[ "$(sql "SELECT count(*) FROM scores WHERE dialogue_id = 'zz'")" = 0 ] || fail "unknown dialogue merged"
# not a leadqa database
echo "hello" > junk.db
expect_status 1 "$LEADQA" --db main.db merge junk.db
expect_status 2 "$LEADQA" --db main.db merge
exit 0
