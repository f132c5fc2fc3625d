# The per-deal summary the funnel, lead-handling and data-quality pages
# read is brought up to date with what changed since the last report
# (deal_summary.h); the pages must be those of a summary built at once.
# One database loads a history in one step; the other in three, with a
# report after each (the second half of the dialogues arriving after deals
# that name them, rows added to deals already summarised, a dialogue
# deleted): the last reports are byte-identical, and so are the summaries
# and the running counts.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T06:00:00Z TZ=UTC
"$TOOLS/gen_corpus" --seed 11 --dialogues 2400 --days 60 --start 2026-11-23 --files 2 \
	--out corpus 2>gen.err || fail "gen_corpus failed: $(cat gen.err)"
# rows for deals of the first file: a person touches a bot lead nobody
# touched, another deal is won; dated inside the report's window
printf 'deal_id,stage,changed_at,changed_by,email,dialogue_id\n' >extra.csv
pick() { grep -o '^D-[^;]*' corpus/deals-1.csv | sed -n "$1p"; }
printf '%s,qualified,2026-11-20T10:00:00Z,a.manager,x1@example.org,\n' "$(pick 40)" >>extra.csv
printf '%s,won,2026-11-21T10:00:00Z,b.manager,x2@example.org,web-9999999\n' "$(pick 120)" >>extra.csv

steps() {
	local db=$1
	shift
	for files in "$@"; do
		# shellcheck disable=SC2086
		expect_status 0 "$LEADQA" --db "$db" ingest $files
		expect_status 0 "$LEADQA" --db "$db" report --out "rep-$db" --tz UTC --refresh 30
	done
}
steps one.db "corpus/transcripts-01.xml corpus/deals-1.csv corpus/transcripts-02.xml corpus/deals-2.csv extra.csv"
contains err "deals rebuilt"
steps two.db "corpus/transcripts-01.xml corpus/deals-1.csv" "corpus/transcripts-02.xml corpus/deals-2.csv" extra.csv
contains err "deals brought up to date"
lacks err "deals rebuilt"
# the second step's dialogues and rows were summarised one by one, not rebuilt
grep -q "report: deal summary ([1-9][0-9]* deals brought up to date" err || fail "no deal was brought up to date"
diff -r rep-one.db rep-two.db >diff.out || { head -40 diff.out >&2; fail "pages differ after a stepwise update"; }
summary="SELECT * FROM deal_summary ORDER BY deal_id"
counts="SELECT name, value FROM store_counts WHERE name LIKE 'dialogues%' OR name = 'deal_summary_rows' ORDER BY name"
[ "$(DB=one.db sql "$summary")" = "$(DB=two.db sql "$summary")" ] || fail "the summaries differ"
[ "$(DB=one.db sql "$counts")" = "$(DB=two.db sql "$counts")" ] || fail "the running counts differ"
[ "$(DB=two.db sql "SELECT count(*) FROM deal_summary")" = "$(DB=two.db sql "SELECT count(DISTINCT deal_id) FROM deal_events")" ] ||
	fail "a deal is missing from the summary"

# a dialogue deleted (as retention does), one re-exported with another
# start, and dialogues some deals matched scored: the deals that matched
# them are summarised again, the counts follow
for db in one.db two.db; do
	DB=$db sql "DELETE FROM dialogues WHERE id = (SELECT dialogue FROM deal_summary WHERE dialogue IS NOT NULL ORDER BY deal_id LIMIT 1);
		UPDATE dialogues SET started = started - 86400 * 40, has_contact = 0, version = version + 1
		 WHERE id = (SELECT dialogue FROM deal_summary WHERE dialogue IS NOT NULL ORDER BY deal_id DESC LIMIT 1);
		INSERT OR REPLACE INTO scores(dialogue_id, content_hash, lead_score, lead_grade, premature, missed,
		 scored_at, changed_at)
		 SELECT dialogue, 'x', 91, 'A', 1, 0, 0, 0 FROM deal_summary WHERE dialogue IS NOT NULL AND bot
		 ORDER BY deal_id LIMIT 5 OFFSET 3;
		-- as the scores' writers note what they write (t_score_write_volume)
		INSERT OR IGNORE INTO summary_dirty(kind, id)
		 SELECT 'dialogue', dialogue FROM deal_summary WHERE dialogue IS NOT NULL AND bot
		 ORDER BY deal_id LIMIT 5 OFFSET 3"
done
expect_status 0 "$LEADQA" --db two.db report --out rep-two.db --tz UTC --refresh 30
contains err "deals brought up to date"
# one.db rebuilt from scratch: the reference
DB=one.db sql "UPDATE store_counts SET value = 0 WHERE name = 'deal_summary_built'"
expect_status 0 "$LEADQA" --db one.db report --out rep-one.db --tz UTC --refresh 30
contains err "deals rebuilt"
diff -r rep-one.db rep-two.db >diff.out || { head -40 diff.out >&2; fail "pages differ after a dialogue changed"; }
[ "$(DB=one.db sql "$summary")" = "$(DB=two.db sql "$summary")" ] || fail "the summaries differ after a dialogue changed"
[ "$(DB=one.db sql "$counts")" = "$(DB=two.db sql "$counts")" ] || fail "the running counts differ after a dialogue changed"
[ "$(DB=two.db sql "SELECT value FROM store_counts WHERE name = 'dialogues'")" = "$(DB=two.db sql "SELECT count(*) FROM dialogues")" ] ||
	fail "the running count of dialogues is not the count"
[ "$(DB=two.db sql "SELECT value FROM store_counts WHERE name = 'dialogues_anonymous'")" = \
  "$(DB=two.db sql "SELECT count(*) FROM dialogues WHERE has_contact = 0")" ] || fail "the count of anonymous dialogues is wrong"
