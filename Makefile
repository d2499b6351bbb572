# ec: one non-recursive GNU Makefile. `make` builds lib/libec.a and every
# cmd/ec-*.c into bin/. Quiet by default; V=1 shows commands.
# Honours CC, CFLAGS, LDFLAGS, PREFIX, DESTDIR.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= bin
BUILD     ?= build
CC        ?= cc
CFLAGS    ?= -O2 -g
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CPPFLAGS  += -Ilib -D_GNU_SOURCE -DEC_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(SANFLAGS)
LIBS      := -lcsv -ljansson -larchive -lzstd -lz -lsodium -lutf8proc -lxxhash -lopenblas -lpthread -lm
TESTLIBS  := -lcmocka

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC   := $(sort $(wildcard lib/*.c))
LIB_OBJ   := $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
LIBEC     := $(BUILD)/libec.a
CMD_SRC   := $(sort $(wildcard cmd/ec-*.c))
PROGS     := $(CMD_SRC:cmd/%.c=$(BINDIR)/%)
SCRIPTS   := $(sort $(wildcard cmd/ec-*.sh))
SCRIPT_BINS := $(SCRIPTS:cmd/%.sh=$(BINDIR)/%)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNITS     := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAYS   := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz-replay/%)
MANS      := $(sort $(wildcard man/*.1 man/*.7))

.PHONY: all check unit cli real fuzz-replay install uninstall bench demo asan fuzz clean deps lint sample-data
.DEFAULT_GOAL := all

all: $(PROGS) $(SCRIPT_BINS)

$(BUILD)/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(LIBEC): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

# A program is cmd/ec-NAME.c plus, for the larger ones, the parts in
# cmd/ec-NAME/*.c (one file per subcommand or model family).
.SECONDEXPANSION:
$(BINDIR)/%: cmd/%.c $$(wildcard cmd/$$*/*.c) $$(wildcard cmd/$$*/*.h) $(LIBEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) -Icmd/$* $(ALL_CFLAGS) $< $(wildcard cmd/$*/*.c) $(LIBEC) $(LDFLAGS) $(LIBS) -o $@

# A program written in sh is cmd/ec-NAME.sh, copied with its version set.
$(SCRIPT_BINS): $(BINDIR)/%: cmd/%.sh
	@mkdir -p $(@D)
	@$(if $(Q),echo "  SH      $@")
	$(Q)sed 's/@VERSION@/$(VERSION)/' $< > $@.tmp && chmod 755 $@.tmp && mv -f $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIBEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $< $(LIBEC) $(LDFLAGS) $(LIBS) $(TESTLIBS) -o $@

# Fuzz targets linked with a plain driver that replays the seed corpus.
$(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(LIBEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $< tests/fuzz/replay.c $(LIBEC) $(LDFLAGS) $(LIBS) -o $@

# ---- tests ----
# make check: unit tests of lib/, golden CLI tests, fuzz corpus replay,
# real-data tests (skipped with a message when ../shared/data is absent),
# and the documentation checks. The last line is "N passed, N failed".
check: all $(UNITS) $(REPLAYS)
	$(Q)EC_BIN=$(abspath $(BINDIR)) EC_BUILD=$(abspath $(BUILD)) sh tests/run.sh

unit: $(UNITS)
	$(Q)EC_BIN=$(abspath $(BINDIR)) EC_BUILD=$(abspath $(BUILD)) sh tests/run.sh unit

cli: all
	$(Q)EC_BIN=$(abspath $(BINDIR)) EC_BUILD=$(abspath $(BUILD)) sh tests/run.sh cli

# The whole check under AddressSanitizer + UndefinedBehaviorSanitizer, in
# a build tree of its own so that the normal binaries stay as they are.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan BINDIR=build/asan/bin \
	    CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" check

# libFuzzer (clang) for a while on each parser: FUZZ_SECONDS each (default 60).
FUZZ_SECONDS ?= 60
fuzz:
	$(Q)sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: all
	$(Q)sh tests/bench/run.sh

demo: all
	$(Q)sh scripts/demo.sh

# Regenerate sample-data/ (committed; deterministic).
sample-data: all
	$(Q)sh scripts/make-sample-data.sh

# Debian packages needed to build and test (run as root: sudo make deps).
deps:
	$(Q)sh scripts/deps.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	$(if $(SCRIPT_BINS),install -m 755 $(SCRIPT_BINS) $(DESTDIR)$(PREFIX)/bin/)
	$(if $(wildcard man/*.1),install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/)
	$(if $(wildcard man/*.7),install -m 644 man/*.7 $(DESTDIR)$(PREFIX)/share/man/man7/)
	install -d $(DESTDIR)$(PREFIX)/share/ec
	install -m 644 data/stopwords-zh.txt data/stopwords-en.txt $(DESTDIR)$(PREFIX)/share/ec/

uninstall:
	rm -f $(PROGS:$(BINDIR)/%=$(DESTDIR)$(PREFIX)/bin/%)
	rm -f $(patsubst man/%,$(DESTDIR)$(PREFIX)/share/man/man1/%,$(wildcard man/*.1))
	rm -f $(patsubst man/%,$(DESTDIR)$(PREFIX)/share/man/man7/%,$(wildcard man/*.7))
	$(if $(SCRIPTS),for s in $(SCRIPTS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$(basename $$s .sh); done)
	rm -f $(DESTDIR)$(PREFIX)/share/ec/stopwords-zh.txt $(DESTDIR)$(PREFIX)/share/ec/stopwords-en.txt
	-rmdir $(DESTDIR)$(PREFIX)/share/ec 2>/dev/null

lint:
	$(Q)for m in $(MANS); do mandoc -Tlint -Wwarning $$m || exit 1; done

clean:
	rm -rf $(BUILD) $(BINDIR) out
