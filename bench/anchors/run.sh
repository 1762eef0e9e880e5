#!/usr/bin/env bash
# One run of one benchmark anchor on one rung; prints one line of key=value fields.
#
#   bench/anchors/run.sh spin|rumur|tlc NxM mainline|v5.2 [verdict|count [STEPS]|equality]
#
#   verdict   check the five invariants; stop at the first violation (default). SPIN searches
#             depth-first for mainline and breadth-first for v5.2 (shortest counterexample); Rumur
#             and TLC always breadth-first.
#   count     no invariants; every reachable state, or with STEPS every state at most STEPS steps
#             from the initial one (breadth-first, one thread: the only exact bounded count).
#   equality  the count comparable with trapcheck's --no-symmetry distinct states: verdict, and if
#             it is violated at L steps, then count L (trapcheck's BFS finishes the level of its first
#             violation, so its count is every state within L steps; the anchors stop mid-level).
#             Both runs breadth-first on one thread, so that L is the shortest length.
#
# Output, e.g.: tool=spin rung=2x2 policy=mainline mode=verdict states=40827 transitions=338741
#   verdict=holds invariant=- steps=- total=1.52 explore=0.21 dir=/tmp/...
#   total: seconds end to end (SPIN: spin -a + gcc + pan; Rumur: rumur + gcc + verifier; TLC: the
#   JVM); explore: the checker's exploration alone (pan, verifier, TLC after parsing). A run stopped
#   by LIMIT says verdict=timeout; a tool that failed says verdict=error (see dir).
#
# Environment: THREADS (Rumur --threads, TLC -workers; default 1), LIMIT (seconds before the
# checker is stopped; default none), OUT (work folder; default a new one under /tmp),
# TLA2TOOLS_JAR (TLC), TLC_JAVA_OPTS (default -XX:+UseParallelGC), SPIN_SEARCH (dfs|bfs),
# SPIN_DEPTH (pan -m for a depth-first search), SPIN_HASH (pan -w), CC_OPT (gcc's optimisation;
# default -O2 for pan, -O3 for Rumur's verifier, as their manuals advise; -O0 compiles faster for
# small rungs, as the tests do).
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
usage() { echo "usage: $0 spin|rumur|tlc NxM mainline|v5.2 [verdict|count [STEPS]|equality]" >&2; exit 2; }
[[ $# -ge 3 ]] || usage
tool=$1 rung=$2 policy=$3 mode=${4:-verdict} bound=${5:-0}
[[ $rung =~ ^([1-9])x([1-9])$ ]] || { echo "$0: rung must be NxM with N, M in 1..9, got '$rung'" >&2; exit 2; }
ncpu=${BASH_REMATCH[1]} nvm=${BASH_REMATCH[2]}
case $policy in mainline|v5.2) ;; *) usage ;; esac
case $mode in verdict|equality) bound=0 ;; count) [[ $bound =~ ^[0-9]+$ ]] || usage ;; *) usage ;; esac
threads=${THREADS:-1}
limit=${LIMIT:-0}
base="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/anchor.XXXXXX")}"

now() { echo "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# Runs the checker (with LIMIT); returns 124 when stopped by it.
checker() { if [[ $limit -gt 0 ]]; then timeout "$limit" "$@"; else "$@"; fi; }

# run_once MODE BOUND: sets states transitions verdict invariant steps total explore dir.
run_once() {
  local m=$1 b=$2 checks=1 start t0 rc=0
  [[ $m == count ]] && checks=0
  dir="$base/$tool-$rung-$policy-$m"
  if [[ $b -gt 0 ]]; then dir+="-$b"; fi
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  states=- transitions=- verdict=error invariant=- steps=- explore=-
  start=$(now)
  case $tool in
  spin)
    local defs=(-DNCPU="$ncpu" -DNVM="$nvm") cflags=("${CC_OPT:--O2}" -DSAFETY) args=() search size=$((ncpu * nvm))
    [[ $policy == v5.2 ]] && defs+=(-DV52)
    search=${SPIN_SEARCH:-$([[ $policy == v5.2 || $b -gt 0 ]] && echo bfs || echo dfs)}
    [[ $b -gt 0 ]] && search=bfs
    if [[ $search == bfs ]]; then
      cflags+=(-DBFS)
      args+=(-m"$([[ $b -gt 0 ]] && echo "$b" || echo 100000)")
    else
      # pan allocates its depth-first stack up front (about 55 bytes a level): no larger than needed.
      args+=(-m"${SPIN_DEPTH:-$((size <= 4 ? 100000 : size <= 6 ? 1000000 : size <= 9 ? 10000000 : 50000000))}")
    fi
    args+=(-w"${SPIN_HASH:-$((size <= 4 ? 18 : size <= 6 ? 21 : size <= 9 ? 25 : 27))}")
    [[ $checks == 0 ]] && args+=(-A)
    cp "$here/ptrauth.pml" .
    spin -a "${defs[@]}" ptrauth.pml >spin.log 2>&1 && gcc "${cflags[@]}" -o pan pan.c >gcc.log 2>&1 || return 0
    t0=$(now)
    checker ./pan "${args[@]}" >pan.out 2>&1 || rc=$?
    explore=$(since "$t0")
    states=$(awk '/states, stored/ { print $1; exit }' pan.out)
    transitions=$(awk '/transitions \(= stored\+matched\)/ { print $1; exit }' pan.out)
    if grep -q 'assertion violated' pan.out; then
      verdict=violated
      invariant=$(sed -n 's/.*||\([a-z_]*\)) (at depth [0-9]*).*/\1/p' pan.out | head -n 1 | tr _ -)
      steps=$(($(sed -n 's/.*assertion violated.* (at depth \([0-9]*\)).*/\1/p' pan.out | head -n 1) + 1))
    elif grep -q 'errors: 0' pan.out; then
      verdict=holds
      if [[ $b -eq 0 ]] && grep -q 'max search depth too small' pan.out; then verdict=incomplete; fi
    fi
    ;;
  rumur)
    local rargs=(--symmetry-reduction off --deadlock-detection off --threads "$threads")
    [[ $b -gt 0 ]] && rargs=(--symmetry-reduction off --deadlock-detection off --threads 1 --bound "$b")
    sed -e "s/^  NCPU: [0-9]*;/  NCPU: $ncpu;/" -e "s/^  NVM: [0-9]*;/  NVM: $nvm;/" \
      -e "s/^  V52: [a-z]*;/  V52: $([[ $policy == v5.2 ]] && echo true || echo false);/" \
      -e "s/^  CHECKS: [a-z]*;/  CHECKS: $([[ $checks == 1 ]] && echo true || echo false);/" \
      "$here/ptrauth.m" >ptrauth.m
    rumur "${rargs[@]}" ptrauth.m -o ptrauth.c >rumur.log 2>&1 \
      && gcc -std=c11 "${CC_OPT:--O3}" -mcx16 -o verifier ptrauth.c -lpthread >gcc.log 2>&1 || return 0
    t0=$(now)
    checker ./verifier >verifier.out 2>&1 || rc=$?
    explore=$(since "$t0")
    read -r states transitions < <(awk '/states, .* rules fired/ { print $1, $3; exit }' verifier.out) || true
    if grep -q 'No error found' verifier.out; then
      verdict=holds
    elif grep -q 'failed' verifier.out; then
      verdict=violated
      invariant=$(sed -n -e 's/.*invariant "\([a-z-]*\)" failed.*/\1/p' \
        -e 's/.*Assertion failed: [^ ]*: \([a-z-]*\).*/\1/p' verifier.out | head -n 1)
      steps=$(grep -c '^Rule .* fired' verifier.out || true)
    fi
    ;;
  tlc)
    [[ -f ${TLA2TOOLS_JAR:-} ]] || { echo "$0: set TLA2TOOLS_JAR to a tla2tools.jar (see BENCHMARKS.md)" >&2; exit 2; }
    cp "$here/ptrauth.tla" .
    {
      echo "CONSTANTS NCPU = $ncpu NVM = $nvm V52 = $([[ $policy == v5.2 ]] && echo TRUE || echo FALSE)"
      echo "  CHECKS = $([[ $checks == 1 ]] && echo TRUE || echo FALSE) BOUND = $b"
      echo "INIT Init"
      echo "NEXT Next"
      echo "INVARIANTS HostKeysIntact NoKeyLeakage TrapBitsMatchVcpu"
      echo "CONSTRAINT WithinBound"
    } >run.cfg
    # Each output line is stamped as it arrives: TLC's exploration starts at "Computing initial states".
    # shellcheck disable=SC2086  # TLC_JAVA_OPTS is a list of options
    { checker java ${TLC_JAVA_OPTS:--XX:+UseParallelGC} -jar "$TLA2TOOLS_JAR" -workers "$([[ $b -gt 0 ]] && echo 1 || echo "$threads")" \
        -deadlock -noGenerateSpecTE -config run.cfg -metadir states ptrauth.tla 2>&1 || echo "exit $?"; } \
      | while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done >tlc.out
    t0=$(awk '/Computing initial states/ { print $1; exit }' tlc.out)
    [[ -n $t0 ]] && explore=$(since "$t0")
    grep -q '^[0-9.]* exit 124$' tlc.out && rc=124
    # The final counts, or after a stop the last progress line's.
    states=$(sed -n 's/.* \([0-9,]*\) distinct states found.*/\1/p' tlc.out | tail -n 1 | tr -d ,)
    transitions=$(sed -n 's/^[0-9.]* \([0-9]*\) states generated.*/\1/p' tlc.out | tail -n 1)
    if grep -q 'Model checking completed. No error has been found' tlc.out; then
      verdict=holds
    elif grep -q 'Invariant .* is violated\|The first argument of Assert evaluated to FALSE' tlc.out && grep -q '^[0-9.]* State [0-9]*:' tlc.out; then
      verdict=violated
      local last
      last=$(sed -n 's/^[0-9.]* State \([0-9]*\):.*/\1/p' tlc.out | tail -n 1)
      if grep -q 'Invariant .* is violated' tlc.out; then
        invariant=$(sed -n 's/.*Invariant \([A-Za-z]*\) is violated.*/\1/p' tlc.out | head -n 1 \
          | sed -e 's/\([a-z]\)\([A-Z]\)/\1-\2/g' | tr 'A-Z' 'a-z')
        steps=$((last - 1))
      else
        invariant=$(grep -o '"[a-z-]*"' tlc.out | head -n 1 | tr -d '"')
        steps=$last   # an Assert in a step: the trace ends at the state the failing step leaves
      fi
    fi
    ;;
  *) usage ;;
  esac
  [[ $m == count && $verdict == holds ]] && verdict=counted
  [[ $rc == 124 ]] && verdict=timeout
  total=$(since "$start")
  return 0
}

if [[ $mode == equality ]]; then
  # The shortest counterexample's length bounds the count: breadth-first, on one thread.
  threads=1 SPIN_SEARCH=bfs
  run_once verdict 0
  if [[ $verdict == violated ]]; then
    v_invariant=$invariant v_steps=$steps v_total=$total v_explore=$explore
    run_once count "$v_steps"
    [[ $verdict == counted ]] && verdict=violated || verdict=error
    invariant=$v_invariant steps=$v_steps
    total=$(awk -v a="$v_total" -v b="$total" 'BEGIN { printf "%.2f", a + b }')
    explore=$(awk -v a="$v_explore" -v b="$explore" 'BEGIN { printf "%.2f", a + b }')
  fi
else
  run_once "$mode" "$bound"
fi
bounded=""
if [[ $bound -gt 0 ]]; then bounded=" bound=$bound"; fi
echo "tool=$tool rung=$rung policy=$policy mode=$mode$bounded states=${states:--}" \
  "transitions=${transitions:--} verdict=$verdict invariant=$invariant steps=$steps total=$total explore=$explore dir=$dir"
