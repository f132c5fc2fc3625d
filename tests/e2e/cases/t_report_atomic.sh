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
ls -d r.tmp-* r.old-* 2>/dev/null && fail "temporary folders left behind"
mkdir ro && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	expect_status 1 "$LEADQA" --db leadqa.db report --out ro/rep
	[ ! -e ro/rep ] || fail "a partial report appeared"
fi
# a folder under a file cannot be made, whoever runs the test
touch plain
expect_status 1 "$LEADQA" --db leadqa.db report --out plain/rep
contains err "plain/rep"
# Russian interface by the data's majority language (the fixture is mostly ru)
expect_status 0 "$LEADQA" --db leadqa.db report --out ru
contains ru/index.html 'lang="ru"'
contains ru/index.html "Решение с первого обращения"
contains ru/flagged-1.html "Бот предложил скидку"
expect_status 0 "$LEADQA" --db leadqa.db report --out en --lang en
contains en/flagged-1.html "The bot offered a discount"
# A write error inside the folder: a full device, a 64 KiB tmpfs mounted in
# a private mount namespace (last: where that cannot be had, the case skips).
mkdir full
unshare --user --map-root-user --mount true 2>/dev/null ||
	{ echo "SKIP: no private mount namespace (unshare) to make a full device"; exit 77; }
unshare --user --map-root-user --mount bash -c '
	mount -t tmpfs -o size=64k tmpfs full || exit 1
	mkdir full/rep && echo previous > full/rep/index.html
	"$LEADQA" --db leadqa.db report --out full/rep >full.out 2>full.err
	echo $? >full.status
	cat full/rep/index.html >full.kept
	ls full >full.left' || fail "cannot mount a tmpfs in the namespace"
[ "$(cat full.status)" = 1 ] || { cat full.err >&2; fail "report onto a full device exited $(cat full.status), expected 1"; }
contains full.err "No space left on device"
[ "$(cat full.kept)" = previous ] || fail "the previous report was not kept"
[ "$(cat full.left)" = rep ] || fail "left behind on the full device: $(cat full.left)"

