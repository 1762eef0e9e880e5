#!/usr/bin/env bash
# trapcheck side by side with its benchmark anchors (bench/anchors: SPIN, Rumur, TLC), run one
# process at a time on this machine, then the tables of BENCHMARKS.md printed (markdown).
#
#   scripts/bench-all.sh            the timing comparison: per rung and tool, distinct states,
#                                   time to verdict end to end and exploration only, ratios to the
#                                   fastest anchor of the rung
#   scripts/bench-all.sh equality   the equality table: per rung and policy, the distinct states of
#                                   SPIN, Rumur, TLC and trapcheck --no-symmetry, and their verdicts
#
# Needs: a JDK 17 (trapcheck builds itself with mvn or ./mvnw); gcc and spin, gcc and rumur (Debian:
# apt-get install gcc spin rumur); TLC runs when TLA2TOOLS_JAR names a tla2tools.jar (BENCHMARKS.md).
# Nothing else should run meanwhile.
#
# The timing run also measures issue 15's targets (mainline, trapcheck with symmetry, THREADS threads)
# and prints them last, each with its figure, met or not, and the command:
#   the 4x4 rung with the default search and with the other partial-order setting (--por/--no-por),
#   a 5x4 rung within 10 minutes, the 4x4 rung with --memory 512 (spilling to disk), bytes per state,
#   a cold 2x2 `check` against SPIN end to end (interleaved pairs), `watch`'s latency after a save
#   (scripts/watch-latency.sh), and the anchors side by side (the timing table's ratio columns).
# It prints an estimate of its duration first.
#
# Environment (all optional):
#   SKIP_SPIN=1 SKIP_RUMUR=1 SKIP_TLC=1 SKIP_TC=1   leave a tool out (its packages are not needed then)
#   OUT            where every run's files go            (default: reports/out/bench-all)
#   THREADS        threads of trapcheck --no-symmetry, Rumur, TLC and the targets' runs (default: 2;
#                  SPIN has one)
#   TC_THREADS     thread counts of trapcheck with symmetry (default: "1 2")
#   ANCHOR_RUNGS   rungs of the anchors, mainline        (default: "2x2 3x2 3x3")
#   TC_RUNGS       rungs of trapcheck, mainline          (default: "2x2 3x2 3x3 4x3")
#   V52_RUNGS      rungs of everyone, 5.2 policy         (default: "2x2 3x2")
#                  (these three set to "" run none: APPEND=1 TC_RUNGS= ANCHOR_RUNGS= V52_RUNGS= runs
#                  only the targets' runs below, again)
#   EQ_RUNGS       rungs of the equality table           (default: "1x1 2x1 1x2 2x2 3x1 3x2")
#   POLICIES       policies to run                       (default: "mainline v5.2")
#   LIMIT          seconds before an anchor run is stopped   (default: 300; equality: no limit)
#   TC_MAX_SECONDS seconds before a trapcheck rung is stopped (default: 600)
#   The targets' runs (timing only, mainline; "" leaves one out):
#   BIG_RUNGS      rungs run twice: the default search, then the other partial-order setting
#                                                         (default: "4x4")
#   BIG_OTHER      which of BIG_RUNGS run the other setting too: 1 every one (default), 0 none, or a
#                  list of rungs, e.g. "4x3" (the in-memory run of a --no-por SPILL_RUNS proxy)
#   STRETCH_RUNGS  rungs tried once within STRETCH_MAX_SECONDS (default: "5x4", which stores fewer
#                  states than 4x5: more pCPUs are cheaper than more VMs, as 4x3 against 3x4)
#   STRETCH_FLAGS  bench flags of those runs          (default: "--por", whatever the default search)
#   STRETCH_MAX_SECONDS                                  (default: 600, the target's 10 minutes)
#   SPILL_RUNS     RUNG:MB pairs run with --memory MB and SPILL_FLAGS, compared with the BIG_RUNGS run
#                  of the same rung and partial-order setting   (default: "4x4:512")
#   SPILL_FLAGS    extra bench flags of those runs, e.g. --no-por (default: none)
#   SPILL_MAX_SECONDS                                    (default: 1200)
#   COLD_ROUNDS    interleaved pairs of a cold `trapcheck check bench/anchors/mainline.yaml` (the 2x2
#                  rung: JVM, load, explore) and `bench/anchors/run.sh spin 2x2 mainline` (spin -a,
#                  gcc, pan)                              (default: 5; 0: none; needs SPIN)
#   COLD_JAVA_OPTS JVM options of the cold check (default: the launcher's, "-XX:+UseParallelGC")
#   WATCH_ROUNDS   saves timed by scripts/watch-latency.sh (default: 11; 0: none)
#   WATCH_SPEC     the spec it saves (default: specs/broken-load-keeps-trap-bits.yaml)
#   TRAPCHECK_JAVA_OPTS  JVM options of trapcheck (default: "-Xmx16g -XX:+UseParallelGC")
#   TLC_JAVA_OPTS  JVM options of TLC (default: "-Xmx16g -XX:+UseParallelGC")
#   TRAPCHECK_JAR  the jar to measure (default: build target/trapcheck.jar and copy it to OUT, so
#                  that edits to the work tree during the runs change nothing)
#   APPEND=1       keep the runs already in OUT (a later run of the same rung, policy and tool wins);
#                  the tables show them all, the targets of the earlier runs included
#   SUMMARY_ONLY=1 print the tables from OUT's runs and run nothing
#   ESTIMATE_ONLY=1 print the duration estimate of these settings and run nothing
#
# Smoke test (three minutes): ANCHOR_RUNGS=2x2 TC_RUNGS=2x2 V52_RUNGS=2x2 TC_THREADS=2 BIG_RUNGS=3x3
#   STRETCH_RUNGS=4x3 STRETCH_MAX_SECONDS=3 SPILL_RUNS=3x3:16 COLD_ROUNDS=1 WATCH_ROUNDS=2 scripts/bench-all.sh
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
what=${1:-timing}
case $what in timing|equality) ;; *) echo "usage: $0 [timing|equality]" >&2; exit 2 ;; esac
out="${OUT:-$root/reports/out/bench-all}"
threads=${THREADS:-2}
tc_threads=${TC_THREADS:-1 2}
anchor_rungs=${ANCHOR_RUNGS-2x2 3x2 3x3}
tc_rungs=${TC_RUNGS-2x2 3x2 3x3 4x3}
v52_rungs=${V52_RUNGS-2x2 3x2}
eq_rungs=${EQ_RUNGS:-1x1 2x1 1x2 2x2 3x1 3x2}
policies=${POLICIES:-mainline v5.2}
limit=${LIMIT:-$([[ $what == timing ]] && echo 300 || echo 0)}
tc_max=${TC_MAX_SECONDS:-600}
big_rungs=${BIG_RUNGS-4x4}
stretch_rungs=${STRETCH_RUNGS-5x4}
stretch_flags=${STRETCH_FLAGS---por}
stretch_max=${STRETCH_MAX_SECONDS:-600}
big_other=${BIG_OTHER:-1}
spill_runs=${SPILL_RUNS-4x4:512}
spill_flags=${SPILL_FLAGS:-}
spill_max=${SPILL_MAX_SECONDS:-1200}
cold_rounds=${COLD_ROUNDS:-5}
cold_java_opts=${COLD_JAVA_OPTS:--XX:+UseParallelGC}
watch_rounds=${WATCH_ROUNDS:-11}
watch_spec=${WATCH_SPEC:-specs/broken-load-keeps-trap-bits.yaml}
export TRAPCHECK_JAVA_OPTS="${TRAPCHECK_JAVA_OPTS:--Xmx16g -XX:+UseParallelGC}"
export TLC_JAVA_OPTS="${TLC_JAVA_OPTS:--Xmx16g -XX:+UseParallelGC}"
skip() { [[ "${!1:-0}" == 1 ]]; }

# The tools a run needs, only for what is not skipped; TLC without a jar is left out, not an error.
if ! skip SUMMARY_ONLY; then
  missing=()
  has() { command -v "$1" >/dev/null 2>&1; }
  if ! skip SKIP_SPIN; then has spin || missing+=("spin (apt-get install spin, or SKIP_SPIN=1)"); fi
  if ! skip SKIP_RUMUR; then has rumur || missing+=("rumur (apt-get install rumur, or SKIP_RUMUR=1)"); fi
  if ! skip SKIP_SPIN || ! skip SKIP_RUMUR; then has gcc || missing+=("gcc (apt-get install gcc, or SKIP_SPIN=1 SKIP_RUMUR=1)"); fi
  if ! skip SKIP_TC || ! skip SKIP_TLC; then
    has java || missing+=("java 17 (apt-get install openjdk-17-jdk-headless, or SKIP_TC=1 SKIP_TLC=1)")
  fi
  if ! skip SKIP_TLC; then
    if [[ -z "${TLA2TOOLS_JAR:-}" ]]; then
      echo "bench-all: TLC left out: set TLA2TOOLS_JAR to a tla2tools.jar to include it (BENCHMARKS.md says where to get one)" >&2
      SKIP_TLC=1
    elif [[ ! -f "$TLA2TOOLS_JAR" ]]; then
      missing+=("TLA2TOOLS_JAR=$TLA2TOOLS_JAR is not a file (or SKIP_TLC=1)")
    fi
  fi
  if (( ${#missing[@]} > 0 )); then
    printf 'bench-all: missing: %s\n' "${missing[@]}" >&2
    exit 2
  fi
  if skip SKIP_SPIN && skip SKIP_RUMUR && skip SKIP_TLC && skip SKIP_TC; then
    echo "bench-all: every tool is skipped (SKIP_SPIN, SKIP_RUMUR, SKIP_TLC, SKIP_TC): nothing to run" >&2
    exit 2
  fi
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
log="$out/$what-runs.txt"   # one line per run, run.sh's key=value fields

now() { echo "${EPOCHREALTIME/,/.}"; }
json_field() { sed -n "s/^ *\"$1\" : \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" "$2" | head -n 1; }

# A field of a one-rung bench JSON file, or "-".
jf() { local v; v=$(json_field "$1" "$2" 2>/dev/null || true); echo "${v:--}"; }

# tc LABEL SPEC RUNG THREADS [BENCH FLAGS...]: one trapcheck process, one rung, stopped after $cap
# seconds (default TC_MAX_SECONDS). The command goes to the run's .cmd file, for the targets' table.
cap=""
tc() {
  local label=$1 spec=$2 rung=$3 j=$4 base t0 total verdict steps inv stop=${cap:-$tc_max} cmd
  shift 4
  base="$out/runs/$label-$(basename "$spec" .yaml)-$rung"
  mkdir -p "$out/runs"
  rm -f "$base.json"
  # shellcheck disable=SC2206  # TRAPCHECK_JAVA_OPTS is a list of options
  cmd=(java $TRAPCHECK_JAVA_OPTS -jar "$TRAPCHECK_JAR" bench "$spec" --ladder "$rung" --threads "$j" "$@"
    --max-seconds "$stop" --quiet)
  echo "${cmd[*]}" >"$base.cmd"
  t0=$(now)
  (cd "$root" && "${cmd[@]}" --json "$base.json") >"$base.out" 2>&1 || true
  total=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
  verdict=$(jf verdict "$base.json")
  [[ $verdict == - ]] && verdict=error
  # stopped by --max-seconds: timeout, as an anchor stopped by LIMIT; by anything else: incomplete:WHY
  if [[ $verdict == incomplete ]]; then
    verdict=incomplete:$(jf stoppedBy "$base.json")
    [[ $verdict == incomplete:max-seconds ]] && verdict=timeout
  fi
  steps=$(jf traceSteps "$base.json")
  inv=$(sed -n 's/^ *"invariants" : \[ \(.*\) \],$/\1/p' "$base.json" 2>/dev/null | tr -d '" ' | head -n 1)
  printf 'tool=%s rung=%s policy=%s states=%s verdict=%s invariant=%s steps=%s total=%s explore=%s cap=%s bps=%s por=%s spilled=%s spilledbytes=%s peakheap=%s dir=%s\n' \
    "$label" "$rung" "$(policy_of "$spec")" "$(jf states "$base.json")" "$verdict" \
    "${inv:--}" "$([[ $steps =~ ^[0-9]+$ ]] && echo "$steps" || echo -)" "$total" \
    "$(jf seconds "$base.json")" "$stop" "$(jf bytesPerState "$base.json")" "$(jf partialOrder "$base.json")" \
    "$(jf spilledStates "$base.json")" "$(jf spilledBytes "$base.json")" "$(jf peakHeapBytes "$base.json")" \
    "$base" | tee -a "$log" >&2
}
policy_of() { case $1 in *v5.2*) echo v5.2 ;; *) echo mainline ;; esac; }

# anchor LABEL TOOL RUNG POLICY MODE [THREADS]
anchor() {
  local label=$1 tool=$2 rung=$3 policy=$4 mode=$5 j=${6:-1} line
  line=$(OUT="$out/runs" THREADS=$j LIMIT=$limit "$root/bench/anchors/run.sh" "$tool" "$rung" "$policy" "$mode" \
    2>>"$out/runs/errors.txt") || line="tool=$tool rung=$rung policy=$policy verdict=error"
  echo "$line" | sed "s/^tool=$tool /tool=$label /" | tee -a "$log" >&2
}

# The duration estimate and issue 15's targets (their runs and their table).
# shellcheck source=scripts/bench-targets.sh
source "$root/scripts/bench-targets.sh"

if skip ESTIMATE_ONLY; then estimate; exit 0; fi

if ! skip APPEND && ! skip SUMMARY_ONLY; then : >"$log"; fi
# The targets' settings, for a later SUMMARY_ONLY=1 (which prints the targets of the runs it finds).
settings="$out/targets-settings.txt"
if skip SUMMARY_ONLY; then
  if [[ -f $settings ]]; then
    # shellcheck source=/dev/null
    source "$settings"
  fi
elif [[ $what == timing ]]; then
  # With APPEND=1 the earlier runs' targets stay in the table: the rung lists are merged, and the
  # watch and cold settings kept when this run has none (a subshell: this run's own lists unchanged).
  (
    if skip APPEND && [[ -f $settings ]]; then
      mine=$(declare -p big_rungs stretch_rungs stretch_flags spill_runs watch_rounds watch_spec cold_rounds cold_java_opts)
      # shellcheck source=/dev/null
      source "$settings"
      earlier_big=$big_rungs earlier_stretch=$stretch_rungs earlier_spill=$spill_runs
      earlier_watch=("$watch_rounds" "$watch_spec") earlier_cold=$cold_java_opts
      eval "$mine"
      merge() { printf '%s\n' $1 $2 | awk 'NF && !seen[$0]++' | paste -s -d ' ' -; }
      big_rungs=$(merge "$earlier_big" "$big_rungs")
      stretch_rungs=$(merge "$earlier_stretch" "$stretch_rungs")
      spill_runs=$(merge "$earlier_spill" "$spill_runs")
      (( watch_rounds > 0 )) || { watch_rounds=${earlier_watch[0]} watch_spec=${earlier_watch[1]}; }
      (( cold_rounds > 0 )) || cold_java_opts=$earlier_cold
    fi
    declare -p threads big_rungs stretch_rungs stretch_flags spill_runs watch_rounds watch_spec cold_java_opts >"$settings.new"
    mv "$settings.new" "$settings"
  )
fi

if ! skip SUMMARY_ONLY; then
  if ! skip SKIP_TC && [[ -z "${TRAPCHECK_JAR:-}" ]]; then
    "$root/trapcheck" --version >/dev/null   # builds target/trapcheck.jar if it is missing or stale
    cp "$root/target/trapcheck.jar" "$out/trapcheck.jar"
    TRAPCHECK_JAR="$out/trapcheck.jar"
  fi
  {
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
    if command -v java >/dev/null 2>&1; then java -version 2>&1 | head -n 1; fi
    skip SKIP_TC || java -jar "$TRAPCHECK_JAR" --version | head -n 1
    skip SKIP_SPIN || spin -V 2>&1 | head -n 1
    skip SKIP_RUMUR || rumur --version 2>&1 | head -n 1
    skip SKIP_SPIN && skip SKIP_RUMUR || gcc --version | head -n 1
    skip SKIP_TLC || echo "TLC $(java -cp "$TLA2TOOLS_JAR" tlc2.TLC -h 2>&1 | grep -m 1 -o 'Version [0-9.]*')"
  } >"$out/machine.txt" 2>&1
  cat "$out/machine.txt" >&2

  echo "bench-all: $(estimate)" >&2
  if [[ $what == timing ]]; then
    for policy in $policies; do
      if [[ $policy == mainline ]]; then rungs_tc=$tc_rungs rungs_anchor=$anchor_rungs; else rungs_tc=$v52_rungs rungs_anchor=$v52_rungs; fi
      spec=bench/anchors/$policy.yaml
      if ! skip SKIP_TC; then
        for j in $tc_threads; do for rung in $rungs_tc; do tc "trapcheck-j$j" "$spec" "$rung" "$j"; done; done
        # The anchors' work: no symmetry and no partial order, whatever the defaults.
        for rung in $rungs_anchor; do tc "trapcheck-j$threads-nosym" "$spec" "$rung" "$threads" --no-symmetry --no-por; done
      fi
      for rung in $rungs_anchor; do
        skip SKIP_SPIN || anchor spin spin "$rung" "$policy" verdict
        skip SKIP_RUMUR || anchor "rumur-j$threads" rumur "$rung" "$policy" verdict "$threads"
        skip SKIP_TLC || anchor "tlc-j$threads" tlc "$rung" "$policy" verdict "$threads"
      done
    done
    if ! skip SKIP_TC; then
      targets_runs
    fi
  else
    for policy in $policies; do
      if ! skip SKIP_TC; then
        for rung in $eq_rungs; do tc trapcheck "bench/anchors/$policy.yaml" "$rung" 1 --no-symmetry --no-por --exact; done
      fi
      for rung in $eq_rungs; do
        skip SKIP_SPIN || anchor spin spin "$rung" "$policy" equality
        skip SKIP_RUMUR || anchor rumur rumur "$rung" "$policy" equality "$threads"
        skip SKIP_TLC || anchor tlc tlc "$rung" "$policy" equality "$threads"
      done
    done
  fi
fi

[[ -s $log ]] || { echo "bench-all: no runs in $log" >&2; exit 1; }
echo
sed 's/^/    /' "$out/machine.txt"
echo
awk -v what="$what" -v limit="$limit" '
function field(line, key,   n, i, kv) {
  n = split(line, kv, " ")
  for (i = 1; i <= n; i++) if (index(kv[i], key "=") == 1) return substr(kv[i], length(key) + 2)
  return "-"
}
function commas(x,   s) {
  if (x !~ /^[0-9]+$/) return x
  s = ""
  while (length(x) > 3) { s = "," substr(x, length(x) - 2) s; x = substr(x, 1, length(x) - 3) }
  return x s
}
function name(t,   n, i, part, s) {
  if (t ~ /^trapcheck-j[0-9]+\+/) {
    # trapcheck-j2+memory=512+no-por: trapcheck j2 --memory 512 --no-por
    n = split(t, part, "+"); sub(/^trapcheck-j/, "", part[1]); s = "trapcheck j" part[1]
    for (i = 2; i <= n; i++) { sub(/=/, " ", part[i]); s = s " --" part[i] }
    return s
  }
  if (t ~ /^trapcheck-j[0-9]+-nosym$/) { sub(/^trapcheck-j/, "", t); sub(/-nosym$/, "", t); return "trapcheck j" t " --no-symmetry --no-por" }
  if (t ~ /^trapcheck-j/) { sub(/^trapcheck-j/, "", t); return "trapcheck j" t }
  if (t ~ /^rumur/) { sub(/^rumur-?/, "", t); return "Rumur" (t == "" ? "" : " " t) }
  if (t ~ /^tlc/) { sub(/^tlc-?/, "", t); return "TLC" (t == "" ? "" : " " t) }
  if (t == "spin") return "SPIN"
  return t
}
function anchor(t) { return t ~ /^(spin|rumur|tlc)/ }
function verdict(i,   v, b) {
  v = V[i]
  if (v == "violated") { b = INV[i]; gsub(/,/, ", ", b); v = v ": " b (STEPS[i] != "-" ? " (" STEPS[i] " steps)" : "") }
  if (v == "timeout") v = "stopped after " (CAP[i] != "-" ? CAP[i] : limit) " s"
  if (v ~ /^incomplete:/) { sub(/:/, " (stopped by ", v); v = v ")" }
  return v
}
# whether partial-order reduction searched a trapcheck row (bench --json partialOrder); "-" for anchors
function reduced(i) { return anchor(TOOL[i]) ? "-" : POR[i] == "true" ? "yes" : POR[i] == "false" ? "no" : "-" }
# Rungs in growing order whatever order they ran in (APPEND=1 adds later runs): by size,
# pCPUs x VMs, then pCPUs; mainline before v5.2.
function rank(g,   p, r) { split(g, p, SUBSEP); split(p[1], r, "x"); return (r[1] * r[2]) * 100 + r[1] * 10 + (p[2] == "mainline" ? 0 : 1) }
function sort_groups(   i, j, t) {
  for (i = 2; i <= ng; i++) for (j = i; j > 1 && rank(GORDER[j - 1]) > rank(GORDER[j]); j--) { t = GORDER[j]; GORDER[j] = GORDER[j - 1]; GORDER[j - 1] = t }
}
function secs(x) { return x ~ /^[0-9.]+$/ ? sprintf("%.2f s", x) : "-" }
function ratio(x, best) { return (x ~ /^[0-9.]+$/ && best > 0) ? sprintf("%.2f", x / best) : "-" }
{
  key = field($0, "rung") SUBSEP field($0, "policy") SUBSEP field($0, "tool")
  if (!(key in SEEN)) { ORDER[++n] = key; SEEN[key] = n }
  i = SEEN[key]
  TOOL[i] = field($0, "tool"); RUNG[i] = field($0, "rung"); POL[i] = field($0, "policy")
  ST[i] = field($0, "states"); V[i] = field($0, "verdict"); INV[i] = field($0, "invariant")
  STEPS[i] = field($0, "steps"); TOT[i] = field($0, "total"); EXP[i] = field($0, "explore")
  CAP[i] = field($0, "cap"); BPS[i] = field($0, "bps"); POR[i] = field($0, "por")
  if (V[i] == "timeout" || V[i] == "error" || V[i] ~ /^incomplete/) { TOT[i] = "-"; EXP[i] = "-" }
}
END {
  if (what == "timing") {
    for (i = 1; i <= n; i++) {
      g = RUNG[i] SUBSEP POL[i]
      if (!(g in GROUP)) { GORDER[++ng] = g; GROUP[g] = 1 }
      if (anchor(TOOL[i]) && TOT[i] != "-") {
        if (!(g in BT) || TOT[i] + 0 < BT[g]) BT[g] = TOT[i] + 0
        if (!(g in BE) || EXP[i] + 0 < BE[g]) BE[g] = EXP[i] + 0
      }
    }
    sort_groups()
    print "| rung | policy | tool | partial order | distinct states | verdict | end to end | exploration | end to end / fastest anchor | exploration / fastest anchor | B/state |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for (k = 1; k <= ng; k++) for (i = 1; i <= n; i++) if (RUNG[i] SUBSEP POL[i] == GORDER[k]) {
      g = GORDER[k]
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", RUNG[i], POL[i], name(TOOL[i]), reduced(i), commas(ST[i]), verdict(i),
        secs(TOT[i]), secs(EXP[i]), ratio(TOT[i], BT[g]), ratio(EXP[i], BE[g]), BPS[i]
    }
    print ""
    print "End to end: the whole process, from the model or spec to the verdict (SPIN: spin -a, gcc, pan;"
    print "Rumur: rumur, gcc, verifier; TLC and trapcheck: the JVM). Exploration: pan, the verifier, TLC"
    print "from \"Computing initial states\" on, trapcheck bench'\''s own seconds. With symmetry trapcheck"
    print "explores fewer states, and with partial-order reduction (its default; partial order: yes, the"
    print "states of the reduced state space) fewer still; --no-symmetry --no-por is the same work as the"
    print "anchors. A stopped run shows the states stored when it stopped, where the tool says."
    print "B/state: the seen set'\''s bytes per stored state (trapcheck, fingerprints)."
  } else {
    for (i = 1; i <= n; i++) {
      g = RUNG[i] SUBSEP POL[i]
      if (!(g in GROUP)) { GORDER[++ng] = g; GROUP[g] = 1 }
      t = TOOL[i]; sub(/-.*/, "", t); CNT[g, t] = ST[i]; VER[g, t] = verdict(i)
      OUTCOME[g, t] = V[i] " " STEPS[i]; BROKE[g, t] = INV[i]
    }
    sort_groups()
    print "| rung | policy | SPIN | Rumur | TLC | trapcheck --no-symmetry | verdict | equal |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- |"
    for (k = 1; k <= ng; k++) {
      g = GORDER[k]; split(g, rp, SUBSEP)
      same = 1; vsame = 1; ref = ""; vref = ""; nt = 0
      for (tt = 1; tt <= 4; tt++) {
        t = (tt == 1 ? "spin" : tt == 2 ? "rumur" : tt == 3 ? "tlc" : "trapcheck")
        if (!((g, t) in CNT)) continue
        nt++
        if (ref == "") ref = CNT[g, t]; else if (CNT[g, t] != ref) same = 0
        if (vref == "") vref = OUTCOME[g, t]; else if (OUTCOME[g, t] != vref) vsame = 0
        # trapcheck names every invariant its last step breaks; an anchor names the first it checks
        if (t != "trapcheck" && ((g, "trapcheck") in BROKE) && index("," BROKE[g, "trapcheck"] ",", "," BROKE[g, t] ",") == 0) vsame = 0
      }
      vtext = VER[g, "trapcheck"]; if (vtext == "") vtext = VER[g, "spin"]
      if (!vsame) vtext = "differ: " VER[g, "spin"] " / " VER[g, "rumur"] " / " VER[g, "tlc"] " / " VER[g, "trapcheck"]
      printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", rp[1], rp[2],
        commas((g, "spin") in CNT ? CNT[g, "spin"] : "-"), commas((g, "rumur") in CNT ? CNT[g, "rumur"] : "-"),
        commas((g, "tlc") in CNT ? CNT[g, "tlc"] : "-"), commas((g, "trapcheck") in CNT ? CNT[g, "trapcheck"] : "-"),
        vtext, (nt < 2 ? "-" : same && vsame ? "yes" : "**no**")
    }
    print ""
    print "A violated rung counts every state within the shortest counterexample'\''s length (trapcheck'\''s BFS"
    print "finishes that level; each anchor counts again, bounded by its own shortest length, without stopping)."
  }
}' "$log"

if [[ $what == timing ]]; then
  # the targets of every run in OUT (with APPEND=1 the earlier runs' too)
  if skip APPEND && ! skip SUMMARY_ONLY && [[ -f $settings ]]; then
    # shellcheck source=/dev/null
    source "$settings"
  fi
  targets_table
fi
