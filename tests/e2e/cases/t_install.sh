# make install / uninstall: the binary, the lexicons and sample data in
# PREFIX/share/leadqa, man pages, wrapper, units, completion and settings;
# the installed binary runs the example files end to end from an unrelated
# folder with findings; uninstall leaves nothing behind.
source "$ROOT/tests/e2e/lib.sh"
export LEADQA_NOW=2026-11-24T03:00:00Z
m() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$ROOT" "$@" DESTDIR="$PWD/stage" \
	PREFIX=/opt/lq INSTALL_BIN="$LEADQA"; }
m install >make.out 2>&1 || { cat make.out; fail "make install"; }
P=$PWD/stage/opt/lq
for f in bin/leadqa bin/leadqa-cron share/leadqa/lexicon-ru.txt share/leadqa/lexicon-en.txt \
	share/leadqa/lexicons.md share/leadqa/sample/labels.xml share/man/man1/leadqa.1 \
	share/man/man1/leadqa-cron.1 lib/systemd/system/leadqa-nightly.service \
	lib/systemd/system/leadqa-nightly.timer lib/systemd/system/leadqa-failure@.service \
	share/bash-completion/completions/leadqa etc/leadqa/leadqa.conf share/doc/leadqa/crontab.example; do
	[ -e "$P/$f" ] || fail "make install did not install $f"
done
# the units and the settings name the installed places
contains "$P/lib/systemd/system/leadqa-nightly.service" "ExecStart=/opt/lq/bin/leadqa-cron /opt/lq/etc/leadqa/leadqa.conf"
lacks "$P/lib/systemd/system/leadqa-nightly.service" "@BINDIR@"
lacks "$P/lib/systemd/system/leadqa-nightly.service" "@SYSCONFDIR@"
contains "$P/share/doc/leadqa/crontab.example" "/opt/lq/bin/leadqa-cron /opt/lq/etc/leadqa/leadqa.conf"
contains "$P/etc/leadqa/leadqa.conf" "found in /opt/lq/share/leadqa"
# the installed binary, from an unrelated folder: the spec's examples
mkdir -p away/inbox && cp "$FIXTURES"/spec/example-*.* away/inbox/ && cd away
expect_status 0 "$P/bin/leadqa" --db state/leadqa.db nightly --inbox inbox --out night
[ "$(DB=state/leadqa.db sql "SELECT count(*) FROM findings")" -ge 2 ] || fail "no findings"
contains night/exports/latest.csv "web-000017"
[ -f night/reports/latest/index.html ] || fail "no report"
expect_status 0 "$P/bin/leadqa" --db state/leadqa.db eval
contains out "premature-cross-sell"
# the demo night on the installed sample
expect_status 0 "$P/bin/leadqa" --db demo/leadqa.db nightly --inbox "$P/share/leadqa/sample" --out demo
[ -f demo/exports/latest.csv ] || fail "no demo export"
cd ..
# the man pages render without warnings, and name every command
for p in leadqa leadqa-cron; do
	MANWIDTH=80 man --warnings -l "$P/share/man/man1/$p.1" >man.txt 2>man.err || fail "man -l $p.1"
	[ ! -s man.err ] || { cat man.err; fail "man -l $p.1 warned"; }
done
MANWIDTH=80 man -l "$P/share/man/man1/leadqa.1" >man.txt 2>/dev/null
for c in ingest train score export report eval nightly merge show help; do contains man.txt "leadqa $c"; done
for o in $("$LEADQA" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do contains man.txt "$o"; done
for c in ingest train score export report eval nightly show; do
	for o in $("$LEADQA" help $c | grep -o -- '--[a-z][a-z-]*' | sort -u); do contains man.txt "$o"; done
done
for k in $(grep -o '^#* *[a-z_]* =' "$ROOT/leadqa.conf.example" | tr -d '# =' | sort -u); do contains man.txt "$k"; done
# bash completion: commands and a command's options
( source "$P/share/bash-completion/completions/leadqa"
  COMP_WORDS=("$P/bin/leadqa" sc); COMP_CWORD=1; _leadqa; [ "${COMPREPLY[*]}" = score ] ) ||
	fail "completion of a command"
( source "$P/share/bash-completion/completions/leadqa"
  COMP_WORDS=("$P/bin/leadqa" export --inc); COMP_CWORD=2; _leadqa; [ "${COMPREPLY[*]}" = --incremental ] ) ||
	fail "completion of an option"
# an edited settings file survives uninstall; the rest goes
echo "# edited" >> "$P/etc/leadqa/leadqa.conf"
m uninstall >make.out 2>&1 || { cat make.out; fail "make uninstall"; }
contains make.out "kept"
left=$(cd stage && find . -type f | sort)
[ "$left" = "./opt/lq/etc/leadqa/leadqa.conf" ] || fail "uninstall left: $left"
exit 0
