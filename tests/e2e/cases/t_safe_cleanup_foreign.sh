# The night's start-up cleanup removes only what this program made, named
# recognisably (NAME.lqtmp-PID-XXXXXX), whose maker is gone: never another
# program's *.tmp* files, never the temporary file of a manual export still
# being written.
source "$ROOT/tests/e2e/lib.sh"
mkdir -p inbox night/exports night/reports
cp "$FIXTURES/night/inbox/chats-1126.xml" inbox/
sleep 30 & alive=$!
true & dead=$!; wait $dead
echo theirs > night/exports/crm-import.tmp-123
echo theirs > night/exports/upload.csv.tmp.77
echo manual > night/exports/manual.csv.tmp-$alive
echo manual > night/exports/manual.csv.lqtmp-$alive-AbC123
mkdir night/reports/2026-11-20.tmp-$alive && echo x > night/reports/2026-11-20.tmp-$alive/index.html
echo ours > night/exports/leads-2026-11-26.csv.lqtmp-$dead-XyZ789
mkdir night/reports/2026-11-26.lqtmp-$dead-Qw3rty && echo x > night/reports/2026-11-26.lqtmp-$dead-Qw3rty/index.html
export LEADQA_NOW=2026-11-27T03:15:00Z
expect_status 0 "$LEADQA" --db night.db nightly --inbox inbox --out night --model-dir models --lexicons "$ROOT/models"
kill $alive 2>/dev/null; wait $alive 2>/dev/null
for f in exports/crm-import.tmp-123 exports/upload.csv.tmp.77 exports/manual.csv.tmp-$alive \
	exports/manual.csv.lqtmp-$alive-AbC123 reports/2026-11-20.tmp-$alive/index.html; do
	[ -e night/$f ] || fail "the night removed night/$f, which it did not make or whose maker still runs"
done
[ ! -e night/exports/leads-2026-11-26.csv.lqtmp-$dead-XyZ789 ] || fail "a leftover of a dead run stayed"
[ ! -e night/reports/2026-11-26.lqtmp-$dead-Qw3rty ] || fail "a leftover folder of a dead run stayed"
contains err "left by an interrupted run (pid $dead)"
exit 0
