# The night is the last local day that has ended at the run's now: two
# dialogues just after midnight (a day in progress) and a future-dated one
# are not the night; the page says how old its data is; a night with no
# dialogue says so in a banner and on standard error.  Once the two
# dialogues of 00:12 and 00:40 UTC became "the night" and every trend spiked.
source "$ROOT/tests/e2e/lib.sh"
dlg() {   # id started(UTC) text
	cat <<XML
  <dialogue id="$1" channel="web" page="/p" lang="en" started="$2">
    <turn speaker="client" at="$2">$3</turn>
    <turn speaker="bot" at="$2">Happy to help.</turn>
  </dialogue>
XML
}
{
	echo '<dialogues source="shop">'
	for h in 09 10 11 12 13 14; do dlg "day-$h" "2026-11-26T$h:00:00Z" "How much is the plan?"; done
	dlg late-1 "2026-11-26T22:30:00Z" "Late question"
	dlg early-1 "2026-11-27T00:12:00Z" "Just after midnight"
	dlg early-2 "2026-11-27T00:40:00Z" "Also after midnight"
	dlg future-1 "2026-11-30T10:00:00Z" "From the future"
	echo '</dialogues>'
} > chats.xml
export LEADQA_NOW=2026-11-27T01:00:00Z
"$LEADQA" --db leadqa.db ingest chats.xml >out 2>err
expect_status 0 "$LEADQA" --db leadqa.db score
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
contains err "(night 2026-11-26)"
contains err "7 dialogues"
contains rep/index.html "leadqa · night 2026-11-26"
contains rep/index.html "Night 2026-11-26: the whole local day in UTC"
contains rep/index.html "newest data 2026-11-27 00:40, 0 h before this report"
lacks rep/index.html "No new input"
lacks err "no new input"
# (the data-quality page names the future-dated one as a problem)
for f in rep/index.html rep/flagged-*.html rep/funnel.html; do lacks "$f" "early-1"; lacks "$f" "future-1"; done

# In Moscow (UTC+3) the day that has ended at 04:00 is also the 26th, but it
# began at 21:00 UTC on the 25th and ended at 21:00 UTC: 22:30 UTC belongs
# to the 27th there.
expect_status 0 "$LEADQA" --db leadqa.db report --out msk --lang en --tz Europe/Moscow
contains err "(night 2026-11-26)"
contains err "6 dialogues"
contains msk/index.html "the whole local day in Europe/Moscow"
expect_status 2 "$LEADQA" --db leadqa.db report --out bad --tz Mars/Olympus
contains err "--tz needs a time zone"

# Two days later nothing new came: the night is the 28th, with a banner.
export LEADQA_NOW=2026-11-29T05:00:00Z
expect_status 0 "$LEADQA" --db leadqa.db report --out quiet --lang en
contains err "no new input for night 2026-11-28"
contains quiet/index.html "leadqa · night 2026-11-28"
contains quiet/index.html "No new input."
contains quiet/index.html "The newest dialogues are of 2026-11-27"
contains quiet/flagged-1.html "No new input."
contains quiet/index.html "newest data 2026-11-27 00:40, 2 days before this report"
# no finding at all: an empty table says so instead of showing bare headers
contains quiet/fix.html 'class="empty">Nothing here.<'
for f in quiet/*.html rep/*.html; do
	tr -d '\n ' < "$f" | grep -q '<tbody></tbody>' && fail "$f has an empty table body"
done

# the first dialogues of a database, on a day still in progress: no night yet, and the page says why
mkdir first && cd first
dlg first-1 "2026-12-01T00:10:00Z" "Hello" | sed '1i <dialogues source="shop">' | sed '$a </dialogues>' > first.xml
LEADQA_NOW=2026-12-01T02:00:00Z "$LEADQA" --db first.db ingest first.xml >out 2>err || fail "ingest of first.xml"
LEADQA_NOW=2026-12-01T02:00:00Z expect_status 0 "$LEADQA" --db first.db report --out rep --lang en
contains rep/index.html "No day with dialogues has ended yet: the newest dialogue started 2026-12-01 00:10 (UTC)"
cd ..

# nightly takes the zone from its settings and says "no new input" on stderr
mkdir inbox
printf 'tz = Europe/Moscow\n' > night.conf
"$LEADQA" --db leadqa.db nightly --config night.conf --inbox inbox --out nout --model-dir models >out 2>err
contains err "no new input for night 2026-11-28"
contains nout/reports/latest/index.html "the whole local day in Europe/Moscow"
printf 'tz = Nowhere/Town\n' > bad.conf
expect_status 2 "$LEADQA" --db leadqa.db nightly --config bad.conf --inbox inbox --out nout
contains err "bad.conf:1: tz must name a zone"
exit 0
