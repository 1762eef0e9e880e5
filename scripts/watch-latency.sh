#!/usr/bin/env bash
# How long after a save `trapcheck watch` prints the spec's new result line, measured through the
# launcher: starts a watch on a copy of SPEC (default: specs/v5.2-lazy-host-trap-1cpu.yaml), saves
# the copy ROUNDS times the way editors do (write a new file, rename it over the old one), each save
# changing one comment so the bytes differ, and timestamps the save and the first result line after
# it. Prints each latency and the median, in milliseconds.
#
#   scripts/watch-latency.sh [SPEC] [ROUNDS]     (ROUNDS default: 11)
#
# Needs bash 5 ($EPOCHREALTIME). Extra flags for watch: WATCH_FLAGS (default: "--threads 1").
# TRAPCHECK_JAR: run that jar (java $TRAPCHECK_JAVA_OPTS -jar, as the launcher does) instead of
# ./trapcheck (scripts/bench-all.sh measures its own copy of the jar so).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
spec="${1:-$root/specs/v5.2-lazy-host-trap-1cpu.yaml}"
rounds="${2:-11}"
work="$(mktemp -d "${TMPDIR:-/tmp}/watch-latency.XXXXXX")"
trap 'kill "$watcher" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

# The spec's folder is copied too: a spec may extend a base beside it.
cp "$(dirname "$spec")"/*.yaml "$work/"
copy="$work/$(basename "$spec")"
fifo="$work/out.fifo"
mkfifo "$fifo"
if [[ -n ${TRAPCHECK_JAR:-} ]]; then
  # shellcheck disable=SC2206  # TRAPCHECK_JAVA_OPTS is a list of options
  launcher=(java ${TRAPCHECK_JAVA_OPTS:--XX:+UseParallelGC} -jar "$TRAPCHECK_JAR")
else
  launcher=("$root/trapcheck")
fi
# shellcheck disable=SC2086  # WATCH_FLAGS is a list of flags
"${launcher[@]}" watch "$copy" --out "$work/out" ${WATCH_FLAGS:---threads 1} >"$fifo" 2>"$work/err" &
watcher=$!

exec 3<"$fifo"
# The first check, up to its tally line.
while IFS= read -r line <&3 && ! [[ "$line" =~ ^[0-9]+\ specs?: ]]; do :; done
until grep -q 'for changes' "$work/err"; do sleep 0.01; done

latencies=()
for ((i = 1; i <= rounds; i++)); do
  { cat "$spec"; echo "# save $i"; } >"$work/.save.tmp"
  saved=$EPOCHREALTIME
  mv "$work/.save.tmp" "$copy"
  while IFS= read -r line <&3; do
    [[ "$line" == "    "* ]] && continue # a counterexample's text, not a result line
    break
  done
  shown=$EPOCHREALTIME
  ms=$(awk -v a="$saved" -v b="$shown" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
  latencies+=("$ms")
  echo "save $i: ${ms} ms  $line"
  sleep 0.3 # let the watch settle before the next save
done

printf '%s\n' "${latencies[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "median: %d ms over %d saves\n", v[int((NR + 1) / 2)], NR }'
