#!/usr/bin/env bash
# The whole trapcheck-vs-anchors comparison of BENCHMARKS.md, run sequentially on this machine, then
# the table rows printed (markdown). Run from anywhere; nothing else should run meanwhile.
#
#   scripts/bench-all.sh
#
# Environment (all optional):
#   ANCHORS        folder of the SPIN/Rumur anchor models   (default: ../shared/bench beside the repo)
#   OUT            where every run's files go               (default: reports/out/bench-all)
#   ANCHOR_RUNGS   topologies the anchors run               (default: "2x2 3x2 3x3")
#   TC_RUNGS       trapcheck's ladder                       (default: "2x2 3x2 3x3 4x3")
#   TC_THREADS     trapcheck thread counts                  (default: "1 2")
#   LIMIT          seconds before an anchor run is stopped  (default: 300)
#   TC_MAX_SECONDS seconds before a trapcheck rung is stopped (default: 600)
#   RUMUR_OFF_RUNGS  rungs where Rumur without symmetry runs too (default: "2x2 3x2")
#   TRAPCHECK_JAVA_OPTS  JVM options (default here: "-Xmx16g -XX:+UseParallelGC")
#   TRAPCHECK_JAR  the jar to measure (default: build target/trapcheck.jar, then copy it to OUT, so
#                  that edits to the work tree during the runs change nothing)
#   SKIP_ANCHORS=1 / SKIP_TC=1 / SKIP_V52=1   leave a part out
#   APPEND=1       keep the runs already in OUT/runs.txt (a later run of a part replaces its rows)
#   SUMMARY_ONLY=1 print the table from OUT/runs.txt and run nothing
#
# Every run is one process under /usr/bin/time -v: wall time and peak RSS are the process's. The
# anchors' time is the checker's run only (bench.sh times ./pan and ./verifier, not spin -a, rumur or
# gcc); trapcheck's is the whole JVM (start-up, spec load, exploration), and the exploration alone is
# in its JSON ("seconds"). Needs: java 17, mvn, spin, rumur, gcc, /usr/bin/time, python3.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
anchors="${ANCHORS:-$root/../shared/bench}"
out="${OUT:-$root/reports/out/bench-all}"
anchor_rungs="${ANCHOR_RUNGS:-2x2 3x2 3x3}"
tc_rungs="${TC_RUNGS:-2x2 3x2 3x3 4x3}"
tc_threads="${TC_THREADS:-1 2}"
limit="${LIMIT:-300}"
tc_max="${TC_MAX_SECONDS:-600}"
rumur_off_rungs="${RUMUR_OFF_RUNGS:-2x2 3x2}"
export TRAPCHECK_JAVA_OPTS="${TRAPCHECK_JAVA_OPTS:--Xmx16g -XX:+UseParallelGC}"

[[ -f "$anchors/bench.sh" ]] || { echo "bench-all: no $anchors/bench.sh (set ANCHORS=)" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
log="$out/runs.txt"     # one line per run: tag<TAB>what the tool printed
[[ "${APPEND:-0}" == 1 || "${SUMMARY_ONLY:-0}" == 1 ]] || : >"$log"

# SPIN's -m (max depth) and -w (log2 hash slots) per rung; depth must exceed what DFS reaches.
spin_args() {
  case $1 in
    1x1|2x1|1x2|2x2) echo "1000000 20" ;;
    3x2|2x3) echo "5000000 23" ;;
    3x3|4x2) echo "30000000 27" ;;
    *) echo "60000000 28" ;;
  esac
}

if [[ "${SUMMARY_ONLY:-0}" != 1 ]]; then
if [[ -z "${TRAPCHECK_JAR:-}" ]]; then
  "$root/trapcheck" --version >/dev/null   # builds target/trapcheck.jar if it is missing or stale
  cp "$root/target/trapcheck.jar" "$out/trapcheck.jar"
  TRAPCHECK_JAR="$out/trapcheck.jar"
fi
tcjava() {
  # shellcheck disable=SC2086  # TRAPCHECK_JAVA_OPTS is a list of options
  java $TRAPCHECK_JAVA_OPTS -jar "$TRAPCHECK_JAR" "$@"
}

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)" | tee -a "$out/machine.txt"
tcjava --version | tee -a "$out/machine.txt"
spin -V 2>&1 | head -n 1 | tee -a "$out/machine.txt" || true
rumur --version 2>&1 | head -n 1 | tee -a "$out/machine.txt" || true

tc() { # tc TAG SPEC RUNG THREADS -> 0 if the rung finished with a verdict
  local tag=$1 spec=$2 rung=$3 j=$4 base
  base="$out/tc-$tag-$rung-j$j"
  echo "== trapcheck $tag $rung threads $j" >&2
  /usr/bin/time -v java $TRAPCHECK_JAVA_OPTS -jar "$TRAPCHECK_JAR" bench "$root/$spec" --ladder "$rung" --threads "$j" \
    --max-seconds "$tc_max" --json "$base.json" >"$base.out" 2>"$base.time" || true
  tail -n +4 "$base.out" | head -n 1 >&2
  printf 'tc-%s-j%s\t%s\t%s\t%s\n' "$tag" "$j" "$rung" "$base.json" "$base.time" >>"$log"
  ! grep -q '"verdict" : "incomplete"\|"verdict" : "error"' "$base.json" 2>/dev/null && [[ -f "$base.json" ]]
}

anchor() { # anchor TAG RUNG POLICY ARGS... (bench.sh's after TOKENS)
  local tag=$1 rung=$2 policy=$3 line
  shift 3
  echo "== $tag $rung $policy" >&2
  line="$(cd "$out" && BENCH_OUT="$out/anchors" CLEARHCR=1 LIMIT="$limit" sh "$anchors/bench.sh" \
    "${tag%%-*}" "${rung%x*}" "${rung#*x}" "$policy" 0 "$@" | head -n 1)" || line="failed"
  echo "$line" >&2
  printf '%s\t%s\t%s\n' "$tag" "$rung" "$line" >>"$log"
}

if [[ "${SKIP_TC:-0}" != 1 ]]; then
  for j in $tc_threads; do
    for rung in $tc_rungs; do
      tc mainline specs/v5.8-early-hyp-trap.yaml "$rung" "$j" || break
    done
  done
fi
if [[ "${SKIP_ANCHORS:-0}" != 1 ]]; then
  for rung in $anchor_rungs; do
    # shellcheck disable=SC2046  # two words: depth and hash
    anchor spin "$rung" mainline default $(spin_args "$rung")
    anchor rumur-heur-j2 "$rung" mainline heuristic 2
    case " $rumur_off_rungs " in *" $rung "*) anchor rumur-off-j2 "$rung" mainline off 2 ;; esac
  done
fi
if [[ "${SKIP_V52:-0}" != 1 ]]; then
  for rung in 2x2 3x2; do
    tc v52 specs/v5.2-lazy-host-trap.yaml "$rung" 2 || true
    anchor spin-bfs "$rung" v52 bfs 1000000 24
    anchor rumur-heur-j1 "$rung" v52 heuristic 1
  done
fi

fi # SUMMARY_ONLY

python3 - "$log" "$limit" <<'EOF'
import json, re, sys

runs = {}
for raw in open(sys.argv[1]):
    parts = raw.rstrip("\n").split("\t")
    tag, rung = parts[0], parts[1]
    r = {}
    if tag.startswith("tc-"):
        jfile, tfile = parts[2], parts[3]
        try:
            doc = json.load(open(jfile))
            run = doc["runs"][0]
            r["verdict"] = run["verdict"] + (": " + ",".join(run["invariants"]) if run.get("invariants") else "") \
                + (f", trace {run['traceSteps']} steps" if run.get("traceSteps") else "")
            if run["verdict"] == "incomplete":
                r["verdict"] = f"incomplete ({run['stoppedBy']})"
            r["states"] = run["states"]
            r["explore"] = run["seconds"]
            r["bps"] = run["bytesPerState"]
            r["heap"] = run["peakHeapBytes"] / 2**20
        except Exception as e:
            r["verdict"] = "error"
        t = open(tfile).read()
        m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t)
        r["wall"] = sum(float(x) * 60 ** i for i, x in enumerate(reversed(m.group(1).split(":")))) if m else None
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
        r["rss"] = int(m.group(1)) / 1024 if m else None
    else:
        line = parts[2]
        f = [x.strip() for x in line.split("|")]
        if len(f) < 7:
            r["verdict"] = "failed"
        else:
            r["states"] = f[1].split()[1]
            w = f[4].split()[1]
            r["wall"] = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w.split(":"))))
            r["rss"] = float(f[5].split()[1])
            r["verdict"] = f[6]
            if r["verdict"].startswith("TIMEOUT"):
                r["wall"] = None
    runs[(tag, rung)] = r

def cell(r, verdict=False):
    if r is None:
        return "-"
    v = r["verdict"]
    if "states" not in r:
        return v
    states = r.get("states")
    states = f"{states:,}" if isinstance(states, int) else (f"{int(states):,}" if str(states).isdigit() else states)
    if r.get("wall") is None:  # stopped by LIMIT
        return f"{v} ({states} st, {r['rss']:,.0f} MiB)"
    extra = f" ({r['explore']:.2f} s expl.)" if "explore" in r else ""
    head = f"{v}: " if verdict else ""
    return f"{head}{r['wall']:.2f} s{extra}, {states} st, {r['rss']:,.0f} MiB"

LIMIT = float(sys.argv[2])

def ratio(a, b):
    if not a or not b or a.get("wall") is None:
        return "-"
    if b.get("wall") is None:  # the anchor was stopped after LIMIT s: an upper bound
        return f"< {a['wall'] / LIMIT:.3f}" if "TIMEOUT" in b.get("verdict", "") else "-"
    return f"{a['wall'] / b['wall']:.2f}"

def speedup(a, b):
    if not a or not b or "explore" not in a or "explore" not in b or not b["explore"]:
        return "-"
    return f"{a['explore'] / b['explore']:.2f}"

def short(r):
    if r is None:
        return "-"
    v = r["verdict"]
    return "holds" if v == "holds" else v.split(",")[0]

rungs = []
for (tag, rung) in runs:
    if rung not in rungs and not tag.startswith(("tc-v52", "spin-bfs", "rumur-heur-j1")):
        rungs.append(rung)
print()
print("POLICY_MAINLINE (CLEARHCR=1, TOKENS=0); time = process wall; tc = trapcheck bench (symmetry on)")
print()
print("| rung | trapcheck j1 | trapcheck j2 | SPIN default | Rumur heur j2 | Rumur off j2 | tc j2 / Rumur heur j2 | tc j2 / SPIN | j2 speed-up (expl. j1/j2) | verdicts (tc, SPIN, Rumur) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for rung in rungs:
    t1 = runs.get(("tc-mainline-j1", rung)); t2 = runs.get(("tc-mainline-j2", rung))
    sp = runs.get(("spin", rung)); rh = runs.get(("rumur-heur-j2", rung)); ro = runs.get(("rumur-off-j2", rung))
    speed = speedup(t1, t2)
    print(f"| {rung} | {cell(t1)} | {cell(t2)} | {cell(sp)} | {cell(rh)} | {cell(ro)} | {ratio(t2, rh)} | "
          f"{ratio(t2, sp)} | {speed} | {short(t2 or t1)}, {short(sp)}, {short(rh)} |")
print()
print("trapcheck bytes per stored state (fingerprint table) and peak heap:")
for rung in rungs:
    for j in ("1", "2"):
        t = runs.get((f"tc-mainline-j{j}", rung))
        if t and "bps" in t:
            print(f"- {rung} j{j}: {t['bps']:.1f} B/state, peak heap {t['heap']:.0f} MiB")
print()
print("POLICY_V52 (violated: host-keys-intact), shortest counterexample")
print()
print("| rung | trapcheck j2 | SPIN BFS | Rumur heur j1 |")
print("| --- | --- | --- | --- |")
for rung in ("2x2", "3x2"):
    print(f"| {rung} | {cell(runs.get(('tc-v52-j2', rung)), True)} | {cell(runs.get(('spin-bfs', rung)), True)} | "
          f"{cell(runs.get(('rumur-heur-j1', rung)), True)} |")
EOF
