#!/usr/bin/env bash
# Checks that a change leaves every alert document the same: scans ../shared/corpus and examples/
# with the code of REV (default: HEAD, the last commit) and with the working tree, at
# --min-severity info, and compares the documents byte for byte, apart from detectedAt (the time of
# the scan), and the reports of malformed records.
#
# Usage: tools/same-alerts.sh [REV]     (exit 0: identical; 1: a difference, shown as a diff)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev=${1:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

inputs=("$ROOT/examples/events" "$ROOT/examples/malformed")
[ -d "$ROOT/../shared/corpus" ] && inputs+=("$(cd "$ROOT/../shared/corpus" && pwd)")

scan() {  # scan CHECKOUT OUTPUT: alert documents, then the malformed reports
  (cd "$1" && ./credwatch scan --quiet --format jsonl --min-severity info "${inputs[@]}" 2>"$2.err") \
    | sed -E 's/"detectedAt":"[^"]*"/"detectedAt":""/' >"$2"
  grep -v '^credwatch: building ' "$2.err" >>"$2" || true
}

git -C "$ROOT" worktree add --quiet --detach "$work/before" "$rev"
trap 'git -C "$ROOT" worktree remove --force "$work/before"; rm -rf "$work"' EXIT
echo "same-alerts: scanning with $rev ..." >&2
scan "$work/before" "$work/before.jsonl"
echo "same-alerts: scanning with the working tree ..." >&2
scan "$ROOT" "$work/after.jsonl"
if cmp -s "$work/before.jsonl" "$work/after.jsonl"; then
  echo "same-alerts: $(wc -l <"$work/after.jsonl") alert documents, identical to $rev's (detectedAt aside)"
else
  diff "$work/before.jsonl" "$work/after.jsonl" | head -40
  echo "same-alerts: the alert documents differ from $rev's" >&2
  exit 1
fi
