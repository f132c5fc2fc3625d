# One command-line grammar: global options before or after the command,
# --opt=VALUE and --opt VALUE for every option of every command, one wording
# for an unknown option or command with the nearest known name, `help help`,
# and summaries on standard error (standard output carries results only).
source "$ROOT/tests/e2e/lib.sh"
cp "$FIXTURES"/spec/example-*.* .
# --db after the command, both forms
expect_status 0 "$LEADQA" ingest --db after.db example-transcripts.xml example-deals.csv
[ -f after.db ] && [ ! -e leadqa.db ] || fail "--db after the command was not taken"
expect_status 0 "$LEADQA" ingest example-labels.xml --db=after.db
[ "$(DB=after.db sql 'SELECT count(*) FROM labels')" -gt 0 ] || fail "--db= after the files was not taken"
expect_status 0 "$LEADQA" score --quiet --db after.db
lacks err "score: 4 dialogues"
# the summaries of score and report go to stderr, stdout stays empty
expect_status 0 "$LEADQA" --db after.db score --all
[ ! -s out ] || fail "score printed on stdout: $(cat out)"
contains err "score: 4 dialogues"
expect_status 0 "$LEADQA" report --out=rep --db=after.db
[ ! -s out ] || fail "report printed on stdout: $(cat out)"
contains err "report: rep"
[ -f rep/index.html ] || fail "report --out=DIR wrote nothing"
expect_status 0 "$LEADQA" export --db after.db --out=-
contains out "web-000017"
# every option of every command takes --opt=VALUE: none is "unknown"
for c in ingest train score export report eval nightly; do   # merge has no options
	"$LEADQA" help "$c" >usage.txt
	for o in $(grep -o -- '--[a-z][a-z-]*' usage.txt | sort -u); do
		case $o in --help|--db|--data-dir|--quiet|--version) continue ;; esac
		"$LEADQA" --db eq.db "$c" "$o=x" >/dev/null 2>eq.err
		! grep -q "unknown option" eq.err || { cat eq.err; fail "$c $o=x: unknown"; }
	done
done
# one wording, with the nearest name
expect_status 2 "$LEADQA" --db after.db score --thraeds 2
contains err "leadqa: unknown option '--thraeds' (did you mean '--threads'?)"
contains err "usage: leadqa score"
expect_status 2 "$LEADQA" export --outt=x.csv
contains err "leadqa: unknown option '--outt' (did you mean '--out'?)"
expect_status 2 "$LEADQA" --dbb x.db eval
contains err "leadqa: unknown option '--dbb' (did you mean '--db'?)"
expect_status 2 "$LEADQA" nightly --inbx in --out o
contains err "leadqa: unknown option '--inbx' (did you mean '--inbox'?)"
expect_status 2 "$LEADQA" scroe
contains err "leadqa: unknown command 'scroe' (did you mean 'score'?)"
expect_status 2 "$LEADQA" help reprot
contains err "leadqa: unknown command 'reprot' (did you mean 'report'?)"
expect_status 2 "$LEADQA" --db after.db score --all=yes
contains err "leadqa: option '--all' takes no value"
expect_status 2 "$LEADQA" --db after.db export --out
contains err "leadqa: option '--out' needs a value"
expect_status 2 "$LEADQA" --db after.db report --out r2 extra
contains err "leadqa: unexpected argument 'extra'"
# help help
expect_status 0 "$LEADQA" help help
contains out "usage: leadqa help [COMMAND]"
expect_status 0 "$LEADQA" help
contains out "help     this text"
# --version after a command, too
expect_status 0 "$LEADQA" eval --version
grep -Eq '^leadqa [0-9]+\.[0-9]+\.[0-9]+$' out || fail "eval --version: $(cat out)"
exit 0
