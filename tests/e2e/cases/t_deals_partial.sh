# A deal file that breaks off (an unterminated quote, a cut gzip) keeps the
# rows before the break and says where it broke; gzip is read like plain.
source "$ROOT/tests/e2e/lib.sh"
cp "$FIXTURES/deals/unterminated.csv" cut.csv
expect_status 3 "$LEADQA" ingest cut.csv
contains err "cut.csv:3: unterminated quoted field"
[ "$(sql 'SELECT group_concat(deal_id) FROM deal_events')" = K-1 ] || fail "rows before the break not kept"
gzip -c "$FIXTURES/deals/semicolon_bom_crlf.csv" > crm.csv.gz
expect_status 0 "$LEADQA" ingest crm.csv.gz
[ "$(sql "SELECT count(*) FROM deal_events WHERE file_id = (SELECT id FROM files WHERE path = 'crm.csv.gz')")" = 3 ] ||
	fail "gzip rows not loaded"
# A gzip file cut in the middle keeps the complete rows before the cut.
awk 'BEGIN { print "deal_id,email,stage,changed_at";
	for (i = 1; i <= 20000; i++) printf "G-%d,buyer%d@example.net,new,2026-09-01T10:00:00Z\n", i, i % 700 }' > many.csv
gzip -c many.csv > many.csv.gz
size=$(stat -c %s many.csv.gz)
head -c $((size / 2)) many.csv.gz > half.csv.gz
expect_status 3 "$LEADQA" ingest half.csv.gz
contains err "cannot read: the compressed file ends early"
kept=$(sql "SELECT count(*) FROM deal_events WHERE deal_id LIKE 'G-%'")
[ "$kept" -gt 1000 ] && [ "$kept" -lt 20000 ] || fail "cut gzip: $kept rows kept"
[ "$(sql "SELECT count(*) FROM deal_events WHERE deal_id = 'G-$kept'")" = 1 ] || fail "cut gzip: rows not kept in order"
