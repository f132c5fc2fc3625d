# leadqa — plain Makefile.  `make` builds, `make check` runs every test,
# `make demo` installs what is missing and runs the night on the sample corpus.

PKG_CONFIG ?= pkg-config
CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local

PKGS := libxml-2.0 sqlite3 zlib
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# libsvm, liblinear, libcsv, libstemmer and libunistring ship no .pc file.
EXTRA_LIBS := -lsvm -llinear -lcsv -lstemmer -lunistring -lpthread -lm

WARNINGS := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes -Wvla \
            -Wwrite-strings -Wshadow -Wformat=2 -Wno-format-nonliteral
ifdef WERROR
WARNINGS += -Werror
endif

ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -Iinclude $(PKG_CFLAGS) $(WARNINGS) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS)
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
BUILD ?= build/san
else
BUILD ?= build/rel
endif
LIBS := $(PKG_LIBS) $(EXTRA_LIBS)

SRC := $(filter-out src/main.c,$(wildcard src/*.c))
OBJ := $(SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOLS := $(patsubst tools/%.c,$(BUILD)/tools/%,$(wildcard tools/*.c))

BIN := $(BUILD)/leadqa

.PHONY: all check unit e2e demo clean bench browser-test fuzz leakcheck
all: $(BIN) $(TOOLS) leadqa

leadqa: $(BIN)
	ln -sf $(BIN) leadqa

$(BUILD)/%.o: src/%.c $(wildcard include/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/liblq.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(BUILD)/main.o $(BUILD)/liblq.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/liblq.a $(wildcard include/*.h tests/unit/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/liblq.a $(LIBS) -lcmocka

$(BUILD)/tools/%: tools/%.c $(BUILD)/liblq.a | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/liblq.a $(LIBS)

$(BUILD):
	mkdir -p $(BUILD)

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; ( cd tests/unit && ../../$$t ) || fail=1; done; exit $$fail

e2e: $(BIN) $(TOOLS)
	LEADQA=$(abspath $(BIN)) TOOLS=$(abspath $(BUILD)/tools) tests/e2e/run.sh

check: all
	$(MAKE) unit
	$(MAKE) e2e

demo:
	scripts/install-deps
	$(MAKE) all
	scripts/demo

fuzz:
	scripts/install-deps --fuzz
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
