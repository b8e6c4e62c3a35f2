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
# The speed build (clang, no sanitizers, DEBUG=0: `make bench`'s plain rows) is
# optimized across files at link time, by lld with archives from llvm-ar (both
# in make deps).  Over the evolved corpus `pafuzz run` spent 14% less CPU time
# so, with the same verdicts and trace hashes; a sanitized build gains nothing
# (its checks are in place before the link), so only this one pays the slower link.
# SPEED_LD: its link flags, also those of the bench's plain drivers
SPEED_LD := -flto -fuse-ld=lld
# The speed build and the fuzzing build are also optimized with an execution
# profile (clang's profile-guided optimization): scripts/pgo.sh runs the programs
# the repository ships (regression cases, seed corpora, findings) through an
# instrumented build of this tree and keeps the counts in build/pgo/, rebuilt
# whenever the model or the programs change.  The model's time is spread over
# hundreds of small functions that no one change reaches; the profile's inlining
# and block layout reach them all.  Measured over the evolved corpus, which the
# profile never saw (docs/benchmarks.md): about 12% less CPU time for `pafuzz run`
# and about 9% more exec/s for the in-process fuzzing build, with the same verdicts
# and trace hashes.  The tests, sanitizer checks, coverage and AFL++ builds do without.
PGO_SPEED_D0 := build/pgo/speed-d0.profdata
PGO_SPEED_D1 := build/pgo/speed-d1.profdata
PGO_FUZZ     := build/pgo/fuzz.profdata
# PGO_USE(profile): the flags of a build that uses one.  Two warnings are silenced:
# a file the training never runs (a fuzz target's driver) has no counts, and a bench
# driver's main() is not the trained cli.c's main().  The profile itself is rebuilt
# whenever a source changes, so it is never out of date otherwise.
PGO_USE = -fprofile-instr-use=$(1) -Wno-profile-instr-unprofiled -Wno-profile-instr-out-of-date
ifeq ($(CCNAME)-$(SAN)-$(DEBUG),clang-none-0)
SPEED_PGO := $(PGO_SPEED_D0)
LTO := -flto $(call PGO_USE,$(PGO_SPEED_D0))
LTO_LD := $(SPEED_LD)
AR := llvm-ar
endif
CFLAGS_ALL := $(CSTD) $(WARN) -O$(O) -g -DDEBUG=$(DEBUG) $(SANFLAGS) $(LTO) -MMD -MP -Icore $(EXTRA_CFLAGS)
LDFLAGS_ALL := $(SANFLAGS) $(LTO_LD) $(EXTRA_LDFLAGS)

CORE_SRC := $(wildcard core/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(B)/%.o)
TEST_SRC := $(wildcard core/tests/test_*.c)
TEST_BIN := $(TEST_SRC:core/tests/%.c=$(B)/tests/%) $(B)/tests/test_prog $(B)/tests/test_fault

DEB_PACKAGES := clang llvm lld libclang-rt-14-dev clang-19 llvm-19 libclang-rt-19-dev perl make gcc afl++ \
	qemu-user zip unzip \
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-linux-gnueabihf \
	libc6-dev-armhf-cross gcc-s390x-linux-gnu libc6-dev-s390x-cross

.PHONY: all help deps check check-one bench clean tests

all: $(B)/libcore.a $(TEST_BIN)

help:
	@echo "pafuzz make targets"
	@echo "  make check          unit tests + regression suite + fuzz smoke + determinism check (ASan+UBSan,"
	@echo "                      clang and gcc), MSan replay, s390x cross-check (TAP under prove)"
	@echo "  make fuzz           the main fuzz job on the shipped corpus: DURATION=180 ENGINE=libfuzzer|afl|both"
	@echo "                      TARGET=slowpath|buddy|text|diff JOBS=1 REPORT_EVERY=20 PATCHES= (diff: the"
	@echo "                      variant fuzzed against v4.2, default all); a progress line every 10 s;"
	@echo "                      findings deduplicated by signature (scripts/job.pl --help)"
	@echo "  make check-one      the tests and regression suite for the current CC/SAN/DEBUG only"
	@echo "  make regress        the regression suite (regress/NNNN-*.pz)"
	@echo "  make cross-check    replay on aarch64, armhf, s390x under qemu-user (ARCHES=...)"
	@echo "  make msan-replay    corpus and regression cases under MemorySanitizer"
	@echo "  make coverage       llvm-cov coverage of core/ and the seed-step table (build/coverage/)"
	@echo "  make planted        one build per planted bug (regress/planted/*.mut); each must be caught"
	@echo "  make afl            AFL++ persistent and CmpLog builds (build/afl/)"
	@echo "  make fuzz-targets   libFuzzer targets (build/fuzz/)"
	@echo "  make fuzz-smoke     a bounded libFuzzer run per target"
	@echo "  make determinism-check  each input's coverage and trace the same whatever ran before it"
	@echo "                      (the slowpath target, then the diff target's coverage)"
	@echo "  make fuzz-export    the job's merged corpus, new inputs as text into corpus/<target>/"
	@echo "  make fuzz-restart-check  a job killed with -9 mid-run and restarted loses no finding"
	@echo "  make report-check   the job report rendered in headless Chromium shows its plots"
	@echo "  make bench-fuzz     AFL++ exec/s with 1 and 2 instances; triage time per shipped finding;"
	@echo "                      AFL++ stability from the seeds and the evolved corpus (BF_STAB_SECONDS=120)"
	@echo "  make oss-fuzz-check .clusterfuzzlite/build.sh as OSS-Fuzz runs it, then each target"
	@echo "  make pafuzz         the pafuzz command (build/<variant>/pafuzz)"
	@echo "  make bench          what a fuzz job's inputs cost (the evolved corpus: libFuzzer, AFL++, pafuzz run,"
	@echo "                      per build and verdict class, where the time goes), then model costs on"
	@echo "                      synthetic inputs: one table and JSON (build/bench/table.txt, bench.json)"
	@echo "  make bench-corpus   grow the evolved corpus again (EVOLVE_RUNS=200000)"
	@echo "  make bugbench       time to find each planted bug per engine (BB_TRIALS=1 BB_LIMIT=30;"
	@echo "                      BB_ENGINES=, BB_BUGS=filter, BB_TRIALS_PER=random=3,... per engine);"
	@echo "                      bugbench-full: 10 trials x 600 s (hours); table, JSON, SVG in build/bugbench"
	@echo "  make mutants        one-token mutants of core/ the suite misses (MUT_EVERY=5 MUT_OFFSET=0"
	@echo "                      MUT_JOBS=2 MUT_FILES=core/x.c ... MUT_LINES=A-B; ~10 s per mutant per job)"
	@echo "  make deps           install the Debian packages a fresh machine lacks (needs root)"
	@echo "  make all            build the model library, tests and pafuzz for the current settings"
	@echo "  make clean          remove build/"
	@echo "settings (make VAR=value):"
	@echo "  CC=clang|gcc      compiler (default clang)"
	@echo "  DEBUG=0..3        check level compiled in; 3 adds whole-model walkers (default 1)"
	@echo "  SAN=asan+ubsan|asan|ubsan|msan|none   sanitizers (default asan+ubsan);"
	@echo "                    CC=clang SAN=none DEBUG=0 links with LTO (lld) and is optimized with the"
	@echo "                    profile of the shipped programs (build/pgo/): the speed build"
	@echo "  O=0..3            optimisation level (default 2)"
	@echo "  FUZZ_CC=clang-19  the libFuzzer targets' compiler, and so their libFuzzer (build/fuzz/)"

# What check, fuzz and the other targets need, checked before any of their work: the
# Debian packages in DEB_PACKAGES.  As root the missing ones are installed (`apt-get
# update` first, as a fresh machine needs; DEPS_INSTALL=0 only checks); otherwise make
# stops here, naming them and the one command that installs them.
DEPS_INSTALL ?= $(if $(filter 0,$(shell id -u)),1,0)
deps:
	@DEPS_INSTALL=$(DEPS_INSTALL) sh scripts/deps.sh $(DEB_PACKAGES)

$(B)/%.o: %.c $(SPEED_PGO)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/libcore.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/tests/%: $(B)/core/tests/%.o $(B)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) $^ -o $@ -lm

tests: $(TEST_BIN)

# One compiler, one sanitizer setting: build the tests and run them under prove.
check-one: tests $(B)/pafuzz
	prove --timer $(TEST_BIN)
	prove --timer --exec 'perl' scripts/test_cli.pl :: $(B)/pafuzz
	prove --timer --exec 'perl' scripts/doc-links.pl
	prove --timer --exec 'perl' scripts/planted-lines.pl
	prove --timer --exec 'perl' scripts/known-check.pl :: $(B)/pafuzz corpus/known-findings.txt
	prove --timer --exec 'perl' scripts/known-check.pl :: $(B)/pafuzz corpus/known-diffs.txt
	prove --timer --exec 'perl' scripts/debug3-check.pl :: $(B)/pafuzz
	$(MAKE) --no-print-directory regress
	$(MAKE) --no-print-directory fuzz-smoke-if-clang

check: deps
	$(MAKE) --no-print-directory check-one CC=clang SAN=asan+ubsan
	$(MAKE) --no-print-directory check-one CC=gcc SAN=asan+ubsan
	$(MAKE) --no-print-directory msan-replay
	$(MAKE) --no-print-directory cross-check ARCHES=s390x

bench: deps
	$(MAKE) --no-print-directory CC=clang SAN=none DEBUG=0 O=2 build/clang-none-d0/bench/bench_core \
		build/clang-none-d0/pafuzz
	$(MAKE) --no-print-directory build/clang-asan-ubsan-d1/bench/bench_core $(FZ)/fuzz_slowpath \
		build/afl/fuzz_slowpath fuzz-seeds $(BENCH_CORPUS_DRIVERS)
	@mkdir -p build/bench
	build/clang-none-d0/bench/bench_core > build/bench/plain.out; s=$$?; cat build/bench/plain.out; exit $$s
	build/clang-asan-ubsan-d1/bench/bench_core --sanitized > build/bench/sanitized.out; s=$$?; \
		cat build/bench/sanitized.out; exit $$s
	perl scripts/corpus.pl $(BENCH_CORPUS_RUNS) > build/bench/corpus.out; s=$$?; cat build/bench/corpus.out; exit $$s
	perl scripts/merge.pl build/bench build/bench/corpus.out build/bench/plain.out build/bench/sanitized.out

# The evolved corpus the bench measures (scripts/corpus.pl): grown again on request.
EVOLVE_RUNS ?= 200000
.PHONY: bench-corpus
bench-corpus: deps fuzz-seeds
	$(MAKE) --no-print-directory $(FZ)/fuzz_slowpath
	perl scripts/corpus.pl --grow-only --runs $(EVOLVE_RUNS)


build/clang-none-d0/bench/bench_core: bench/bench_core.c $(wildcard core/*.c core/*.h fuzz/*.c fuzz/*.h) Makefile \
		$(PGO_SPEED_D0)
	@mkdir -p $(dir $@)
	clang $(CSTD) $(WARN) -O2 -DDEBUG=0 $(SPEED_LD) $(call PGO_USE,$(PGO_SPEED_D0)) -Icore bench/bench_core.c \
		$(CORE_SRC) $(FUZZ_LIB_SRC) -o $@ -lm

# the fuzzing build's flags (fuzz targets): ASan+UBSan, -O1, DEBUG=1
build/clang-asan-ubsan-d1/bench/bench_core: bench/bench_core.c $(wildcard core/*.c core/*.h fuzz/*.c fuzz/*.h) Makefile
	@mkdir -p $(dir $@)
	clang $(CSTD) $(WARN) -O1 -g -DDEBUG=1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -Icore bench/bench_core.c \
		$(CORE_SRC) $(FUZZ_LIB_SRC) -o $@ -lm

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

# ---- fuzz/: the program format, the runner, the pafuzz command, fuzz targets ----

FUZZ_LIB_SRC := fuzz/prog.c fuzz/runner.c fuzz/known.c fuzz/finding.c fuzz/diff.c fuzz/mutate.c \
	fault/fault.c
# every source of the pafuzz command
PAFUZZ_SRC   := $(CORE_SRC) $(FUZZ_LIB_SRC) fuzz/cli.c
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:%.c=$(B)/%.o)
FUZZ_TARGETS := slowpath buddy text diff
# The fuzzing build's compiler, and so its libFuzzer.  Clang 14's libFuzzer looks a
# feature up in the list of rare ones (every feature seen fewer than 256 times, often
# thousands) once per feature an execution reaches; LLVM 18 replaced the search with
# a bitset and kept the schedule.  On a job from the shipped seeds (12,000 runs, no
# sanitizers, callgrind) that search was 65% of all instructions, the model 14%; with
# Clang 19 the same job ran 55% fewer instructions (docs/benchmarks.md).  Its sanitizer
# runtime symbolizes with llvm-19's own llvm-symbolizer (package llvm-19; without it
# stacks and NEW_FUNC lines are bare addresses).  The other builds (tests, MSan,
# coverage, AFL++) stay on the default clang.
FUZZ_CC      ?= clang-19
DURATION     ?= 180
ENGINE       ?= libfuzzer
TARGET       ?= slowpath
JOBS         ?= 1
# TARGET=diff (v4.2 against a patch variant) has its own list: differences a patch is
# known to make (a fix that works); PATCHES= the variant it fuzzes (default: all)
SUPPRESS     ?= $(if $(filter diff,$(TARGET)),corpus/known-diffs.txt,corpus/known-findings.txt)
PATCHES      ?=
RC_SECONDS   ?= 40
REPORT_EVERY ?= 20
# SEED_DIR= (empty) fuzzes from an empty corpus
SEED_DIR     ?= $(FZ)/seeds/$(TARGET)
FZ           := build/fuzz
# what the fuzz targets read: the known list, where known findings go, and (libFuzzer)
# where the first input of each new signature goes (fuzz-export; job.pl sets its own,
# and passes PATCHES on as PAFUZZ_PATCHES)
PAFUZZ_ENV   = PAFUZZ_SUPPRESS=$(SUPPRESS) PAFUZZ_KNOWN_DIR=$(CURDIR)/$(FZ)/known/$(TARGET) \
	PAFUZZ_PATCHES=$(PATCHES)
SEEN_ENV     = PAFUZZ_SEEN_DIR=$(CURDIR)/$(FZ)/seen/$(TARGET)
# The fuzzing build: ASan+UBSan, -O2, DEBUG=1.  Each file gets the coverage
# instrumentation fuzz/sancov-flags.sh names for it (no comparison tracing in the
# model, no coverage of the harness's bookkeeping: fuzz/coverage.ignore).  UBSan's
# alignment and pointer-overflow checks are left out, as OSS-Fuzz's UBSan builds
# leave them out: they test every load and every pointer step, which made a
# UBSan run of a grown corpus 2.6 times the instructions of a plain one (of the
# difference, alignment 56% and pointer-overflow 24%), while the model only
# reads structures calloc aligned and ASan catches any step that leaves them.
# The null and object-size checks are left out too: in this build ASan already
# reports what they would (a null dereference is a SEGV that ASan's handler
# reports; an access past an object's end hits its redzone).  Leaving them out
# took 16% and 11% of a plain run's instructions off a UBSan-only run of the
# evolved corpus (callgrind, a quarter of it); in this build, over the whole
# corpus once (-runs=0), about 3% of the CPU time.  The bounds check of arrays
# inside a structure, which ASan cannot see, stays.  make check's builds keep
# every check.  Stack use-after-return detection stays off, as it was by
# default before Clang 15: with Clang 19 it is on at run time, and its fake
# stack frames (__asan_stack_malloc) were 6% of a job's samples.
FUZZ_CFLAGS  := $(CSTD) -O2 -g -DDEBUG=1 -fsanitize=address,undefined \
	-fsanitize-address-use-after-return=never \
	-fno-sanitize=alignment,pointer-overflow,null,object-size \
	-fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer $(call PGO_USE,$(PGO_FUZZ)) -Icore -MMD -MP
FUZZ_OBJ     := $(patsubst %.c,$(FZ)/obj/%.o,$(CORE_SRC) $(FUZZ_LIB_SRC))

# The execution profiles (scripts/pgo.sh): the speed build's (clang, DEBUG=0), the
# plain DEBUG=1 bench driver's, and the fuzzing build's (FUZZ_CC, DEBUG=1).
PGO_DEPS := scripts/pgo.sh $(PAFUZZ_SRC) $(wildcard core/*.h fuzz/*.h fault/*.h) \
	$(wildcard regress/*.pz corpus/*/*.pz)
$(PGO_SPEED_D0): $(PGO_DEPS)
	@mkdir -p $(dir $@)
	sh scripts/pgo.sh clang 0 $@ $(PAFUZZ_SRC)
$(PGO_SPEED_D1): $(PGO_DEPS)
	@mkdir -p $(dir $@)
	sh scripts/pgo.sh clang 1 $@ $(PAFUZZ_SRC)
$(PGO_FUZZ): $(PGO_DEPS) $(FZ)/obj/compiler
	@mkdir -p $(dir $@)
	sh scripts/pgo.sh '$(FUZZ_CC)' 1 $@ $(PAFUZZ_SRC)

.PHONY: pafuzz fuzz fuzz-targets fuzz-smoke fuzz-seeds afl oss-fuzz-check fuzz-export

$(B)/libfuzzprog.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/pafuzz: $(B)/fuzz/cli.o $(B)/libfuzzprog.a $(B)/libcore.a
	$(CC) $(LDFLAGS_ALL) $^ -o $@ -lm

pafuzz: $(B)/pafuzz

$(B)/tests/test_prog: $(B)/fuzz/test_prog.o $(B)/libfuzzprog.a $(B)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) $^ -o $@ -lm

$(B)/tests/test_fault: $(B)/fault/test_fault.o $(B)/libfuzzprog.a $(B)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) $^ -o $@ -lm

all: $(B)/pafuzz

# libFuzzer targets (ASan+UBSan); build/fuzz/fuzz_<target>.  The objects remember
# their compiler (obj/compiler): another FUZZ_CC rebuilds them rather than mixing two.
FORCE:
$(FZ)/obj/compiler: FORCE
	@mkdir -p $(dir $@)
	@echo '$(FUZZ_CC)' | cmp -s - $@ || echo '$(FUZZ_CC)' > $@

$(FZ)/obj/%.o: %.c fuzz/sancov-flags.sh fuzz/coverage.ignore Makefile $(FZ)/obj/compiler $(PGO_FUZZ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $$(sh fuzz/sancov-flags.sh $<) -c $< -o $@

.PRECIOUS: $(FZ)/obj/%.o
$(FZ)/fuzz_%: $(FZ)/obj/fuzz/fuzz_%.o $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined $^ -o $@ -lm

fuzz-targets: $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)

# The slowpath target's objects with fuzz/determinism.c in place of libFuzzer (itself
# not instrumented: it reads the counters).
$(FZ)/determinism.o: fuzz/determinism.c Makefile $(PGO_FUZZ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(FZ)/determinism: $(FZ)/determinism.o $(FZ)/obj/fuzz/fuzz_slowpath.o $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=address,undefined $^ -o $@ -lm

# The same driver over the diff target's objects: each input runs on v4.2 and on the
# patch variant (every patch, or the case's own patch line) in one process.
$(FZ)/determinism-diff: $(FZ)/determinism.o $(FZ)/obj/fuzz/fuzz_diff.o $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=address,undefined $^ -o $@ -lm

# Determinism (issue 27): every regression case, seed and a sample of an evolved corpus
# run twice in one process in two orders; the same coverage (fuzz/determinism.c) and
# the same trace hashes (pafuzz run) whatever ran before.  The diff target's coverage
# too, over every regression case and its seeds (no evolved sample: each input is two
# runs, and the runner and model are the slowpath target's).
DET_SAMPLE ?= 400
.PHONY: determinism-check
determinism-check: $(FZ)/determinism $(FZ)/determinism-diff $(FZ)/fuzz_slowpath $(B)/pafuzz fuzz-seeds
	@prove --timer --exec 'perl' scripts/determinism-check.pl :: --pafuzz $(B)/pafuzz --driver $(FZ)/determinism \
		--fuzz $(FZ)/fuzz_slowpath --sample $(DET_SAMPLE) $(REGRESS_CASES) $(FZ)/seeds/slowpath
	@PAFUZZ_PATCHES= prove --timer --exec 'perl' scripts/determinism-check.pl :: --driver $(FZ)/determinism-diff \
		--sample 0 $(REGRESS_CASES) $(FZ)/seeds/diff

# Text seeds in corpus/<target>/*.pz become binary seeds in build/fuzz/seeds/<target>/.
fuzz-seeds: $(B)/pafuzz
	@sh scripts/fuzz-seeds.sh $(B)/pafuzz $(FZ) $(FUZZ_TARGETS)

# The fuzz-job budgets: AFL++ exec/s with 1 and 2 instances, triage time per shipped finding.
BF_SECONDS ?= 30
BF_STAB_SECONDS ?= 120
.PHONY: bench-fuzz
bench-fuzz: deps $(B)/pafuzz fuzz-seeds build/afl/fuzz_$(TARGET)
	perl scripts/fuzzops.pl $(B)/pafuzz build/afl/fuzz_$(TARGET) $(FZ)/seeds/$(TARGET) $(BF_SECONDS) \
		build/bench/evolved/$(TARGET) $(BF_STAB_SECONDS)

# The job report renders in headless Chromium with its plots (installs Debian's chromium).
.PHONY: report-check
report-check: deps $(B)/pafuzz
	@dpkg-query -W -f='$${Status}' chromium 2>/dev/null | grep -q "install ok installed" || { \
		echo "report-check: installing chromium"; apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; }
	perl scripts/report-check.pl $(B)/pafuzz

# A job killed with -9 in the middle and restarted: nothing found is lost (scripts/restart-check.pl).
.PHONY: fuzz-restart-check
fuzz-restart-check: deps
	perl scripts/restart-check.pl $(RC_SECONDS) $(TARGET) $(ENGINE)

# The working corpus of a job, merged to the inputs that add coverage beyond the shipped
# seeds, written back as text into corpus/<target>/ (review, then commit the ones you keep).
fuzz-export: $(B)/pafuzz $(FZ)/fuzz_$(TARGET) fuzz-seeds
	@SUPPRESS='$(SUPPRESS)' PATCHES='$(PATCHES)' sh scripts/fuzz-export.sh $(B)/pafuzz $(FZ) $(TARGET)

# .clusterfuzzlite/build.sh run locally with the environment OSS-Fuzz sets, then every
# produced target over its seed corpus, then findings of different classes through the
# built slowpath target: each must abort through its own frames (scripts/dedup-check.pl).
CRASH_STATE_INPUTS := corpus/findings/nofail-null-nopage.bin corpus/findings/oom-retry-oom_no_fs.bin \
	corpus/findings/should-retry-repeat.bin regress/0020-cpuset-changes-forever.pz \
	regress/0035-fault-too-many-isolated.pz regress/0055-should-continue-reclaim-livelock.pz \
	regress/0067-warn-atomic-nofail.pz regress/0073-zone-reclaimable-livelock.pz
# ... and verdict differences of different pairs through the diff target
DIFF_CRASH_STATE_INPUTS := regress/0079-reaper-frees-blocked-victim.pz \
	regress/0081-reaper-shared-memory-second-victim.pz regress/0083-rework-nofail-costly-returns-null.pz \
	regress/0084-rework-costly-repeat-loops.pz regress/0087-rework-ends-repeat-loop.pz \
	regress/0088-rework-premature-oom-order3.pz regress/0090-rework-ends-zone-reclaimable-livelock.pz
oss-fuzz-check: deps
	@FUZZ_TARGETS='$(FUZZ_TARGETS)' CRASH_STATE_INPUTS='$(CRASH_STATE_INPUTS)' \
		DIFF_CRASH_STATE_INPUTS='$(DIFF_CRASH_STATE_INPUTS)' sh scripts/oss-fuzz-check.sh

# A bounded run per target, for make check: the target must build and run; a finding
# (a "pafuzz:" verdict line) is what fuzzing is for and passes, a sanitizer report of
# the harness itself fails.
fuzz-smoke: $(FUZZ_TARGETS:%=$(FZ)/fuzz_%) fuzz-seeds
	@sh scripts/fuzz-smoke.sh $(FZ) $(FUZZ_TARGETS)

# With clang also the crash states of findings of different classes (scripts/dedup-check.pl),
# of the slowpath target and of the diff target.
.PHONY: fuzz-smoke-if-clang
fuzz-smoke-if-clang:
	@if [ "$(CCNAME)" = clang ] && [ "$(SAN)" = asan+ubsan ]; then $(MAKE) --no-print-directory fuzz-smoke && \
		prove --timer --exec 'perl' scripts/refuse-patched.pl :: $(B)/pafuzz $(FZ) && \
		prove --timer --exec 'perl' scripts/dedup-check.pl :: $(FZ)/fuzz_slowpath $(CRASH_STATE_INPUTS) && \
		PAFUZZ_PATCHES= prove --timer --exec 'perl' scripts/dedup-check.pl :: $(FZ)/fuzz_diff $(DIFF_CRASH_STATE_INPUTS) && \
		$(MAKE) --no-print-directory determinism-check; fi

# AFL++ builds of the same targets: persistent mode with shared-memory test cases
# (afl-clang-fast's libFuzzer driver) and a CmpLog build, in build/afl/.
# The harness's bookkeeping is left uninstrumented here too (AFL_LLVM_DENYLIST).
AFL_CC := AFL_QUIET=1 AFL_LLVM_DENYLIST=$(CURDIR)/fuzz/coverage.ignore afl-clang-fast
AFL_DEPS := $(CORE_SRC) $(FUZZ_LIB_SRC) $(wildcard core/*.h fuzz/*.h) fuzz/coverage.ignore
build/afl/fuzz_%: fuzz/fuzz_%.c $(AFL_DEPS)
	@mkdir -p $(dir $@)
	$(AFL_CC) $(CSTD) -O2 -DDEBUG=1 -fsanitize=fuzzer -Icore $< $(CORE_SRC) $(FUZZ_LIB_SRC) -o $@
build/afl/cmplog/fuzz_%: fuzz/fuzz_%.c $(AFL_DEPS)
	@mkdir -p $(dir $@)
	AFL_LLVM_CMPLOG=1 $(AFL_CC) $(CSTD) -O2 -DDEBUG=1 -fsanitize=fuzzer -Icore $< $(CORE_SRC) $(FUZZ_LIB_SRC) -o $@
build/afl/asan/fuzz_%: fuzz/fuzz_%.c $(AFL_DEPS)
	@mkdir -p $(dir $@)
	AFL_USE_ASAN=1 AFL_USE_UBSAN=1 $(AFL_CC) $(CSTD) -O2 -g -DDEBUG=1 -fsanitize=fuzzer -Icore $< $(CORE_SRC) $(FUZZ_LIB_SRC) -o $@
afl: deps $(FUZZ_TARGETS:%=build/afl/fuzz_%) $(FUZZ_TARGETS:%=build/afl/cmplog/fuzz_%) $(FUZZ_TARGETS:%=build/afl/asan/fuzz_%)

# The main job: fuzz the shipped corpus and report what was found (scripts/job.pl: the
# engines, a progress line about every 10 s, the report's samples, corpus care, triage
# and the report; `perl scripts/job.pl --help`).  ENGINE=libfuzzer (default; JOBS
# in-process workers that keep new findings in seen/ and go on), ENGINE=afl (one main
# instance with the CmpLog build, JOBS-1 secondaries, every third an ASan+UBSan
# build), or ENGINE=both (JOBS of each; on 2 cores use JOBS=1).  A job killed at any
# moment (even -9) and restarted loses nothing: libFuzzer writes crashes straight into
# findings/, AFL++ crashes are copied out before and after each run and AFL++ resumes
# its output directory (AFL_AUTORESUME).
FUZZ_BUILDS_libfuzzer = $(FZ)/fuzz_$(TARGET)
FUZZ_BUILDS_afl       = build/afl/fuzz_$(TARGET) build/afl/cmplog/fuzz_$(TARGET) build/afl/asan/fuzz_$(TARGET)
FUZZ_BUILDS_both      = $(FUZZ_BUILDS_libfuzzer) $(FUZZ_BUILDS_afl)
# triage and the report read the job's inputs as its target ran them (pafuzz --target)
fuzz: export PAFUZZ_TARGET = $(TARGET)
fuzz: deps $(B)/pafuzz fuzz-seeds
	@$(MAKE) --no-print-directory $(or $(FUZZ_BUILDS_$(ENGINE)),$(error ENGINE: libfuzzer, afl or both))
	@perl scripts/job.pl --pafuzz $(B)/pafuzz --fz $(FZ) --target $(TARGET) --engine $(ENGINE) \
		--duration $(DURATION) --jobs $(JOBS) --seed-dir '$(SEED_DIR)' --suppress $(SUPPRESS) \
		--report-every $(REPORT_EVERY) --patches '$(PATCHES)'

# One process over every input of the evolved corpus, per build (bench/corpus.c): DEBUG=0
# (-gdwarf-4: callgrind reads it), DEBUG=1, and the fuzzing build's flags without coverage.
# The two plain ones are linked as the speed build is (-flto, lld), so that their
# difference is DEBUG=1's alone.
BENCH_CORPUS_DRIVERS := build/bench/corpus-d0 build/bench/corpus-d1 build/bench/corpus-asan
BENCH_CORPUS_RUNS = --runs $(EVOLVE_RUNS) 'd0:plain DEBUG=0:build/bench/corpus-d0:--layouts' \
	'd0trace:plain DEBUG=0, trace hash on:build/bench/corpus-d0:--trace' \
	'd1:plain DEBUG=1:build/bench/corpus-d1' 'asan:ASan+UBSan DEBUG=1 -O2:build/bench/corpus-asan'
BENCH_CORPUS_DEPS := bench/corpus.c $(CORE_SRC) $(FUZZ_LIB_SRC) $(wildcard core/*.h fuzz/*.h) Makefile
build/bench/corpus-d0: $(BENCH_CORPUS_DEPS) $(PGO_SPEED_D0)
	@mkdir -p $(dir $@)
	clang $(CSTD) $(WARN) -O2 -gdwarf-4 -DDEBUG=0 $(SPEED_LD) $(call PGO_USE,$(PGO_SPEED_D0)) -Icore \
		$(filter %.c,$^) -o $@ -lm
build/bench/corpus-d1: $(BENCH_CORPUS_DEPS) $(PGO_SPEED_D1)
	@mkdir -p $(dir $@)
	clang $(CSTD) $(WARN) -O2 -DDEBUG=1 $(SPEED_LD) $(call PGO_USE,$(PGO_SPEED_D1)) -Icore \
		$(filter %.c,$^) -o $@ -lm
build/bench/corpus-asan: $(BENCH_CORPUS_DEPS) $(PGO_FUZZ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(filter-out -MMD -MP,$(FUZZ_CFLAGS)) $(filter %.c,$^) -o $@ -lm

# ---- regress/: the regression suite, cross-architecture replay, planted bugs, coverage ----

REGRESS_CASES := $(sort $(wildcard regress/[0-9][0-9][0-9][0-9]-*.pz))
ARCHES ?= aarch64 armhf s390x
CROSS_aarch64 := aarch64-linux-gnu-gcc
CROSS_armhf   := arm-linux-gnueabihf-gcc
CROSS_s390x   := s390x-linux-gnu-gcc
QEMU_aarch64  := qemu-aarch64
QEMU_armhf    := qemu-arm
QEMU_s390x    := qemu-s390x

.PHONY: regress cross-check msan-replay planted coverage

# Every case in a child with a timeout; TAP under prove, one line per case.
regress: $(B)/pafuzz
	prove --timer --exec 'perl regress/run.pl $(B)/pafuzz' $(REGRESS_CASES)

# The same verdict and trace hash on aarch64, 32-bit armhf and big-endian s390x
# (qemu-user) as on x86-64, for every regression case and shipped seed.
build/cross/native/pafuzz: $(PAFUZZ_SRC) $(wildcard core/*.h fuzz/*.h)
	@mkdir -p $(dir $@)
	gcc $(CSTD) -O2 -DDEBUG=1 -Icore $(PAFUZZ_SRC) -o $@ -lm

build/cross/%/pafuzz: $(PAFUZZ_SRC) $(wildcard core/*.h fuzz/*.h)
	@mkdir -p $(dir $@)
	$(CROSS_$*) $(CSTD) -O2 -DDEBUG=1 -static -Icore $(PAFUZZ_SRC) -o $@ -lm

cross-check: deps build/cross/native/pafuzz $(ARCHES:%=build/cross/%/pafuzz) fuzz-seeds
	@sh scripts/cross-check.sh $(FZ) $(ARCHES) -- $(REGRESS_CASES)

# The corpus and the regression cases replayed under MemorySanitizer (all our code instrumented).
msan-replay: fuzz-seeds
	$(MAKE) --no-print-directory CC=clang SAN=msan build/clang-msan-d1/pafuzz
	@build/clang-msan-d1/pafuzz run $(REGRESS_CASES) $$(ls $(FZ)/seeds/*/* 2>/dev/null) > build/msan.out 2>&1; rc=$$?; \
	if grep -q "MemorySanitizer" build/msan.out; then grep -m5 -A5 "MemorySanitizer" build/msan.out; exit 1; fi; \
	echo "msan-replay: $$(grep -c trace= build/msan.out) programs replayed, no MemorySanitizer report"

# One build per planted bug (regress/planted/*.mut); the suite must catch each.
planted: deps
	perl scripts/planted.pl

# Mutation run (long: about 10 s per mutant per job): which one-token changes of core/ the
# unit tests and the regression suite miss.  MUT_EVERY=5 takes every 5th mutant.
MUT_EVERY ?= 5
MUT_OFFSET ?= 0
MUT_JOBS ?= 2
MUT_FILES ?=
MUT_LINES ?=
.PHONY: mutants
mutants: deps
	perl scripts/mutants.pl --every $(MUT_EVERY) --offset $(MUT_OFFSET) --jobs $(MUT_JOBS) \
		$(if $(MUT_LINES),--lines $(MUT_LINES)) $(MUT_FILES)

# The bug benchmark (issue 9): time to find each planted bug and the seed's own findings,
# per engine (libFuzzer, libFuzzer without choice/fault injection, random), Kaplan-Meier.
# Quick by default; bugbench-full is the published table (10 trials of 10 minutes: hours).
BB_TRIALS ?= 1
BB_LIMIT  ?= 30
BB_JOBS   ?= 2
BB_BUGS   ?=
BB_ENGINES ?= libfuzzer,defaults,random
BB_TRIALS_PER ?=
.PHONY: bugbench bugbench-full
bugbench: deps
	$(MAKE) --no-print-directory $(PGO_FUZZ)
	perl scripts/bugbench.pl --trials $(BB_TRIALS) --limit $(BB_LIMIT) --jobs $(BB_JOBS) --cc $(FUZZ_CC) \
		--pgo $(PGO_FUZZ) \
		--engines $(BB_ENGINES) $(if $(BB_BUGS),--bugs $(BB_BUGS)) \
		$(if $(BB_TRIALS_PER),--trials-per $(BB_TRIALS_PER))
bugbench-full: deps
	$(MAKE) --no-print-directory $(PGO_FUZZ)
	perl scripts/bugbench.pl --trials 10 --limit 600 --jobs $(BB_JOBS) --cc $(FUZZ_CC) --pgo $(PGO_FUZZ) \
		--engines libfuzzer,defaults,random,afl

# Line and branch coverage of core/ from the unit tests, the regression suite and the seeds,
# and the table of the seed's steps (scripts/coverage-table.pl).
COV := build/coverage
coverage: deps fuzz-seeds
	@mkdir -p $(COV) && rm -f $(COV)/*.profraw
	$(MAKE) --no-print-directory CC=clang SAN=none DEBUG=1 O=0 EXTRA_CFLAGS="-fprofile-instr-generate -fcoverage-mapping" \
		EXTRA_LDFLAGS="-fprofile-instr-generate" tests build/clang-none-d1/pafuzz
	sh scripts/coverage.sh build/clang-none-d1 $(REGRESS_CASES)
