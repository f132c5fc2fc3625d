# The trainer's view: every disagreement on the detectors page, of findings
# and of turn tags and of whatever night, links to a dialogue page that
# shows each trainer's verdict beside the detector's and their tags on the
# turns; counts read "verdict yes/all" as in `leadqa eval`; a kappa on few
# shared dialogues is greyed with its n and a caveat.  Once 0 of 24
# disagreement ids were linked and no page showed a trainer's label.
source "$ROOT/tests/e2e/lib.sh"
expect_status 0 "$LEADQA" --db leadqa.db score
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
# web-0 is of the night before: two trainers see a premature offer the
# detector did not, and tag its turns otherwise than the detector
sql "INSERT INTO labels(dialogue_id, trainer, labeled_at, premature, missed) VALUES
  ('web-0','boris',0,'yes','no'), ('web-0','vera',0,'yes','no'),
  ('web-1','boris',0,'yes','no'), ('web-2','boris',0,'no','no'),
  ('web-4','boris',0,'no','no'), ('../evil/<script>','boris',0,'no','no'),
  ('web-4','anna',0,'no','no'), ('../evil/<script>','anna',0,'no','no'), ('web-0','anna',0,'yes','no');
INSERT INTO label_turns(dialogue_id, trainer, n, tag) VALUES
  ('web-0','boris',1,'problem-stated'), ('web-0','vera',1,'problem-stated'), ('web-0','vera',2,'cross-sell-offer');"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --lang en
flat() { tr -d '\n' < "$1"; }
fcontains() { flat "$1" | grep -qF -- "$2" || fail "$1 lacks '$2'"; }
# the disagreements: web-0 (premature, an older night) and web-2 (missed)
dis=$(flat rep/detectors.html | sed 's#.*Disagreements to review##; s#Turn tags to review.*##')
echo "$dis" | grep -q 'href="d/web-0-[0-9a-f]*.html">web-0</a>' || fail "web-0's disagreement not linked: $dis"
echo "$dis" | grep -q 'href="d/web-2-[0-9a-f]*.html">web-2</a>' || fail "web-2's disagreement not linked"
echo "$dis" | grep -q '<td>yes 3/3</td>' || fail "web-0's trainers not as yes/all"
# every row of both lists links, and each linked page shows the trainers' verdicts
rows=$(flat rep/detectors.html | sed 's#.*Disagreements to review##' | grep -o '<tr><th scope="row">[^/]*' )
[ "$(echo "$rows" | grep -c .)" -ge 4 ] || fail "expected finding and tag disagreements: $rows"
echo "$rows" | grep -v 'href=' && fail "a disagreement is not linked"
for page in $(flat rep/detectors.html | sed 's#.*Disagreements to review##' | grep -o 'href="d/[^"#]*' | sed 's/href="//' | sort -u); do
	[ -f "rep/$page" ] || fail "missing page $page"
	fcontains "rep/$page" "Trainers and detector"
	fcontains "rep/$page" ">trainer boris</th><td>"
done
w0=$(ls rep/d/web-0-*.html)
fcontains "$w0" '>detector</th><td>no</td>'
fcontains "$w0" '>trainer vera</th><td>yes</td><td>no</td>'
fcontains "$w0" '>trainer boris</th><td>yes</td><td>no</td>'
# the turn tags: the detector's and the trainers' on each turn; the turn-tag list links to the turn
fcontains "$w0" 'class="tag trainer" title="vera: cross-sell-offer">vera: cross-sell offer<'
fcontains "$w0" 'class="tag" title="problem-resolved">problem resolved<'
flat rep/detectors.html | grep -q 'href="d/web-0-[0-9a-f]*.html#t1">#1</a></td><td>problem stated</td><td>no</td><td>yes 2/2</td>' \
	|| fail "turn-tag disagreement on web-0 #1 not listed"
flat rep/detectors.html | grep -q 'href="d/web-0-[0-9a-f]*.html#t2">#2</a></td><td>problem resolved</td><td>yes</td><td>no 0/2</td>' \
	|| fail "turn-tag disagreement on web-0 #2 not listed"
# one trainer of two is no majority: no disagreement on vera's lone tag
flat rep/detectors.html | grep -q '#t2">#2</a></td><td>cross-sell offer' && fail "a lone trainer's tag listed"
# kappa on 5 shared dialogues: greyed, with n and a caveat
contains rep/detectors.html 'n=5<'
contains rep/detectors.html "Greyed: fewer than 20 shared dialogues."
# a dialogue without a finding says so once, with no empty findings table
quiet=$(grep -l 'No finding\.' rep/d/*.html | head -1)
[ -n "$quiet" ] || fail "expected a dialogue page without a finding"
grep -q '>Severity<' "$quiet" && fail "$quiet: an empty findings table beside 'No finding.'"
exit 0
