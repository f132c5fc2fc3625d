# The lead-handling, funnel and CRM figures cover the deals opened in the
# nights the report shows (the trend's window); an older deal counts in no
# figure, but an older open bot lead nobody touched is still listed as
# waiting, and the pages say which deals they cover.  Counted by hand.
source "$ROOT/tests/e2e/lib.sh"
# Dialogues on the nights 2026-12-07 .. 2026-12-09 only: those are the
# nights shown (the window: 2026-12-07T00:00Z to R = 2026-12-10T00:00Z).
cat > chats.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<dialogues source="site-chat" exported="2026-12-10T00:00:00Z">
  <dialogue id="n-1" channel="web" lang="en" started="2026-12-07T10:00:00Z"><contact email="n1@ex.org"/>
    <turn speaker="client" at="2026-12-07T10:00:00Z">I want the annual plan</turn></dialogue>
  <dialogue id="n-2" channel="web" lang="en" started="2026-12-08T10:00:00Z"><contact email="n2@ex.org"/>
    <turn speaker="client" at="2026-12-08T10:00:00Z">Call me please</turn></dialogue>
  <dialogue id="n-3" channel="web" lang="en" started="2026-12-09T10:00:00Z"><contact email="o1@ex.org"/>
    <turn speaker="client" at="2026-12-09T10:00:00Z">Still waiting for a call</turn></dialogue>
</dialogues>
XML
# In the window: bot leads N1 (touched after 2 h, qualified), N2 (untouched),
# N3 (a second deal of O1's customer while O1 is open); other
# deal M1.  Before it: O1 (bot, open, never touched: waiting), O2 (bot,
# touched, won), O3 (bot, no e-mail or phone, lost), O4 (other, qualified).
cat > deals.csv <<'CSV'
deal_id,contact_id,email,phone,stage,changed_at,changed_by,dialogue_id
N1,,n1@ex.org,,new,2026-12-07T12:00:00Z,bot,n-1
N1,,n1@ex.org,,qualified,2026-12-07T14:00:00Z,anna,
N2,,n2@ex.org,,new,2026-12-08T12:00:00Z,bot,n-2
N3,,o1@ex.org,,new,2026-12-09T12:00:00Z,bot,n-3
M1,,m1@ex.org,,new,2026-12-08T00:00:00Z,anna,
O1,,o1@ex.org,,new,2026-10-01T00:00:00Z,bot,
O2,,o2@ex.org,,new,2026-10-02T00:00:00Z,bot,
O2,,o2@ex.org,,qualified,2026-10-02T01:00:00Z,boris,
O2,,o2@ex.org,,won,2026-10-10T00:00:00Z,boris,
O3,C-3,,,new,2026-11-01T00:00:00Z,bot,
O3,C-3,,,lost,2026-11-01T05:00:00Z,boris,
O4,,o4@ex.org,,new,2026-11-02T00:00:00Z,anna,
O4,,o4@ex.org,,qualified,2026-11-03T00:00:00Z,anna,
CSV
expect_status 0 "$LEADQA" --db leadqa.db ingest chats.xml deals.csv
export LEADQA_NOW=2026-12-10T06:00:00Z
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
contains err "night 2026-12-09"
row() {
	python3 - "$1" "$2" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
for tr in re.findall(r'<tr>(.*?)</tr>', text, re.S):
    cells = [html.unescape(re.sub(r'<[^>]+>', '', c.replace('<br>', ' '))).strip()
             for c in re.findall(r'<t[hd][^>]*>(.*?)</t[hd]>', tr, re.S)]
    if cells and cells[0] == sys.argv[2]:
        print('|'.join(cells)); break
PY
}
want_row() {
	local got; got=$(row "$1" "$2")
	[ "$got" = "$3" ] || fail "$1: row '$2' is '$got', hand count '$3'"
}
# Bot leads of the window: N1 N2 N3 (O1 O2 O3 left out).  One touched, after
# 2 h.  Untouched after 1 d: N2 of N1 N2 (N3 younger than a day) = 50%;
# after 3 d and 7 d: none old enough.  Qualified+: N1 = 1/3, won 0/3, all
# three younger than 30 days (provisional); waiting now: N2 N3.
want_row rep/handling.html "Bot leads" "Bot leads|3|2.0 h P90 2.0 h|50.0% 9.5–90.5 n=2|–|–|33.3% 6.1–79.2 n=3 not final: 3 under 30 d|0.0% 0.0–56.1 n=3 not final: 3 under 30 d|2"
# Other deals: M1 only (O4 left out), touched when opened.
want_row rep/handling.html "Other deals" "Other deals|1|0.0 h P90 0.0 h|0.0% 0.0–79.3 n=1|–|–|0.0% 0.0–79.3 n=1 not final: 1 under 30 d|0.0% 0.0–79.3 n=1 not final: 1 under 30 d|0"
# boris touched only deals older than the window: no row.
[ -z "$(row rep/handling.html boris)" ] || fail "a manager of old deals only has a row"
contains rep/handling.html "bot leads and other deals opened 2026-12-07 – 2026-12-09"
# The waiting list still shows O1 (70 days), then N2 and N3.
order=$(python3 - rep/handling.html <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
table = text.split('Open bot leads waiting longest', 1)[1].split('</table>', 1)[0]
print(' '.join(html.unescape(h) for h in re.findall(r'<th scope="row">([^<]*)</th>', table)))
PY
)
[ "$order" = "O1 N2 N3" ] || fail "waiting order: $order"
# The funnel: N1 N2 N3 matched a dialogue (O1..O4 name none and had none).
contains rep/funnel.html "all leads from dialogues: 3 ·"
contains rep/funnel.html "Deals opened 2026-12-07 – 2026-12-09"
# The CRM account counts the window's deals: N3 would duplicate O1, but O1
# opened before the window; O3 has no e-mail or phone but is older: neither
# is counted.
want_row rep/quality.html "Duplicate deals the bot opened" "Duplicate deals the bot opened|0|0"
want_row rep/quality.html "Bot leads with no e-mail or phone" "Bot leads with no e-mail or phone|0|0"
contains rep/quality.html "Deals opened 2026-12-07 – 2026-12-09"
# the index the waiting list is read through
[ "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'deal_summary_waiting'")" = 1 ] || fail "no waiting index"
exit 0
