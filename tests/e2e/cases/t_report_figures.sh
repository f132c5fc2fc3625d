# The report of a small night: every page parses, the figures on the
# overview match the database, every local link resolves, and the folder
# has no reference outside itself.
source "$ROOT/tests/e2e/lib.sh"
expect_status 0 "$LEADQA" --db leadqa.db score                  # creates the schema
expect_status 0 "$LEADQA" --db leadqa.db report --out empty
contains empty/index.html "leadqa"
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
contains err "night 2026-12-30"   # the summary is on stderr
# figures stored per night, checked against the database itself
[ "$(sql "SELECT value FROM night_figures WHERE night='2026-12-30' AND figure='dialogues'")" = 4.0 ] || fail "dialogues"
want=$(sql "SELECT round(avg(EXISTS(SELECT 1 FROM events e WHERE e.dialogue_id=d.id AND e.type='handoff')),4) FROM dialogues d WHERE date(started,'unixepoch')='2026-12-30'")
got=$(sql "SELECT round(value,4) FROM night_figures WHERE night='2026-12-30' AND figure='escalation'")
[ "$want" = "$got" ] && [ "$got" = 0.25 ] || fail "escalation $got, database says $want"
[ "$(sql "SELECT value FROM night_figures WHERE night='2026-12-30' AND figure='fcr'")" = 0.5 ] || fail "fcr"
[ "$(sql "SELECT value FROM night_figures WHERE night='2026-12-30' AND figure='qualified'")" = 0.5 ] || fail "qualified"
[ "$(sql "SELECT value FROM night_figures WHERE night='2026-12-30' AND figure='judged'")" = 2.0 ] || fail "judged"
[ "$(sql "SELECT value FROM night_figures WHERE night='2026-12-29' AND figure='qualified'")" = 1.0 ] || fail "previous night qualified"
[ "$(sql "SELECT value FROM night_figures WHERE night='2026-12-30' AND figure='escalation@handed'")" = 1.0 ] || fail "handed group"
[ "$(sql "SELECT value FROM night_figures WHERE night='2026-12-30' AND figure='premature@bot'")" = 0.0 ] || fail "bot group"
# the same figures on the page, with the change against the night before
contains rep/index.html "First-contact resolution"
contains rep/index.html ">50.0%<"
contains rep/index.html ">25.0%<"
contains rep/index.html "vs 2026-12-29"
contains rep/index.html "/pricing"
contains rep/index.html "operator · op-12"
# every page parses; only the inline SVG element names are unknown to the HTML 4 parser
for f in rep/*.html rep/d/*.html; do
	xmllint --html --noout "$f" 2>&1 | grep 'error' | grep -vE 'Tag (svg|g|line|path|circle|rect|text) invalid' && fail "$f does not parse"
done
# pages of each kind exist
for f in index flagged-1 funnel model detectors quality; do [ -s "rep/$f.html" ] || fail "no $f.html"; done
[ "$(ls rep/d | wc -l)" -eq 4 ] || fail "expected 4 dialogue pages: $(ls rep/d)"
# every local link resolves, nothing points outside the folder
for f in rep/*.html rep/d/*.html; do
	grep -o 'href="[^"]*"' "$f" | sed 's/^href="//; s/"$//; s/#.*//' | while read -r l; do
		[ -z "$l" ] && continue
		case "$l" in *://*|//*|/*) fail "$f links outside: $l" ;; esac
		[ -f "$(dirname "$f")/$l" ] || fail "$f: broken link $l"
	done || exit 1
done
! grep -lE '(src|href)="(https?:)?//' rep/*.html rep/d/*.html || fail "external reference"
! grep -l '@import\|url(' rep/*.html || fail "external stylesheet reference"
# the funnel: two deals from dialogues, one reached qualified, one lost at new
contains rep/funnel.html ">50.0%<"
# data quality: the rejected file, the merge by e-mail, the unmatched deal
contains rep/quality.html "no deal_id column"
contains rep/quality.html "email"
contains rep/quality.html "D-3"
# the model page shows the newest model against the previous one
contains rep/model.html "m2"
contains rep/model.html "+0.070"
contains rep/model.html "Grid-search surface"
# detectors against trainers: web-2's missed escalation is the one disagreement
contains rep/detectors.html "Disagreements to review"
grep -A3 'href="d/web-2-' rep/detectors.html | grep -q "Missed escalation" || fail "disagreement on web-2 not listed"
