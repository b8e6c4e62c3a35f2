# pafuzz - fuzzing and fault-injection harness for the Linux v4.2 page allocator slowpath.
# `make help` lists the targets and settings.

CC      ?= clang
DEBUG   ?= 1
SAN     ?= asan+ubsan
O       ?= 2

ifeq ($(origin CC),default)
CC := clang
endif

CSTD     := -std=c11 -D_DEFAULT_SOURCE
WARN     := -Wall -Wextra -Wshadow -Wno-unused-parameter
SAN_asan+ubsan := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_asan := -fsanitize=address -fno-omit-frame-pointer
SAN_ubsan := -fsanitize=undefined -fno-sanitize-recover=undefined
SAN_msan := -fsanitize=memory -fsanitize-memory-track-origins -fno-omit-frame-pointer
SAN_none :=
SANFLAGS := $(SAN_$(SAN))
CCNAME   := $(notdir $(firstword $(CC)))
VARIANT  := $(CCNAME)-$(subst +,-,$(SAN))-d$(DEBUG)
B        := build/$(VARIANT)
CFLAGS_ALL := $(CSTD) $(WARN) -O$(O) -g -DDEBUG=$(DEBUG) $(SANFLAGS) -MMD -MP -Icore $(EXTRA_CFLAGS)
LDFLAGS_ALL := $(SANFLAGS) $(EXTRA_LDFLAGS)

CORE_SRC := $(wildcard core/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(B)/%.o)
TEST_SRC := $(wildcard core/tests/test_*.c)
TEST_BIN := $(TEST_SRC:core/tests/%.c=$(B)/tests/%)

DEB_PACKAGES := clang llvm lld libclang-rt-14-dev perl make gcc afl++ qemu-user \
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-linux-gnueabihf \
	libc6-dev-armhf-cross gcc-s390x-linux-gnu libc6-dev-s390x-cross

.PHONY: all help deps check check-one bench clean tests

all: $(B)/libcore.a $(TEST_BIN)

help:
	@echo "pafuzz make targets"
	@echo "  make check        unit tests under ASan+UBSan, built with clang and with gcc (TAP, prove)"
	@echo "  make bench        model operation costs (DEBUG=0, no sanitizers), medians of several runs"
	@echo "  make deps         install the Debian packages a fresh machine lacks (needs root)"
	@echo "  make all          build the model library and tests for the current settings"
	@echo "  make clean        remove build/"
	@echo "settings (make VAR=value):"
	@echo "  CC=clang|gcc      compiler (default clang)"
	@echo "  DEBUG=0..3        check level compiled in; 3 adds whole-model walkers (default 1)"
	@echo "  SAN=asan+ubsan|asan|ubsan|msan|none   sanitizers (default asan+ubsan)"
	@echo "  O=0..3            optimisation level (default 2)"

# Installs only what is missing; `apt-get update` first, as a fresh machine needs.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "deps: installing$$missing"; \
		if [ "$$(id -u)" != 0 ]; then echo "deps: need root to install:$$missing" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
			|| { echo "deps: apt-get install failed" >&2; exit 1; }; \
	else echo "deps: all present"; fi

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/libcore.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/tests/%: $(B)/core/tests/%.o $(B)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) $^ -o $@ -lm

tests: $(TEST_BIN)

# One compiler, one sanitizer setting: build the tests and run them under prove.
check-one: $(TEST_BIN)
	prove --timer $(TEST_BIN)

check: deps
	$(MAKE) --no-print-directory check-one CC=clang SAN=asan+ubsan
	$(MAKE) --no-print-directory check-one CC=gcc SAN=asan+ubsan

bench: deps
	$(MAKE) --no-print-directory CC=clang SAN=none DEBUG=0 O=2 build/clang-none-d0/bench/bench_core
	build/clang-none-d0/bench/bench_core

build/clang-none-d0/bench/bench_core: bench/bench_core.c $(wildcard core/*.c core/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -DDEBUG=0 -Icore bench/bench_core.c $(CORE_SRC) -o $@ -lm

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
