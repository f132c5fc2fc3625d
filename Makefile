# leadqa — plain Makefile.
#
#   make               builds build/rel/leadqa (./leadqa links to it) and tools/
#   make check         the fast suite: unit tests, end-to-end cases, the folders'
#                      include rules (scripts/check-layers); about a minute
#   make check-slow    the end-to-end cases that generate big corpora, train
#                      with a grid search or kill a night and resume it
#                      (tests/e2e/slow/); CI runs it after check
#   make leakcheck     the unit tests under valgrind
#   make fuzz          libFuzzer on the transcript and CSV readers (clang)
#   make bench         the benchmark of docs/performance.md (long)
#   make eval-detectors  both findings on every labeled set, lexicons vs learned
#                      turn acts vs combined (EVAL_ARGS='--realdata DIR --curve')
#   make browser-test  every kind of report page in headless Chromium
#   make demo          installs what is missing and runs the night on corpora/sample
#
# WERROR=1 makes warnings errors; SANITIZE=address,undefined builds (into
# build/san) and tests under the sanitizers; CPPFLAGS, CFLAGS and LDFLAGS are
# the user's and are added to the project's own.

PKG_CONFIG ?= pkg-config
CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local

PKGS := libxml-2.0 sqlite3 zlib libxxhash jansson libzstd
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# libsvm, liblinear, libcsv, libstemmer and libunistring ship no .pc file.
EXTRA_LIBS := -lsvm -llinear -lcsv -lstemmer -lunistring -lpthread -lm

WARNINGS := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes -Wvla \
            -Wwrite-strings -Wshadow -Wformat=2 -Wno-format-nonliteral
ifdef WERROR
WARNINGS += -Werror
endif

# src/ is in folders by layer (README "Where things are"); include/ holds the
# interfaces a folder offers to others, and a folder's private headers sit
# beside its sources, found by the quoted #include's own directory, so the
# sources see no other folder's private header.  Tests and tools may.
SRC_DIRS := base store ingest detect model report cmd
ALL_CPPFLAGS := -D_GNU_SOURCE -Iinclude $(PKG_CFLAGS) $(CPPFLAGS)
TEST_CPPFLAGS := $(ALL_CPPFLAGS) $(addprefix -Isrc/,$(SRC_DIRS))
ALL_CFLAGS := -std=c11 $(WARNINGS) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS)
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
BUILD ?= build/san
else
BUILD ?= build/rel
endif
LIBS := $(PKG_LIBS) $(EXTRA_LIBS)

SRC := $(filter-out src/cmd/main.c,$(wildcard $(SRC_DIRS:%=src/%/*.c)))
OBJ := $(SRC:src/%.c=$(BUILD)/%.o)
DEP := $(OBJ:.o=.d) $(BUILD)/cmd/main.d
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# tools/NAME.c is one program; tools/NAME/*.c are the parts of another
# (gen_corpus, split along its own banners).
TOOL_DIRS := $(patsubst tools/%/,%,$(wildcard tools/*/))
TOOLS := $(patsubst tools/%.c,$(BUILD)/tools/%,$(wildcard tools/*.c)) $(TOOL_DIRS:%=$(BUILD)/tools/%)
TOOL_OBJ := $(patsubst tools/%.c,$(BUILD)/tool-obj/%.o,$(wildcard $(TOOL_DIRS:%=tools/%/*.c)))

BIN := $(BUILD)/leadqa

.PHONY: all check check-slow unit e2e e2e-slow layers demo clean bench browser-test fuzz leakcheck eval-detectors print-pkgs print-extra-libs
all: $(BIN) $(TOOLS) leadqa

leadqa: $(BIN)
	ln -sf $(BIN) leadqa

# -MMD -MP: each object records the headers it read (BUILD/*.d, included
# below), so a changed header rebuilds exactly what uses it.
$(BUILD)/%.o: src/%.c | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/liblq.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(BUILD)/cmd/main.o $(BUILD)/liblq.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/liblq.a | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(BUILD)/liblq.a $(LIBS) -lcmocka

$(BUILD)/tools/%: tools/%.c $(BUILD)/liblq.a | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(BUILD)/liblq.a $(LIBS)

$(BUILD)/tool-obj/%.o: tools/%.c | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

.SECONDEXPANSION:
$(TOOL_DIRS:%=$(BUILD)/tools/%): $$(filter $$(subst /tools/,/tool-obj/,$$@)/%,$(TOOL_OBJ)) $(BUILD)/liblq.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter $(subst /tools/,/tool-obj/,$@)/%,$(TOOL_OBJ)) $(BUILD)/liblq.a $(LIBS)

$(BUILD):
	mkdir -p $(BUILD)

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; ( cd tests/unit && ../../$$t ) || fail=1; done; exit $$fail

e2e: $(BIN) $(TOOLS)
	LEADQA=$(abspath $(BIN)) TOOLS=$(abspath $(BUILD)/tools) tests/e2e/run.sh

e2e-slow: $(BIN) $(TOOLS)
	LEADQA=$(abspath $(BIN)) TOOLS=$(abspath $(BUILD)/tools) tests/e2e/run.sh --slow

layers:
	scripts/check-layers

# check builds with two jobs (the machine's two cores); the tests then run
# one at a time, so that their output reads in order.
check:
	$(MAKE) -j2 all $(UNIT_BIN)
	$(MAKE) layers
	$(MAKE) unit
	$(MAKE) e2e

check-slow:
	$(MAKE) -j2 all
	$(MAKE) e2e-slow

demo:
	scripts/install-deps
	$(MAKE) all
	scripts/demo

fuzz:
	scripts/install-deps --fuzz
	scripts/fuzz

# scripts/fuzz links with the same libraries
print-pkgs:
	@echo $(PKGS)
print-extra-libs:
	@echo $(EXTRA_LIBS)

bench: all
	scripts/install-deps --bench
	scripts/bench

# Both findings on every labeled set, lexicons vs learned acts vs combined;
# EVAL_ARGS e.g. '--realdata ../shared/realdata --curve'.
eval-detectors: all
	scripts/eval-detectors --build $(BUILD) $(EVAL_ARGS)

browser-test: all
	tests/browser/run.sh

leakcheck: all $(UNIT_BIN)
	scripts/leakcheck $(BUILD)

clean:
	rm -rf build leadqa

# Only the .d files of what exists now: one left by a program that has since
# become a folder would name its old .c as a prerequisite.
-include $(DEP) $(UNIT_BIN:=.d) $(patsubst tools/%.c,$(BUILD)/tools/%.d,$(wildcard tools/*.c)) $(TOOL_OBJ:.o=.d)
# ---- installing: the data folder, make install/uninstall, man page, .deb ----
# The data folder (lexicons, seed data) is compiled into paths.o alone; the
# stamp makes it follow PREFIX/DATADIR.  In a build tree the binary finds
# the data through the link BUILD/data (paths.h), so running from the tree
# needs no install.
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/leadqa
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/leadqa
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL ?= install

.PHONY: FORCE install uninstall install-check deb man
FORCE:

$(BUILD)/datadir.stamp: FORCE | $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

$(BUILD)/base/paths.o: ALL_CFLAGS += -DLEADQA_DATADIR='"$(DATADIR)"'
$(BUILD)/base/paths.o: $(BUILD)/datadir.stamp

$(BUILD)/data: | $(BUILD)
	ln -sfn $(shell realpath -m --relative-to=$(BUILD) models) $@

$(BIN): | $(BUILD)/data

# `make install` installs the binary built here; INSTALL_BIN names another
# (the tests install the binary under test, the .deb a hardened build).
INSTALL_BIN ?= $(BIN)
SUBST = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    -e 's|@DATADIR@|$(DATADIR)|g' -e 's|/usr/local/etc/leadqa/|$(SYSCONFDIR)/leadqa/|g' \
	    -e 's|/usr/local/bin/|$(BINDIR)/|g'
UNITS := leadqa-nightly.service leadqa-nightly.timer leadqa-failure@.service
MANPAGES := docs/leadqa.1 docs/leadqa-cron.1

install: $(INSTALL_BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/sample $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(SYSTEMDDIR) $(DESTDIR)$(SYSCONFDIR)/leadqa $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(COMPLETIONDIR)
	$(INSTALL) -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/leadqa
	$(INSTALL) -m 755 scripts/leadqa-cron $(DESTDIR)$(BINDIR)/leadqa-cron
	$(INSTALL) -m 644 models/lexicon-*.txt $(DESTDIR)$(DATADIR)/
	for d in models/seed/*/; do $(INSTALL) -d $(DESTDIR)$(DATADIR)/seed/$$(basename $$d) && \
	  $(INSTALL) -m 644 $$d*.xml $(DESTDIR)$(DATADIR)/seed/$$(basename $$d)/ || exit 1; done
	$(INSTALL) -m 644 models/README.md $(DESTDIR)$(DATADIR)/lexicons.md
	$(INSTALL) -m 644 corpora/sample/* $(DESTDIR)$(DATADIR)/sample/
	$(INSTALL) -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/
	for u in $(UNITS); do $(SUBST) scripts/systemd/$$u > $(DESTDIR)$(SYSTEMDDIR)/$$u && \
	  chmod 644 $(DESTDIR)$(SYSTEMDDIR)/$$u || exit 1; done
	$(INSTALL) -m 644 scripts/leadqa.bash-completion $(DESTDIR)$(COMPLETIONDIR)/leadqa
	$(SUBST) scripts/crontab.example > $(DESTDIR)$(DOCDIR)/crontab.example
	$(INSTALL) -m 644 leadqa.conf.example README.md $(DESTDIR)$(DOCDIR)/
	$(SUBST) scripts/leadqa.conf > $(DESTDIR)$(DOCDIR)/leadqa.conf
	@# the settings are the administrator's: never replaced
	test -e $(DESTDIR)$(SYSCONFDIR)/leadqa/leadqa.conf || \
	  $(INSTALL) -m 644 $(DESTDIR)$(DOCDIR)/leadqa.conf $(DESTDIR)$(SYSCONFDIR)/leadqa/leadqa.conf

uninstall:
	@# the settings stay when they were edited
	if cmp -s $(DESTDIR)$(DOCDIR)/leadqa.conf $(DESTDIR)$(SYSCONFDIR)/leadqa/leadqa.conf; then \
	  rm -f $(DESTDIR)$(SYSCONFDIR)/leadqa/leadqa.conf; rmdir $(DESTDIR)$(SYSCONFDIR)/leadqa 2>/dev/null || :; \
	elif [ -e $(DESTDIR)$(SYSCONFDIR)/leadqa/leadqa.conf ]; then \
	  echo "kept $(DESTDIR)$(SYSCONFDIR)/leadqa/leadqa.conf (edited)"; fi
	rm -f $(DESTDIR)$(BINDIR)/leadqa $(DESTDIR)$(BINDIR)/leadqa-cron
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MANPAGES)))
	rm -f $(addprefix $(DESTDIR)$(SYSTEMDDIR)/,$(UNITS))
	rm -f $(DESTDIR)$(COMPLETIONDIR)/leadqa

# The man pages are kept as roff; this renders them, as a check.
man:
	for m in $(MANPAGES); do MANWIDTH=80 man -l $$m >/dev/null || exit 1; done

# A .deb from a staged install of a hardened build (scripts/make-deb); too
# slow for `make check` (a full hardened build), so it is not part of it.
deb:
	scripts/make-deb

