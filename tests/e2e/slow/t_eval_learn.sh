# eval --learn: turn classifiers are cross-validated against the lexicon,
# only winners are written, the comparison is recorded and printed, and a
# dry run writes nothing.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_DB=$PWD/leadqa.db
"$TOOLS/gen_corpus" --seed 41 --dialogues 160 --labels 160 --no-deals --prefix tu- --out tune >/dev/null ||
	fail "gen_corpus"
"$TOOLS/gen_corpus" --seed 42 --dialogues 60 --labels 60 --no-deals --prefix ho- --heldout --out held >/dev/null ||
	fail "gen_corpus"
expect_status 0 "$LEADQA" ingest tune/*.xml held/*.xml
mkdir models && cp "$ROOT"/models/lexicon-*.txt models/

expect_status 0 "$LEADQA" eval --learn --dry-run --learn-from 'tu-*' --dialogues 'ho-*' --models models
[ ! -e models/turnclf-cv.txt ] || fail "a dry run wrote the comparison"
ls models | grep -q '^turnclf-' && fail "a dry run wrote classifiers"
contains out "turn classifiers (out-of-fold F1 when learned)"

expect_status 0 "$LEADQA" eval --learn --learn-from 'tu-*' --dialogues 'ho-*' --models models --json
python3 -m json.tool out >/dev/null || fail "eval --json is not JSON"
[ "$(grep -v '^#' models/turnclf-cv.txt | grep -vc '^finding \|^dropped ')" -eq 6 ] || fail "turnclf-cv.txt should hold 6 tags"
[ "$(grep -c '^finding ' models/turnclf-cv.txt)" -eq 3 ] || fail "turnclf-cv.txt should compare 3 findings"
# every tag that uses the combination has its model and header; the others none
while read -r tag learned _ _ _ lex comb _ rule _; do
	case $tag in \#* | finding | dropped) continue ;; esac
	if [ "$rule" = lexicon ]; then
		[ ! -e "models/turnclf-$tag.model" ] || fail "$tag lost but kept a model"
	else
		[ -s "models/turnclf-$tag.model" ] && [ -s "models/turnclf-$tag.head" ] || fail "$tag won but has no model"
		python3 -c "import sys; sys.exit(0 if float('$comb') > float('$lex') else 1)" ||
			fail "$tag uses a combination that does not beat the lexicon ($comb vs $lex)"
	fi
done < models/turnclf-cv.txt
python3 - out <<'PY' || fail "JSON turn classifiers"
import json, sys
j = json.load(open(sys.argv[1]))
tc = j["turn_classifiers"]
assert set(tc) - {"findings", "dropped"} == {"cross-sell-offer", "problem-stated", "problem-resolved", "escalation-request",
                   "frustration", "handoff-context-lost"}, tc
assert j["labeled"] == 60, j["labeled"]
f = tc.pop("findings")
assert set(f) == {"premature-cross-sell", "missed-escalation", "handoff-context-lost"}, f
tc.pop("dropped")
for v in tc.values():
    assert v["using"] in ("lexicon", "combined")
PY

# a plain eval reads the recorded comparison back and says what it uses
expect_status 0 "$LEADQA" eval --dialogues 'ho-*' --models models
contains out "lexicon alone F1"
grep -Eq 'combined F1 [01]\.[0-9]{3}: using (combined|lexicon)' out || fail "no 'using' line"
expect_status 0 "$LEADQA" eval --dialogues 'ho-*' --models models --lexicon-only
contains out "detector: run now, lexicons alone"
