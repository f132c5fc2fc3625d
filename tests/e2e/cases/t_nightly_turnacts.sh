# The nightly relearns the turn acts when trainers have labeled the turns of
# more dialogues: from the seed set beside the lexicons plus the database's
# labels, into the model folder (the lexicon folder stays as it was, the
# seed never enters the night's database); a night without new labels
# learns nothing.
DB=night.db
source "$ROOT/tests/e2e/lib.sh"
mkdir -p lex/seed inbox
cp "$ROOT"/models/lexicon-*.txt lex/
"$TOOLS/gen_corpus" --seed 51 --dialogues 60 --labels 60 --no-deals --prefix sd- --out lex/seed/one >/dev/null ||
	fail "gen_corpus"
"$TOOLS/gen_corpus" --seed 52 --dialogues 40 --labels 40 --no-deals --prefix sx- --phrasing 2 --out lex/seed/two >/dev/null ||
	fail "gen_corpus"
"$TOOLS/gen_corpus" --seed 53 --dialogues 50 --labels 50 --no-deals --prefix tr- --out day1 >/dev/null ||
	fail "gen_corpus"
cp day1/* inbox/

night() {
	expect_status 0 "$LEADQA" --db night.db nightly --inbox inbox --out nightout --model-dir models --lexicons lex
}
export LEADQA_NOW=2026-11-27T03:15:00Z
night
n1=$(sql "SELECT count(DISTINCT dialogue_id) FROM label_turns")
[ "$n1" -gt 20 ] || fail "too few dialogues with labeled turns: $n1"
contains err "turn acts learned from $n1 labeled dialogues and the seed set"
[ -s models/turnclf-cv.txt ] || fail "no record of the turn acts in the model folder"
lacks err "lex/seed/"     # the program's own data: loaded without a line in the night's log
grep -q "^labeled_dialogues $n1\$" models/turnclf-labeled.txt || fail "count: $(cat models/turnclf-labeled.txt)"
ls lex | grep -q '^turnclf-' && fail "the lexicon folder was written to"
[ "$(sql "SELECT count(*) FROM dialogues WHERE id LIKE 's%'")" = 0 ] || fail "seed dialogues in the night's database"
cp models/turnclf-cv.txt cv-1

# no new labels: nothing relearned
export LEADQA_NOW=2026-11-28T03:15:00Z
night
grep -q "turn acts" err && fail "relearned without new labels"
cmp -s models/turnclf-cv.txt cv-1 || fail "the record changed"

# trainers label more dialogues: learned again
"$TOOLS/gen_corpus" --seed 54 --dialogues 20 --labels 20 --no-deals --prefix tq- --out day3 >/dev/null ||
	fail "gen_corpus"
cp day3/transcripts-01.xml inbox/t3.xml
cp day3/labels.xml inbox/l3.xml
export LEADQA_NOW=2026-11-29T03:15:00Z
night
n3=$(sql "SELECT count(DISTINCT dialogue_id) FROM label_turns")
[ "$n3" -gt "$n1" ] || fail "no more labeled dialogues: $n3"
contains err "turn acts learned from $n3 labeled dialogues and the seed set"
grep -q "^labeled_dialogues $n3\$" models/turnclf-labeled.txt || fail "count: $(cat models/turnclf-labeled.txt)"

# acts learned over an older layout of the features: learned again, with
# no new labels
sed -i '1s/layout [0-9]*/layout 2/' models/turnclf-cv.txt
export LEADQA_NOW=2026-11-30T03:15:00Z
night
contains err "turn acts learned from $n3 labeled dialogues and the seed set"
head -1 models/turnclf-cv.txt | grep -q "layout 2" && fail "the record keeps the old layout"
true
