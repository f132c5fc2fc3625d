#!/usr/bin/env bash
# Renders each kind of report page with headless Chromium at desktop (1280)
# and phone (390) width, fails on console errors and on overflow (a page
# wider than the window at either width, a table cut off at 1280; see
# overflow.html), and keeps the screenshots in $SHOTS (default
# build/screenshots) for a person to look at.
# Skips (exit 0) when chromium is not installed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LEADQA=${LEADQA:-$ROOT/build/rel/leadqa}
SHOTS=${SHOTS:-$ROOT/build/screenshots}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
	echo "skipped: chromium not installed"
	exit 0
fi
[ -x "$LEADQA" ] || { echo "no leadqa binary at $LEADQA (run make first)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$SHOTS"
export LEADQA_NOW=${LEADQA_NOW:-2026-12-31T00:00:00Z}
db="$work/leadqa.db"
# report only reads: a command that writes makes the (empty) database
"$LEADQA" --db "$db" --quiet score >/dev/null 2>&1 || { echo "score on an empty database failed" >&2; exit 1; }
"$LEADQA" --db "$db" --quiet report --out "$work/empty" >/dev/null || { echo "report on an empty database failed" >&2; exit 1; }
sqlite3 -batch "$db" ".read ${FIXTURES:-$ROOT/tests/fixtures}/report/night.sql" || exit 1
"$LEADQA" --db "$db" --quiet report --out "$work/rep" --lang en >/dev/null || { echo "report failed" >&2; exit 1; }
"$LEADQA" --db "$db" --quiet report --out "$work/rep-ru" --lang ru >/dev/null || { echo "report failed" >&2; exit 1; }

fail=0
shoot() {   # shoot NAME FILE WIDTH
	local name=$1 file=$2 width=$3 profile log
	profile=$(mktemp -d "$work/profile.XXXX")
	log="$work/$name-$width.log"
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 \
		--hide-scrollbars --window-size="$width,2000" \
		--screenshot="$SHOTS/$name-$width.png" "file://$file" >"$log" 2>&1
	if [ ! -s "$SHOTS/$name-$width.png" ]; then
		echo "FAIL $name at $width: no screenshot"; sed 's/^/     /' "$log" | tail -5; fail=1; return
	fi
	if grep -E 'Uncaught|ERROR:CONSOLE|CONSOLE\(|Refused to|net::ERR_' "$log" >/dev/null; then
		echo "FAIL $name at $width: console errors"; grep -E 'Uncaught|CONSOLE|Refused|net::ERR_' "$log" | head -5; fail=1; return
	fi
	profile=$(mktemp -d "$work/profile.XXXX")
	over=$(timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --allow-file-access-from-files --virtual-time-budget=5000 \
		--dump-dom "file://$ROOT/tests/browser/overflow.html?w=$width&page=file://$file" 2>/dev/null |
		grep -o 'data-overflow="[^"]*"' | sed 's/^data-overflow="//; s/"$//; s/&gt;/>/g')
	if [ "$over" != none ]; then
		echo "FAIL $name at $width: overflow: ${over:-the check did not run}"; fail=1; return
	fi
	echo "ok   $name at $width -> $SHOTS/$name-$width.png"
}
dpage=$(ls "$work"/rep/d/web-1-*.html | head -1)
dpage_ru=$(ls "$work"/rep-ru/d/web-1-*.html | head -1)
for w in 1280 390; do
	shoot index "$work/rep/index.html" $w
	shoot fix "$work/rep/fix.html" $w
	shoot flagged "$work/rep/flagged-1.html" $w
	shoot dialogue "$dpage" $w
	shoot funnel "$work/rep/funnel.html" $w
	shoot model "$work/rep/model.html" $w
	shoot detectors "$work/rep/detectors.html" $w
	shoot quality "$work/rep/quality.html" $w
	shoot index-ru "$work/rep-ru/index.html" $w
	shoot dialogue-ru "$dpage_ru" $w
	shoot detectors-ru "$work/rep-ru/detectors.html" $w
	shoot empty "$work/empty/index.html" $w
done
exit $fail
