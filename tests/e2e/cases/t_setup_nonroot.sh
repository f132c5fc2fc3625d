# The documented set-up (docs/install.md, "From source"), run for real as an
# unprivileged system user: make install, the user, its state and log
# folders, the settings, then the wrapper as cron or systemd runs it.  A good
# night is silent under cron; a failed one prints its lines and a one-line
# summary on stderr; a log that cannot be written never kills the night.
# Needs root to create the user: otherwise SKIP (77).
source "$ROOT/tests/e2e/lib.sh"
if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v setpriv >/dev/null; then
	echo "SKIP: needs root, useradd and setpriv to run the set-up as another user"
	exit 77
fi
user=lqt$$
cleanup() { userdel "$user" >/dev/null 2>&1; }
trap cleanup EXIT
useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin "$user" ||
	fail "useradd"
chmod 755 "$PWD"        # the user must reach the staged install below
export LEADQA_NOW=2026-11-27T03:15:00Z
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$ROOT" install DESTDIR="$PWD/root" PREFIX=/usr/local \
	INSTALL_BIN="$LEADQA" >make.out 2>&1 || { cat make.out; fail "make install"; }
R=$PWD/root
# the state and log folders, owned by the user
install -d -o "$user" -g "$user" "$R/var/lib/leadqa" "$R/var/lib/leadqa/inbox" "$R/var/log/leadqa"
conf=$R/usr/local/etc/leadqa/leadqa.conf
sed -i "s|/var/lib/leadqa|$R/var/lib/leadqa|" "$conf"
cp "$FIXTURES"/night/inbox/chats-1126.xml "$FIXTURES"/spec/example-*.* "$R/var/lib/leadqa/inbox/"
chmod 644 "$R"/var/lib/leadqa/inbox/*
as_user() {
	setpriv --reuid="$user" --regid="$user" --clear-groups \
		env -i PATH=/usr/bin:/bin LEADQA_NOW="$LEADQA_NOW" "$@"
}
# a good night under cron: silent, exit 0, everything owned by the user
expect_status 0 as_user LEADQA_LOG="$R/var/log/leadqa/nightly.log" "$R/usr/local/bin/leadqa-cron" "$conf"
[ ! -s err ] || { cat err; fail "a good night under cron printed something"; }
[ -f "$R/var/lib/leadqa/out/exports/latest.csv" ] || fail "no export"
[ -f "$R/var/lib/leadqa/out/reports/latest/index.html" ] || fail "no report"
[ -d "$R/var/lib/leadqa/models" ] || [ "$(DB=$R/var/lib/leadqa/leadqa.db sql 'SELECT count(*) FROM models')" = 0 ] ||
	fail "models not beside the database"
[ "$(stat -c %U "$R/var/lib/leadqa/leadqa.db")" = "$user" ] || fail "database not owned by the user"
[ "$(DB=$R/var/lib/leadqa/leadqa.db sql 'SELECT count(*) FROM findings')" -gt 0 ] || fail "no findings"
contains "$R/var/log/leadqa/nightly.log" "end: exit status 0"
# under systemd the lines stream to the journal (stderr) as they come
expect_status 0 as_user JOURNAL_STREAM=8:1 "$R/usr/local/bin/leadqa-cron" "$conf" --date 2026-11-28
contains err "night 2026-11-28: done"
lacks err "FAILED"
# a log folder the user cannot write: a warning, the night still runs
expect_status 0 as_user LEADQA_LOG=/root/nope/nightly.log "$R/usr/local/bin/leadqa-cron" "$conf" --date 2026-11-29
contains err "cannot write the log"
# a failed night under cron: its lines and a one-line summary, last
chmod 555 "$R/var/lib/leadqa/out/exports"
expect_status 1 as_user "$R/usr/local/bin/leadqa-cron" "$conf" --date 2026-11-30
chmod 755 "$R/var/lib/leadqa/out/exports"
contains err "night 2026-11-30"
[ "$(tail -n 1 err)" = "leadqa-cron: night of $conf FAILED (exit status 1: a step failed)" ] ||
	fail "no summary last: $(tail -n 1 err)"
# skipped inputs: status 3, named, and a summary
printf '<labels><labeled dialogue="web-000017" by="x"><turn n="1" tag="bogus"/></labeled></labels>\n' \
	>"$R/var/lib/leadqa/inbox/bad-labels.xml"
chmod 644 "$R/var/lib/leadqa/inbox/bad-labels.xml"
expect_status 3 as_user "$R/usr/local/bin/leadqa-cron" "$conf" --date 2026-12-01
contains err "bad-labels.xml:1: unknown turn tag 'bogus'"
contains err "leadqa-cron: night of $conf done with warnings (exit status 3"
# the installed unit runs it as the user, with its state and log folders
u=$R/usr/local/lib/systemd/system/leadqa-nightly.service
for k in "User=leadqa" "StateDirectory=leadqa" "LogsDirectory=leadqa" "OnFailure=leadqa-failure@%n.service" \
	"ExecStart=/usr/local/bin/leadqa-cron /usr/local/etc/leadqa/leadqa.conf" "SuccessExitStatus=3"; do
	contains "$u" "$k"
done
if command -v systemd-analyze >/dev/null 2>&1; then
	# the units as systemd reads them; the staged wrapper is not at its final place
	(cd "$R/usr/local/lib/systemd/system" && systemd-analyze verify --man=no \
		leadqa-nightly.service leadqa-nightly.timer) 2>sa.err >/dev/null
	grep -v "is not executable" sa.err >sa.rest
	[ ! -s sa.rest ] || { cat sa.rest; fail "systemd-analyze verify"; }
fi
exit 0
