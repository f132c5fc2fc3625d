#!/usr/bin/env bash
# Runs the end-to-end cases: tests/e2e/cases/t_*.sh (make check), or with
# --slow those in tests/e2e/slow/ (make check-slow: big generated corpora,
# grid searches, kill-and-resume).  Each case is a bash script run in a
# fresh temporary folder (its working directory) with
#   $LEADQA    the binary under test
#   $TOOLS     the folder of helper programs (gen_corpus, xml floor, ...)
#   $FIXTURES  tests/fixtures (read-only: copy before changing)
#   $ROOT      the repository
# sourcing tests/e2e/lib.sh for the assertions.  A case passes when it exits
# 0; one that cannot run here prints "SKIP: reason" and exits 77, and is
# counted as skipped.  Usage: run.sh [--slow] [NAME-SUBSTRING]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export ROOT FIXTURES="$ROOT/tests/fixtures"
export LEADQA=${LEADQA:-$ROOT/build/rel/leadqa} TOOLS=${TOOLS:-$ROOT/build/rel/tools}
export LEADQA_NOW=${LEADQA_NOW:-2026-12-31T00:00:00Z}
dir=cases
if [ "${1:-}" = --slow ]; then
	dir=slow
	shift
fi
pass=0 fail=0 skip=0 failed=()
filter=${1:-}
for t in "$ROOT"/tests/e2e/$dir/t_*.sh; do
	name=$(basename "$t" .sh)
	[ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
	work=$(mktemp -d)
	start=$(date +%s%N)
	(cd "$work" && bash "$t") >"$work.log" 2>&1
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	secs=$((ms / 1000)).$((ms % 1000 / 100))
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1)); echo "ok   $name ($secs s)"
	elif [ "$rc" -eq 77 ]; then
		skip=$((skip + 1))
		echo "skip $name: $(grep -m1 '^SKIP:' "$work.log" | sed 's/^SKIP: *//')"
	else
		fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name ($secs s)"; sed 's/^/     /' "$work.log" | tail -40
	fi
	rm -rf "$work" "$work.log"
done
echo "e2e: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
