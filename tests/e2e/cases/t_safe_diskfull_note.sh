# A night whose ingest failed on a full disk says the files were not loaded,
# not that they were "seen before".  The database is on a small tmpfs, full
# but for room to open it (needs root; the case says so and passes when it
# cannot mount one).
source "$ROOT/tests/e2e/lib.sh"
mkdir disk inbox
if ! mount -t tmpfs -o size=2m tmpfs disk 2>/dev/null; then
	echo "cannot mount a small tmpfs here (not root?): the case is left out"
	exit 0
fi
trap 'umount disk 2>/dev/null' EXIT
"$TOOLS/gen_corpus" --seed 3 --dialogues 200 --files 2 --labels 0 --out inbox >/dev/null 2>&1 || fail "gen_corpus"
export LEADQA_NOW=2026-11-27T03:15:00Z
"$LEADQA" --db disk/night.db score >/dev/null 2>&1   # a command that writes creates the schema
"$LEADQA" --db disk/night.db export --out - >/dev/null 2>&1   # the schema
echo 'pid 1 since 1' > disk/night.db.lock
i=0
while dd if=/dev/zero of=disk/filler-$((i = i + 1)) bs=4k count=1 2>/dev/null; do :; done
for j in $(seq 16); do rm -f disk/filler-$j; done    # room for the WAL index and the run's row
expect_status 1 "$LEADQA" --db disk/night.db nightly --inbox inbox --out nout --model-dir models --lexicons "$ROOT/models"
grep -E 'ingest .*FAILED' err || { cat err; fail "the ingest step did not fail"; }
grep -qE 'ingest .*FAILED: 4 files in the inbox, 0 new \(0 rejected, 0 seen before, 4 not loaded' err \
	|| fail "the note does not say the files were not loaded: $(grep 'ingest ' err)"
exit 0
