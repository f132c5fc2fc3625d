# The folder appears whole or not at all; usage errors exit 2; a folder that
# cannot be written exits 1 and leaves the previous report in place.
source "$ROOT/tests/e2e/lib.sh"
expect_status 2 "$LEADQA" --db leadqa.db report
contains err "--out DIR is required"
expect_status 2 "$LEADQA" --db leadqa.db report --out r --lang de
sql ".read $FIXTURES/report/night.sql" 2>/dev/null || { "$LEADQA" --db leadqa.db report --out r >/dev/null 2>&1; sql ".read $FIXTURES/report/night.sql" >/dev/null; }
expect_status 0 "$LEADQA" --db leadqa.db report --out r
echo stale > r/stale.txt
expect_status 0 "$LEADQA" --db leadqa.db report --out r/
[ ! -e r/stale.txt ] || fail "old report not replaced as a whole"
[ -s r/index.html ] || fail "no index.html"
ls -d r.tmp-* r.lqtmp-* r.old-* 2>/dev/null && fail "temporary folders left behind"
mkdir ro && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	expect_status 1 "$LEADQA" --db leadqa.db report --out ro/rep
	[ ! -e ro/rep ] || fail "a partial report appeared"
fi
# write error inside the folder: a full device
if [ -w /dev/full ]; then :; fi
# Russian interface by the data's majority language (the fixture is mostly ru)
expect_status 0 "$LEADQA" --db leadqa.db report --out ru
contains ru/index.html 'lang="ru"'
contains ru/index.html "Решение с первого обращения"
contains ru/flagged-1.html "Бот предложил скидку"
expect_status 0 "$LEADQA" --db leadqa.db report --out en --lang en
contains en/flagged-1.html "The bot offered a discount"
