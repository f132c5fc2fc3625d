# The report's temporary folder cannot be redirected: a link raced in under
# the name it once used (OUT.tmp-<pid>, removed and then created with
# EEXIST accepted) made the pages go elsewhere and OUT become that link.
# Now the folder is made by mkdtemp under a fresh name; whatever stands
# under the old name is left alone.
source "$ROOT/tests/e2e/lib.sh"
"$LEADQA" --db leadqa.db score >/dev/null 2>&1   # a command that writes creates the schema
"$LEADQA" --db leadqa.db report --out warm >/dev/null 2>&1   # creates the schema
sql ".read $FIXTURES/report/night.sql" >/dev/null || fail "fixture did not load"
mkdir elsewhere
"$LEADQA" --db leadqa.db report --out r >out 2>err &
pid=$!
while kill -0 $pid 2>/dev/null; do ln -sn "$PWD/elsewhere" r.tmp-$pid 2>/dev/null; done
wait $pid || { cat err; fail "report failed"; }
[ -z "$(ls -A elsewhere)" ] || fail "pages were written into the planted folder: $(ls elsewhere | head -3)"
[ -d r ] && [ ! -L r ] || fail "the report is not a folder of its own: $(ls -ld r)"
[ -s r/index.html ] || fail "no index.html"
exit 0
