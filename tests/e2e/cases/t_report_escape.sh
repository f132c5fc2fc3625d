# Customer text that looks like markup stays text: in a turn, in a contact
# name, in a page attribute, in a dialogue id and in an input file's message.
source "$ROOT/tests/e2e/lib.sh"
# report only reads: a command that writes makes the database
expect_status 0 "$LEADQA" --db leadqa.db score
expect_status 0 "$LEADQA" --db leadqa.db report --out empty
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
expect_status 0 "$LEADQA" --db leadqa.db report --out rep --max-pages 100 --lang en
all=$(ls rep/*.html rep/d/*.html)
# no <script element anywhere, and no onerror attribute from customer text
! grep -il '<script' $all || fail "a <script> element was written"
! grep -l '<img' $all || fail "an <img> element was written"
grep -l '&lt;script&gt;alert(1)&lt;/script&gt;' rep/d/*.html >/dev/null || fail "turn text not escaped as text"
contains rep/quality.html '&lt;script&gt;alert(1)&lt;/script&gt;'
contains rep/index.html '/x"&gt;&lt;script&gt;'
# the dialogue id with "/" and ".." gets a page inside d/, never outside
[ -z "$(find . -name '*.html' -not -path './rep/*' -not -path './empty/*')" ] || fail "a page escaped the folder"
ls rep/d | grep -q '^evilscript-[0-9a-f]\{16\}\.html$' || fail "unsafe id not mapped to a safe name: $(ls rep/d)"
contains rep/flagged-1.html 'The order number was asked &lt;b&gt;again&lt;/b&gt;'
