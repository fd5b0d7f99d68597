# bayan: everyday commands. GNU make; needs only Rust (cargo on PATH) and
# python3. Run `make help` for the list.

CARGO ?= cargo
PYTHON ?= python3
BAYAN = $(CARGO) run --quiet --
SEED = ../shared/seed/000_9e8232f106620835.txt
VENV = .venv
VENV_PYTHON = $(VENV)/bin/python
INTEROP_REQUIREMENTS = tests/interop/requirements.txt
INTEROP_OUT = out/interop
INTEROP_DIRS = $(INTEROP_OUT)/seed $(INTEROP_OUT)/samples

.DEFAULT_GOAL := help
.PHONY: help run test lint interop scale-test eval bench schemas tables clean fuzz

help:
	@echo "make run      build bayan and export samples/ into out/"
	@echo "make test     run every test (cargo test --all-targets --no-fail-fast)"
	@echo "make lint     cargo fmt --check and cargo clippy -D warnings"
	@echo "make interop  check the exported files with DuckDB, pyarrow, pyld, frictionless and csvw"
	@echo "make scale-test  bayan map under Spark, and four shards on a local S3 server, equal one export"
	@echo "make eval     score the extractors against tests/gold/ and tests/extract/; write eval/RESULTS.md and eval/EXTRACT.md"
	@echo "make bench    benchmark bayan against the Python peer and DuckDB; write bench/RESULTS.md"
	@echo "make schemas  write the machine-readable schemas into schemas/"
	@echo "make tables   regenerate the reference tables with tools/tables/*.py"
	@echo "make fuzz     run every fuzz target for FUZZ_SECONDS (600) each; stop at the first crash"
	@echo "make clean    remove out/ and the interop virtualenv"

# The sample statements and the bad inputs go into one dataset: the bad
# ones end in rejects.csv, which is not a failure (exit code 0).
# samples/README.md describes the inputs and is not one of them.
run:
	$(BAYAN) export samples/statements samples/bad --out out

test:
	$(CARGO) test --all-targets --no-fail-fast

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

# Exports the seed statement and the samples, then proves that standard
# tools read the result as the contract (../shared/spec/DATASET.md) says.
# Every check runs even when an earlier one failed.
interop: $(VENV)/.installed
	rm -rf $(INTEROP_OUT)
	$(BAYAN) export $(SEED) --out $(INTEROP_OUT)/seed --quiet
	$(BAYAN) export samples/statements samples/bad --out $(INTEROP_OUT)/samples --quiet
	@status=0; for check in tests/interop/check.py tests/interop/check_csvw.py; do \
	  echo "$(VENV_PYTHON) $$check $(INTEROP_DIRS)"; \
	  $(VENV_PYTHON) $$check $(INTEROP_DIRS) || status=1; \
	done; exit $$status

# bayan as tasks of a distributed engine, on a generated corpus of 5,000
# statements: Spark (local mode, 4 partitions) pipes it through `bayan map`
# (tests/scale/check.py), and four concurrent `export --shard I/4` processes
# write to an S3 server on loopback before `bayan merge`
# (tests/object_store.rs). Both must equal one single-machine export. Needs
# Java 17 or later for Spark. SCALE_PROFILE=dev tests the debug build that
# `make test` has already compiled (CI does, to save a release build);
# the default tests the release build users run.
SCALE_OUT = out/scale
SCALE_PROFILE ?= release
SCALE_BIN = target/$(if $(filter dev,$(SCALE_PROFILE)),debug,$(SCALE_PROFILE))/bayan
scale-test: $(VENV)/.installed-scale
	$(CARGO) build --profile $(SCALE_PROFILE) --quiet
	$(VENV_PYTHON) tests/scale/check.py --bayan $(SCALE_BIN) --work $(SCALE_OUT)
	BAYAN_SCALE_CORPUS=$(SCALE_OUT)/corpus BAYAN_SCALE_BIN=$(SCALE_BIN) \
	  $(CARGO) test --quiet --test object_store four_concurrent_shards

# Scores the dates, amounts and mentions extractors against the hand-checked
# statements of tests/gold/ and writes eval/RESULTS.md.
eval:
	$(CARGO) test --quiet --test gold -- --ignored --nocapture eval_report
	$(CARGO) test --quiet --test extract -- --ignored --nocapture eval_report

# Builds bayan in release, generates the 10k and 100k corpora into
# bench-corpus/ (cached), times bayan, the Python reference pipeline of
# ../shared/peer and DuckDB in one run, and writes bench/RESULTS.md.
# Slow (about ten minutes on two cores); BENCH_ARGS=--help lists options.
bench:
	$(PYTHON) tools/bench/run.py $(BENCH_ARGS)

# Re-installs only when the pinned requirements change.
$(VENV)/.installed: $(INTEROP_REQUIREMENTS)
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "error: '$(PYTHON) -m venv' failed. On Debian or Ubuntu install the venv module:"; \
	  echo "  apt-get install python3-venv"; \
	  echo "then run 'rm -rf $(VENV)' and 'make interop' again."; \
	  exit 1; }
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check -r $(INTEROP_REQUIREMENTS)
	touch $@

$(VENV)/.installed-scale: $(VENV)/.installed tests/scale/requirements.txt
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check -r tests/scale/requirements.txt
	touch $@

schemas:
	$(BAYAN) schemas --out schemas

# Each generator reads ../shared/ref and writes its committed table.
tables:
	@set -e; found=0; \
	for script in tools/tables/*.py; do \
	  [ -e "$$script" ] || continue; \
	  found=1; echo "$(PYTHON) $$script"; $(PYTHON) "$$script"; \
	done; \
	[ $$found = 1 ] || { echo "error: no generator in tools/tables/"; exit 1; }

clean:
	rm -rf out $(VENV)

# Every fuzz target of fuzz/ in turn, each for FUZZ_SECONDS, under nice so
# the machine stays usable, seeded from samples/ and ../shared/corpus
# (fuzz/corpus/, not tracked). Stops at the first crash, timeout or
# out-of-memory and names the reproducer. Needs cargo-fuzz; on a stable
# toolchain: make fuzz FUZZ="cargo fuzz" FUZZ_FLAGS="--sanitizer none"
# with RUSTC_BOOTSTRAP=1 in the environment (see README, Fuzzing).
FUZZ_SECONDS ?= 600
FUZZ ?= cargo +nightly fuzz
FUZZ_FLAGS ?=
fuzz:
	$(PYTHON) fuzz/seed_corpus.py
	cd fuzz && $(FUZZ) build $(FUZZ_FLAGS)
	@cd fuzz && for target in $$($(FUZZ) list); do \
	  case $$target in extract_*) max_len=65536;; *) max_len=1048576;; esac; \
	  echo "== $$target: $(FUZZ_SECONDS) s, inputs up to $$max_len bytes"; \
	  nice -n 19 $(FUZZ) run $(FUZZ_FLAGS) $$target -- -max_total_time=$(FUZZ_SECONDS) \
	    -rss_limit_mb=2048 -max_len=$$max_len -timeout=10 -print_final_stats=1 \
	  || { reproducer=$$(ls -t artifacts/$$target/* 2>/dev/null | head -n 1); \
	       echo "error: $$target failed; the reproducer is fuzz/$$reproducer"; \
	       echo "replay it: cd fuzz && $(FUZZ) run $(FUZZ_FLAGS) $$target $$reproducer"; \
	       echo "shrink it: cd fuzz && $(FUZZ) tmin $(FUZZ_FLAGS) $$target $$reproducer"; \
	       exit 1; }; \
	done
