#!/usr/bin/env bash
# Fuzz kyc-sign's Rust core: cargo-fuzz (libFuzzer) on the nightly toolchain.
#
#   fuzz/run.sh [long]              every target FUZZ_SECONDS each (default 60)     `make fuzz`
#   fuzz/run.sh smoke               replay the seeds, then FUZZ_SECONDS each (default 5)  `make fuzz-smoke`
#   fuzz/run.sh MODE TARGET...      only the named targets
#
# Environment:
#   FUZZ_SECONDS      seconds of fuzzing per target (libFuzzer -max_total_time)
#   FUZZ_SANITIZER    cargo-fuzz --sanitizer: none (default; the crate forbids
#                     unsafe code, so panics are what matter) or address
#   KYC_FUZZ_LENIENT  comma-separated known-bug checks to skip (see fuzz/README.md)
#
# Each run starts from a copy of the seed corpus (fuzz/seeds/<target>/): a
# fresh temporary directory for smoke runs, the git-ignored fuzz/corpus/<target>/
# for long runs (so the corpus keeps growing from one `make fuzz` to the next).
# Crash inputs land in the git-ignored fuzz/artifacts/<target>/. The script
# exits non-zero when any target crashes or breaks a property, after running
# them all, and ends with the executions per target.
set -euo pipefail

cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"

mode=${1:-long}
case "$mode" in
  long) default_seconds=60 ;;
  smoke) default_seconds=5 ;;
  *) echo "usage: fuzz/run.sh [long|smoke] [TARGET...]" >&2; exit 2 ;;
esac
shift $(($# > 0 ? 1 : 0))
seconds=${FUZZ_SECONDS:-$default_seconds}
sanitizer=${FUZZ_SANITIZER:-none}
all_targets=(canonical_url session_body verify hex_decode)
if [[ $# -gt 0 ]]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
for target in "${targets[@]}"; do
  if [[ ! -d seeds/$target ]]; then
    echo "fuzz: unknown target $target (have: ${all_targets[*]})" >&2
    exit 2
  fi
done

# ------------------------------------------------------------------ tools
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain (cargo-fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io (takes about two minutes)"
  cargo install cargo-fuzz
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kyc-sign-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/logs"

# ------------------------------------------------------------------ build
# One build for every target: optimised, with debug assertions (so integer
# overflow panics too).
build_flags=(--release --debug-assertions --sanitizer "$sanitizer")
start=$SECONDS
echo "fuzz: building ${#all_targets[@]} targets (nightly, sanitizer $sanitizer, debug assertions)"
if ! cargo +nightly fuzz build "${build_flags[@]}" >"$work/build.log" 2>&1; then
  grep -v -E '^\s*(Compiling|Downloaded|Downloading)\b' "$work/build.log" >&2
  echo "fuzz: build failed" >&2
  exit 1
fi
echo "fuzz: built in $((SECONDS - start)) s"

# ------------------------------------------------------------------ run

declare -A executions rate status
failed=0
for target in "${targets[@]}"; do
  if [[ $mode == smoke ]]; then
    corpus=$work/corpus/$target
  else
    corpus=corpus/$target
  fi
  mkdir -p "$corpus" "artifacts/$target"
  cp -n seeds/"$target"/* "$corpus"/ 2>/dev/null || true
  args=(-max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048)
  [[ -f dicts/$target.dict ]] && args+=(-dict="dicts/$target.dict")
  log=$work/logs/$target.log
  echo "fuzz: $target: replaying $(ls "$corpus" | wc -l) corpus inputs ($(ls seeds/"$target" | wc -l) seeds), then fuzzing ${seconds} s"
  set +e
  cargo +nightly fuzz run "${build_flags[@]}" "$target" "$corpus" -- "${args[@]}" >"$log" 2>&1
  rc=$?
  set -e
  executions[$target]=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate[$target]=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [[ $rc -eq 0 ]]; then
    status[$target]=ok
  else
    failed=1
    status[$target]="FAILED (exit $rc)"
    echo "fuzz: $target FAILED; the end of its log:" >&2
    # The panic message, then libFuzzer's note on where the crash input went.
    grep -E -A12 "panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer|==ERROR" "$log" | head -40 >&2 || true
    grep -E "Test unit written to|^Base64:" "$log" >&2 || tail -20 "$log" >&2
    cp "$log" "artifacts/$target/last-failure.log"
    echo "fuzz: full log kept in fuzz/artifacts/$target/last-failure.log;" \
      "reproduce with: cargo +nightly fuzz run ${build_flags[*]} $target fuzz/artifacts/$target/<crash-file>" >&2
  fi
done

echo
echo "fuzz summary ($mode, ${seconds} s per target, sanitizer $sanitizer${KYC_FUZZ_LENIENT:+, lenient: $KYC_FUZZ_LENIENT}):"
printf '  %-15s %14s %12s  %s\n' target executions exec/s status
for target in "${targets[@]}"; do
  printf '  %-15s %14s %12s  %s\n' "$target" "${executions[$target]:-?}" "${rate[$target]:-?}" "${status[$target]}"
done
if [[ $failed -ne 0 ]]; then
  echo "fuzz: FAILED: a target crashed or broke a property (crash inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz: all targets passed"
