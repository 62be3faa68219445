# SPDX-License-Identifier: EUPL-1.2
# dorpsstem — top-level build (GNU make).
#
#   make            build both programs and the libraries        (= make all)
#   make check      build and run every test                      (tests/run-tests)
#   make run        the demo: daemon on ./run with village Kantens
#   make sanitize   the whole suite under ASan + UBSan (own build dir)
#   make fuzz       run the libFuzzer targets for a while (clang)
#   make bench      benchmarks under tests/bench (not part of check)
#   make install    PREFIX=/usr/local DESTDIR= SYSCONFDIR=/etc LOCALSTATEDIR=/var
#   make uninstall  remove what install put there (not the config if changed, nor the data)
#   make deb        the Debian package (dpkg-buildpackage -us -uc -b) into $(BUILD)/deb/
#   make lint       mandoc -Tlint on the man pages
#   make deps       apt-get install every missing library and tool (needs root)
#
# Objects go to $(BUILD) (default build/). build/config.mk holds the libraries' flags from
# pkg-config (conf/deps --config); plain `make` never installs anything and names `make deps`
# when a library is missing. `make check` and `make run` run `make deps` first, so a fresh
# Debian 12 with make and a compiler needs nothing but `make check`.

BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
# Where the daemon looks for its config (/etc/dorpsstem/dorpsstemd.conf is compiled in) and
# keeps its data (the example config and the unit say /var/lib/dorpsstem).
SYSCONFDIR    ?= /etc
LOCALSTATEDIR ?= /var
BINDIR      ?= $(PREFIX)/bin
SBINDIR     ?= $(PREFIX)/sbin
MANDIR      ?= $(PREFIX)/share/man
DOCDIR      ?= $(PREFIX)/share/doc/dorpsstem
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
VERSION := $(shell sed -n 's/^\#define DORPSSTEM_VERSION[^"]*"\(.*\)"/\1/p' proto/version.h)
SANITIZER ?=

PKGS      = libevent libevent_openssl libevent_pthreads openssl lmdb libsodium gmp
TEST_PKGS = cmocka

CC ?= cc
WARN = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
       -Wpointer-arith -Wcast-qual -Wsign-compare
OPT ?= -O2 -g
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -MMD -MP -Iproto -Idaemon -Iclient
ifneq ($(SANITIZER),)
CFLAGS_BASE += -fsanitize=$(SANITIZER) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS_SAN = -fsanitize=$(SANITIZER)
endif

NODEPS_GOALS = clean distclean help deps uninstall deb lint
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(BUILD)/config.mk
endif

CFLAGS_ALL = $(CFLAGS_BASE) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LIBS_ALL   = $(PKG_LIBS) -lpthread -lm

PROTO_SRC  = $(sort $(wildcard proto/*.c))
DAEMON_SRC = $(filter-out daemon/dorpsstemd.c,$(sort $(wildcard daemon/*.c)))
CLIENT_SRC = $(filter-out client/dorpsstem.c,$(sort $(wildcard client/*.c)))
UNIT_SRC   = $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC  = $(sort $(wildcard tests/bench/*.c))
FUZZ_SRC   = $(sort $(wildcard tests/fuzz/fuzz_*.c))
ITEST_SRC  = $(sort $(wildcard tests/integration/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIBPROTO  = $(BUILD)/libproto.a
LIBDAEMON = $(BUILD)/libdaemon.a
LIBCLIENT = $(BUILD)/libclient.a
DAEMON    = $(BUILD)/dorpsstemd
CLIENT    = $(BUILD)/dorpsstem
UNITS     = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
BENCHES   = $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
FUZZ_REPLAY = $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz-replay/%,$(FUZZ_SRC))
ITESTS    = $(patsubst tests/integration/%.c,$(BUILD)/itest/%,$(ITEST_SRC))

.PHONY: unit-check bench-web
.PHONY: all check run sanitize fuzz bench install uninstall deb lint clean distclean deps help
.DEFAULT_GOAL := all

all: $(DAEMON) $(CLIENT)

# Only `make check`, `make run` and `make sanitize` may install (apt-get) before the flags
# are read; plain `make` and package builds only ask pkg-config.
$(BUILD)/config.mk: conf/deps Makefile
	@mkdir -p $(BUILD)
	$(if $(filter check run sanitize,$(MAKECMDGOALS)),@conf/deps --install)
	@conf/deps --config $(PKGS) $(TEST_PKGS) > $@.tmp && mv $@.tmp $@

deps:
	conf/deps --install

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(LIBPROTO): $(call obj,$(PROTO_SRC))
	@rm -f $@; ar rcs $@ $^
$(LIBDAEMON): $(call obj,$(DAEMON_SRC))
	@rm -f $@; ar rcs $@ $^
$(LIBCLIENT): $(call obj,$(CLIENT_SRC))
	@rm -f $@; ar rcs $@ $^

$(DAEMON): $(call obj,daemon/dorpsstemd.c) $(LIBDAEMON) $(LIBPROTO)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS_ALL)
$(CLIENT): $(call obj,client/dorpsstem.c) $(LIBCLIENT) $(LIBPROTO)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS_ALL) $(CLIENT_LIBS)

# Unit tests link everything but the two main()s; archives pull only what a test uses.
$(BUILD)/tests/%: $(call obj,tests/unit/%.c) $(LIBDAEMON) $(LIBCLIENT) $(LIBPROTO)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS_ALL) $(CLIENT_LIBS) $(TEST_LIBS)

$(BUILD)/bench/%: $(call obj,tests/bench/%.c) $(LIBDAEMON) $(LIBCLIENT) $(LIBPROTO)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS_ALL) $(CLIENT_LIBS)

# Fuzz targets: the same source builds a replay driver (gcc, runs the corpus in `make check`)
# and a libFuzzer binary (`make fuzz`, clang).
$(BUILD)/fuzz-replay/%: $(call obj,tests/fuzz/%.c) $(call obj,tests/fuzz/replay_main.c) $(LIBDAEMON) $(LIBPROTO)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS_ALL)

# Helper programs of the integration scripts (raw protocol clients and the like).
$(BUILD)/itest/%: $(call obj,tests/integration/%.c) $(LIBDAEMON) $(LIBCLIENT) $(LIBPROTO)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS_ALL) $(CLIENT_LIBS)

check: deps all $(UNITS) $(FUZZ_REPLAY) $(ITESTS)
	@BUILD=$(BUILD) tests/run-tests

# The unit tests alone (hermetic; the Debian package build runs them).
unit-check: all $(UNITS)
	@BUILD=$(BUILD) ONLY=/tests/test_ tests/run-tests

sanitize:
	$(MAKE) BUILD=build/san SANITIZER=address,undefined OPT="-O1 -g" check

fuzz:
	@command -v clang >/dev/null || { echo "make fuzz needs clang: apt-get install clang" >&2; exit 1; }
	$(MAKE) BUILD=build/fuzz CC=clang SANITIZER=fuzzer-no-link,address,undefined all
	@BUILD=build/fuzz tests/fuzz/run-fuzzers

bench: all $(BENCHES)
	@BUILD=$(BUILD) tests/bench/run-bench

# The web site under load while the ingest benchmark runs (tests/bench/web.sh, docs/web.md).
bench-web: all $(BENCHES)
	@BUILD=$(abspath $(BUILD)) tests/bench/web.sh

run: deps all
	@BUILD=$(BUILD) conf/demo/run

# The example config as installed: the organisers of the documented example are commented
# out (their keys are nobody's here), and the paths follow LOCALSTATEDIR.
INSTALL_SED = -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	-e 's|/var/lib/dorpsstem|$(LOCALSTATEDIR)/lib/dorpsstem|g'
CONF_SED = -e 's|^organiser |\# organiser |' \
	-e 's|^\(\# Organisers whose signatures\)|\# Add your organisers (dorpsstem keygen) and run dorpsstemd -n.\n\1|'
MANPAGES = docs/man/dorpsstem.1 docs/man/dorpsstemd.conf.5 docs/man/dorpsstemd.8

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(DOCDIR)/examples \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(SYSCONFDIR)/dorpsstem $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	    $(DESTDIR)$(TMPFILESDIR)
	install -m 0755 $(DAEMON) $(DESTDIR)$(SBINDIR)/dorpsstemd
	install -m 0755 $(CLIENT) $(DESTDIR)$(BINDIR)/dorpsstem
	install -m 0644 docs/man/dorpsstem.1 $(DESTDIR)$(MANDIR)/man1/dorpsstem.1
	install -m 0644 docs/man/dorpsstemd.conf.5 $(DESTDIR)$(MANDIR)/man5/dorpsstemd.conf.5
	install -m 0644 docs/man/dorpsstemd.8 $(DESTDIR)$(MANDIR)/man8/dorpsstemd.8
	install -m 0644 README.md $(filter-out docs/README.md,$(wildcard docs/*.md)) $(DESTDIR)$(DOCDIR)/
	sed $(INSTALL_SED) $(CONF_SED) conf/dorpsstemd.conf > $(BUILD)/dorpsstemd.conf.example
	install -m 0644 $(BUILD)/dorpsstemd.conf.example $(DESTDIR)$(DOCDIR)/examples/dorpsstemd.conf
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/dorpsstem/dorpsstemd.conf ]; then \
	    echo "install: keeping $(DESTDIR)$(SYSCONFDIR)/dorpsstem/dorpsstemd.conf" \
	        "(the example is $(DOCDIR)/examples/dorpsstemd.conf)"; \
	else \
	    echo install -m 0644 $(BUILD)/dorpsstemd.conf.example \
	        $(DESTDIR)$(SYSCONFDIR)/dorpsstem/dorpsstemd.conf; \
	    install -m 0644 $(BUILD)/dorpsstemd.conf.example \
	        $(DESTDIR)$(SYSCONFDIR)/dorpsstem/dorpsstemd.conf; \
	fi
	sed $(INSTALL_SED) conf/dorpsstemd.service.in > $(BUILD)/dorpsstemd.service
	install -m 0644 $(BUILD)/dorpsstemd.service $(DESTDIR)$(UNITDIR)/dorpsstemd.service
	sed $(INSTALL_SED) conf/dorpsstem.sysusers > $(BUILD)/dorpsstem.sysusers
	install -m 0644 $(BUILD)/dorpsstem.sysusers $(DESTDIR)$(SYSUSERSDIR)/dorpsstem.conf
	sed $(INSTALL_SED) conf/dorpsstem.tmpfiles > $(BUILD)/dorpsstem.tmpfiles
	install -m 0644 $(BUILD)/dorpsstem.tmpfiles $(DESTDIR)$(TMPFILESDIR)/dorpsstem.conf

# Leaves the data ($(LOCALSTATEDIR)/lib/dorpsstem) and a config that was changed.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/dorpsstemd $(DESTDIR)$(BINDIR)/dorpsstem \
	    $(DESTDIR)$(MANDIR)/man1/dorpsstem.1 $(DESTDIR)$(MANDIR)/man5/dorpsstemd.conf.5 \
	    $(DESTDIR)$(MANDIR)/man8/dorpsstemd.8 $(DESTDIR)$(UNITDIR)/dorpsstemd.service \
	    $(DESTDIR)$(SYSUSERSDIR)/dorpsstem.conf $(DESTDIR)$(TMPFILESDIR)/dorpsstem.conf
	@conf=$(DESTDIR)$(SYSCONFDIR)/dorpsstem/dorpsstemd.conf; \
	if [ -f "$$conf" ] && cmp -s "$$conf" $(DESTDIR)$(DOCDIR)/examples/dorpsstemd.conf; then \
	    rm -f "$$conf"; rmdir $(DESTDIR)$(SYSCONFDIR)/dorpsstem 2>/dev/null || true; \
	elif [ -f "$$conf" ]; then echo "uninstall: keeping the changed $$conf"; fi
	rm -rf $(DESTDIR)$(DOCDIR)
	@echo "uninstall: the data in $(LOCALSTATEDIR)/lib/dorpsstem and the user dorpsstem stay"

# The Debian package, built from a copy of the tree so that dpkg-buildpackage's output
# lands in $(BUILD)/deb/ rather than in the parent directory. Needs the Debian tools
# (make deps installs them); never runs apt-get itself.
deb:
	rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/dorpsstem-$(VERSION)
	tar -cf - --exclude=./build --exclude=./run --exclude=./.git --exclude='./$(BUILD)' . | \
	    tar -xf - -C $(BUILD)/deb/dorpsstem-$(VERSION)
	cd $(BUILD)/deb/dorpsstem-$(VERSION) && dpkg-buildpackage -us -uc -b
	@ls $(BUILD)/deb/*.deb

lint:
	mandoc -Tlint -Wwarning $(MANPAGES)

clean:
	rm -rf build run

distclean: clean

help:
	@sed -n '2,18p' Makefile

# ---- translations (GNU gettext; po/README) -------------------------------------------
# The client's messages are English msgids in the code; po/nl.po has the Dutch. Every
# build compiles the catalogues into $(BUILD)/locale/LANG/LC_MESSAGES/dorpsstem.mo, where
# build/dorpsstem finds them (next to itself); `make install-locale` installs them under
# LOCALEDIR, which is compiled into the client. `make pot` regenerates po/dorpsstem.pot
# from the sources in po/POTFILES and merges it into the catalogues.
LOCALEDIR ?= $(PREFIX)/share/locale
PO_FILES  = $(sort $(wildcard po/*.po))
MO_FILES  = $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/dorpsstem.mo,$(PO_FILES))
XGETTEXT_FLAGS = --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
	--keyword=ngettext:1,2 --add-comments=TRANSLATORS: --package-name=dorpsstem \
	--msgid-bugs-address= --add-location=file --sort-by-file --no-wrap

.PHONY: pot install-locale uninstall-locale
all: $(MO_FILES)
install: install-locale
uninstall: uninstall-locale

$(BUILD)/locale/%/LC_MESSAGES/dorpsstem.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# LOCALEDIR is compiled into the client: i18n.o is rebuilt whenever it changes (a later
# `make install PREFIX=/usr` after a plain `make` must not leave /usr/local in it).
$(BUILD)/obj/client/i18n.o: CFLAGS_ALL += -DLOCALEDIR='"$(LOCALEDIR)"'
$(BUILD)/obj/client/i18n.o: $(BUILD)/localedir
$(BUILD)/localedir: i18n-force
	@mkdir -p $(BUILD); echo '$(LOCALEDIR)' | cmp -s - $@ || echo '$(LOCALEDIR)' >$@
.PHONY: i18n-force

pot:
	xgettext $(XGETTEXT_FLAGS) -o po/dorpsstem.pot $$(grep -v '^#' po/POTFILES)
	for po in $(PO_FILES); do msgmerge --quiet --update --backup=none --no-wrap $$po po/dorpsstem.pot; done

install-locale: $(MO_FILES)
	for mo in $(MO_FILES); do \
		l=$${mo#$(BUILD)/locale/}; l=$${l%%/*}; \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/dorpsstem.mo || exit 1; \
	done

uninstall-locale:
	for po in $(PO_FILES); do l=$${po#po/}; rm -f $(DESTDIR)$(LOCALEDIR)/$${l%.po}/LC_MESSAGES/dorpsstem.mo; done
# ---- end of translations --------------------------------------------------------------

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
.SECONDARY:
