# A big transcript file (past the size from which its fingerprint is taken
# while it loads) loads the same as on one core, keeps its real fingerprint,
# is seen before the second time without a trace, and still keeps the
# dialogues complete before a break.
source "$ROOT/tests/e2e/lib.sh"
"$TOOLS/gen_corpus" --seed 77 --dialogues 20000 --gzip --no-deals --out in 2>/dev/null ||
	fail "gen_corpus"
F=in/transcripts-01.xml.gz
[ "$(stat -c %s "$F")" -gt $((4 << 20)) ] || fail "the corpus is too small to test the overlap"

expect_status 0 "$LEADQA" ingest "$F"
contains err "loaded 20000 new dialogues, 0 replaced, 0 unchanged, 0 skipped"
[ "$(sql "SELECT count(*) FROM dialogues")" = 20000 ] || fail "dialogues"
fp=$(sql "SELECT fingerprint FROM files")
[[ "$fp" =~ ^[0-9a-f]{32}$ ]] || fail "fingerprint kept: '$fp'"

# the same file again, under another name: nothing happens
cp "$F" again.xml.gz
sql "SELECT count(*), sum(n_turns) FROM dialogues" > before.txt
expect_status 0 "$LEADQA" ingest again.xml.gz
contains err "again.xml.gz: seen before (same content as '$F', file #1): nothing changed"
lacks err "loaded"
[ "$(sql "SELECT count(*) FROM files")" = 1 ] || fail "a second files row"
sql "SELECT count(*), sum(n_turns) FROM dialogues" > after.txt
same before.txt after.txt

# one core, inline reading: the same rows
LEADQA_INGEST_THREADS=1 expect_status 0 "$LEADQA" --db one.db ingest "$F"
for t in dialogues turns events identifiers; do
	[ "$(DB=leadqa.db sql ".dump $t" | md5sum)" = "$(DB=one.db sql ".dump $t" | md5sum)" ] ||
		fail "$t differ between two threads and one"
done

# a break in the middle: the complete dialogues before it stay
head -c $(( $(stat -c %s "$F") / 2 )) "$F" > cut.xml.gz
expect_status 3 "$LEADQA" --db cut.db ingest cut.xml.gz
contains err "compressed data ends too early"
kept=$(DB=cut.db sql "SELECT count(*) FROM dialogues")
[ "$kept" -gt 5000 ] && [ "$kept" -lt 15000 ] || fail "kept $kept dialogues of half a file"
[ "$(DB=cut.db sql "SELECT status FROM files")" = partial ] || fail "not partial"
[[ "$(DB=cut.db sql "SELECT fingerprint FROM files")" =~ ^[0-9a-f]{32}$ ]] || fail "cut fingerprint"
exit 0
