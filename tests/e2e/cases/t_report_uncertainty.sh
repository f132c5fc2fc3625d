# Every rate on the overview carries its n and a 95% Wilson interval; a
# rate on 4 dialogues is greyed with its count and its change is not
# coloured; lagging figures (first-contact resolution, 7 days; qualified-lead
# rate, 30 days) are provisional while their window is open, with hollow
# points on the trends; tiles compare with the nights before as well.
source "$ROOT/tests/e2e/lib.sh"
expect_status 0 "$LEADQA" --db leadqa.db score
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
contains rep/index.html "n = 4 · 95% interval 15.0–85.0%"
contains rep/index.html 'class="card thin" id="fcr"'
contains rep/index.html "Only 4: too few to read (under 20)."
contains rep/index.html "too few to judge (vs 2026-12-29)"
lacks rep/index.html 'class="delta worse"'
lacks rep/index.html 'class="delta better"'
contains rep/index.html "Provisional: final on 2027-01-06, when its 7-day window closes."
contains rep/index.html "Provisional: final on 2027-01-29, when its 30-day window closes."
contains rep/index.html 'fill="#fff"'
contains rep/index.html "Hollow points: provisional nights"
# two nights only: the baseline of the nights before would be the previous night again
lacks rep/index.html "nights before"
contains rep/index.html ' n=4<'
# a month later the same night's figures are final: no provisional note
LEADQA_NOW=2027-02-15T00:00:00Z expect_status 0 "$LEADQA" --db leadqa.db report --out late --lang en --night 2026-12-30
lacks late/index.html "Provisional:"
lacks late/index.html 'fill="#fff"'
exit 0
