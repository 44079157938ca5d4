#!/usr/bin/env bash
# Cold-start figures of one function, as the README reports them: runs the README's dry-run
# command of `./credwatch local CLOUD` RUNS times (each a fresh JVM), and prints the median of the
# timing line every *-invoke ends with: init (JVM start to the function ready), event, peak RSS.
#
# Usage: with `./credwatch local CLOUD` running in another terminal, from the repository root:
#   tools/invoke-timings.sh aws|gcp|azure [RUNS]      (RUNS defaults to 7)
set -euo pipefail

cloud=${1:?usage: tools/invoke-timings.sh aws|gcp|azure [RUNS]}
runs=${2:-7}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
lines="target/local/$cloud/second-terminal.sh"
[ -f "$lines" ] || { echo "invoke-timings: start ./credwatch local $cloud first ($lines is missing)" >&2; exit 2; }
# shellcheck disable=SC1090 # the exports the local cloud printed
. <(grep '^export ' "$lines")
command=$(grep 'CREDWATCH_REMEDIATION=dry-run ' "$lines")
# The first run may build the module: do it once, untimed.
bash -c "$command" >/dev/null 2>&1
timings=$(mktemp)
for _ in $(seq "$runs"); do
  bash -c "$command" 2>&1 >/dev/null | sed -n 's/^credwatch: init \([0-9]*\) ms .*event \([0-9]*\) ms, peak RSS \([0-9]*\) MiB$/\1 \2 \3/p' >>"$timings"
done
[ "$(wc -l <"$timings")" -eq "$runs" ] || { echo "invoke-timings: a run printed no timing line" >&2; exit 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '%s, %s runs of: %s\n' "$cloud" "$runs" "$command"
printf 'init   median %s ms (from %s to %s)\n' "$(cut -d' ' -f1 "$timings" | median)" \
  "$(cut -d' ' -f1 "$timings" | sort -n | head -1)" "$(cut -d' ' -f1 "$timings" | sort -n | tail -1)"
printf 'event  median %s ms\n' "$(cut -d' ' -f2 "$timings" | median)"
printf 'peak RSS median %s MiB\n' "$(cut -d' ' -f3 "$timings" | median)"
rm -f "$timings"
