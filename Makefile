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

PKGS := libxml-2.0 sqlite3 zlib libxxhash jansson
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

.PHONY: all check check-slow unit e2e e2e-slow layers demo clean bench browser-test fuzz leakcheck
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
	scripts/fuzz

bench: all
	scripts/install-deps --bench
	scripts/bench

browser-test: all
	tests/browser/run.sh

leakcheck: all $(UNIT_BIN)
	scripts/leakcheck $(BUILD)

clean:
	rm -rf build leadqa

# Only the .d files of what exists now: one left by a program that has since
# become a folder would name its old .c as a prerequisite.
-include $(DEP) $(UNIT_BIN:=.d) $(patsubst tools/%.c,$(BUILD)/tools/%.d,$(wildcard tools/*.c)) $(TOOL_OBJ:.o=.d)
