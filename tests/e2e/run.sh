#!/usr/bin/env bash
# Runs every end-to-end case tests/e2e/cases/t_*.sh.  Each case is a bash
# script run in a fresh temporary folder (its working directory) with
#   $LEADQA    the binary under test
#   $TOOLS     the folder of helper programs (gen_corpus, xml floor, ...)
#   $FIXTURES  tests/fixtures (read-only: copy before changing)
#   $ROOT      the repository
# sourcing tests/e2e/lib.sh for the assertions.  A case passes when it exits 0.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export ROOT FIXTURES="$ROOT/tests/fixtures"
export LEADQA=${LEADQA:-$ROOT/build/rel/leadqa} TOOLS=${TOOLS:-$ROOT/build/rel/tools}
export LEADQA_NOW=${LEADQA_NOW:-2026-12-31T00:00:00Z}
pass=0 fail=0 failed=()
filter=${1:-}
for t in "$ROOT"/tests/e2e/cases/t_*.sh; do
	name=$(basename "$t" .sh)
	[ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
	dir=$(mktemp -d)
	if (cd "$dir" && bash "$t") >"$dir.log" 2>&1; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name"; sed 's/^/     /' "$dir.log" | tail -40
	fi
	rm -rf "$dir" "$dir.log"
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
