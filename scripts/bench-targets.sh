# Sourced by scripts/bench-all.sh, whose variables and helpers it uses (root, out, log, what,
# threads, policies, the rungs and caps, skip, tc): the duration estimate it prints first, the runs
# of issue 15's targets (mainline, trapcheck with symmetry) and their table, each target with its
# figure, met or not, and its command. Not a script of its own.
# shellcheck shell=bash disable=SC2154  # the variables are bench-all.sh's

# Seconds one run takes on a quiet 2-core machine, from the last measured figures (BENCHMARKS.md);
# 999999 where none was measured (the run's cap then counts). KIND: sym (j2; j1 takes 1.6x from
# 3x3 on; 4x4 and up with --por), nosym (the anchors' work), spin, rumur, tlc, v52-* (5.2 stops at
# 22 steps), eq-*.
guess() {
  local kind=$1 rung=$2
  case $kind:$rung in
    sym:2x2 | sym:3x2 | nosym:2x2 | v52*:2x2 | v52*:3x2 | eq-tc:*) echo 2 ;;
    sym:3x3) echo 5 ;; sym:4x3) echo 15 ;; sym:4x4) echo 90 ;; sym:5x4) echo 400 ;;
    nosym:3x2) echo 3 ;; nosym:3x3) echo 120 ;;
    spin:2x2) echo 2 ;; spin:3x2) echo 5 ;; spin:3x3) echo 200 ;;
    rumur:2x2) echo 4 ;; rumur:3x2) echo 11 ;;
    tlc:2x2) echo 6 ;; tlc:3x2) echo 25 ;;
    eq-spin:3x2) echo 6 ;; eq-rumur:3x2) echo 12 ;; eq-tlc:3x2) echo 30 ;; eq-*) echo 5 ;;
    *) echo 999999 ;;
  esac
}
# est_add SECONDS CAP: adds a run to the estimate (expected: the guess within the cap; at most: the
# cap for every run guessed at a minute or more).
expect=0 worst=0
est_add() {
  local e=$1 c=$2
  (( e > c )) && e=$c
  expect=$((expect + e))
  if (( e < 60 || c >= 999999 )); then worst=$((worst + e)); else worst=$((worst + c)); fi
}
estimate() {
  local policy rung j e t tcap=$tc_max lim=$limit pair
  (( lim > 0 )) || lim=999999   # no limit
  expect=0 worst=0
  for policy in $policies; do
    if [[ $what == equality ]]; then
      for rung in $eq_rungs; do
        skip SKIP_TC || est_add "$(guess eq-tc "$rung")" "$tcap"
        for t in spin rumur tlc; do
          # a violated 5.2 rung is searched twice (verdict, then the bounded count)
          e=$(guess "eq-$t" "$rung"); [[ $policy == v5.2 ]] && e=$((e * 2))
          skip "SKIP_${t^^}" || est_add "$e" "$lim"
        done
      done
      continue
    fi
    if [[ $policy == mainline ]]; then
      if ! skip SKIP_TC; then
        for j in $tc_threads; do for rung in $tc_rungs; do
          e=$(guess sym "$rung"); (( j == 1 && e >= 5 && e < 999999 )) && e=$((e * 16 / 10)); est_add "$e" "$tcap"
        done; done
        for rung in $anchor_rungs; do est_add "$(guess nosym "$rung")" "$tcap"; done
      fi
      for rung in $anchor_rungs; do
        skip SKIP_SPIN || est_add "$(guess spin "$rung")" "$lim"
        skip SKIP_RUMUR || est_add "$(guess rumur "$rung")" "$lim"
        skip SKIP_TLC || est_add "$(guess tlc "$rung")" "$lim"
      done
    else
      for rung in $v52_rungs; do
        skip SKIP_TC || { for j in $tc_threads; do est_add "$(guess v52 "$rung")" "$tcap"; done; est_add "$(guess v52 "$rung")" "$tcap"; }
        for t in SPIN RUMUR TLC; do skip "SKIP_$t" || est_add "$(guess v52-anchor "$rung")" "$lim"; done
      done
    fi
  done
  if [[ $what == timing ]] && ! skip SKIP_TC; then
    # the other partial-order setting of 4x4: --no-por, about 250 s (375 s in round 1; sym:4x4 is --por)
    for rung in $big_rungs; do
      e=$(guess sym "$rung"); est_add "$e" "$tcap"
      if other_too "$rung"; then [[ $rung == 4x4 ]] && e=250; est_add "$e" "$tcap"; fi
    done
    for rung in $stretch_rungs; do est_add "$(guess sym "$rung")" "$stretch_max"; done
    for pair in $spill_runs; do e=$(guess sym "${pair%%:*}"); (( e < 999999 )) && e=$((e * 2)); est_add "$e" "$spill_max"; done
    skip SKIP_SPIN || est_add $((cold_rounds * 4)) 999999
    est_add $((watch_rounds > 0 ? 8 + watch_rounds : 0)) 999999
  fi
  awk -v e="$expect" -v w="$worst" 'BEGIN { printf "about %.0f min expected (quiet-machine figures; at most %.0f min if every long run reaches its cap)\n", e / 60 + 0.5, w / 60 + 0.5 }'
}

# The targets' runs of issue 15 (mainline, symmetry as the spec says, THREADS threads): the short
# ones first, the capped long ones last (the 5x4 attempt at the very end).
targets_runs() {
  local spec=bench/anchors/mainline.yaml rung pair mb por other label
  if ! skip SKIP_SPIN && (( cold_rounds > 0 )); then cold_pairs; fi
  if (( watch_rounds > 0 )); then
    TRAPCHECK_JAR="$TRAPCHECK_JAR" "$root/scripts/watch-latency.sh" "$root/$watch_spec" "$watch_rounds" \
      >"$out/watch.txt" 2>&1 || echo "bench-all: watch-latency.sh failed, see $out/watch.txt" >&2
    tail -n 1 "$out/watch.txt" >&2
  fi
  for rung in $big_rungs; do
    tc "trapcheck-j$threads" "$spec" "$rung" "$threads"
    other_too "$rung" || continue
    por=$(field_of "$(tail -n 1 "$log")" por)
    if [[ $por == true ]]; then other=no-por; else other=por; fi
    tc "trapcheck-j$threads+$other" "$spec" "$rung" "$threads" "--$other"
  done
  for pair in $spill_runs; do
    rung=${pair%%:*} mb=${pair#*:}
    # shellcheck disable=SC2086  # SPILL_FLAGS is a list of flags
    label=$(label_of --memory="$mb" $spill_flags)
    # shellcheck disable=SC2086
    cap=$spill_max tc "$label" "$spec" "$rung" "$threads" --memory "$mb" $spill_flags
  done
  for rung in $stretch_rungs; do
    # shellcheck disable=SC2086  # STRETCH_FLAGS is a list of flags
    cap=$stretch_max tc "$(label_of $stretch_flags)" "$spec" "$rung" "$threads" $stretch_flags
  done
}
# Whether BIG_RUNGS' RUNG runs with the other partial-order setting too (BIG_OTHER).
other_too() { [[ $big_other == 1 || " $big_other " == *" $1 "* ]]; }
# The log's label of a trapcheck run with THREADS threads and these flags: trapcheck-j2+memory=512+no-por.
label_of() { local f s="trapcheck-j$threads"; for f in "$@"; do s+="+${f#--}"; done; echo "$s"; }
field_of() { awk -v k="$2" '{ for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit } }' <<<"$1"; }

# COLD_ROUNDS interleaved pairs, 2x2 mainline from the spec or model to the verdict: a cold
# `trapcheck check` (what ./trapcheck runs: one JVM, the spec loaded, explored) and SPIN's spin -a,
# gcc and pan (run.sh's end-to-end seconds). CPU: user + system of each process tree.
cold_pairs() {
  local d="$out/runs/cold" i tw tu ts sw su ss line tv
  mkdir -p "$d"
  : >"$out/cold-runs.txt"
  for ((i = 1; i <= cold_rounds; i++)); do
    local TIMEFORMAT='%R %U %S'
    # shellcheck disable=SC2086  # COLD_JAVA_OPTS is a list of options
    { time (cd "$root" && java $cold_java_opts -jar "$TRAPCHECK_JAR" check bench/anchors/mainline.yaml --out "$d/out" \
      >"$d/check.out" 2>&1); } 2>"$d/check.time" || true
    read -r tw tu ts <"$d/check.time"
    tv=$(grep -o -E '\b(holds|violated|incomplete)\b' "$d/check.out" | head -n 1)
    { time line=$(OUT="$d" "$root/bench/anchors/run.sh" spin 2x2 mainline verdict 2>>"$out/runs/errors.txt"); } 2>"$d/spin.time" || true
    read -r sw su ss <"$d/spin.time"
    sw=$(field_of "$line" total)
    printf 'round=%d check_wall=%s check_cpu=%s check_verdict=%s spin_wall=%s spin_cpu=%s spin_verdict=%s\n' "$i" "$tw" \
      "$(awk -v u="$tu" -v s="$ts" 'BEGIN { printf "%.2f", u + s }')" "$tv" "$sw" \
      "$(awk -v u="$su" -v s="$ss" 'BEGIN { printf "%.2f", u + s }')" "$(field_of "$line" verdict)" \
      | tee -a "$out/cold-runs.txt" >&2
  done
}

# The last run of LABEL on RUNG (mainline) in the log, or nothing.
run_of() { local l=${1//+/\\+}; grep -E "^tool=$l rung=$2 policy=mainline " "$log" | tail -n 1 || true; }
# "123.45 s", "-".
sec() { [[ $1 =~ ^[0-9.]+$ ]] && printf '%.2f s' "$1" || echo -; }
num() { if [[ $1 =~ ^[0-9]+$ ]]; then sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; else echo "$1"; fi; }
# A path or command with the repository root left out.
rel() { local r=$root/; echo "${1//"$r"/}"; }
# The command of a run (its .cmd file), from the repository root.
cmd_of() { local d; d=$(field_of "$1" dir); if [[ -f $d.cmd ]]; then rel "$(cat "$d.cmd")"; else echo -; fi; }
outcome() {
  local v; v=$(field_of "$1" verdict)
  [[ $v == timeout ]] && v="stopped after $(field_of "$1" cap) s"
  [[ $v == incomplete:* ]] && v="incomplete (stopped by ${v#incomplete:})"
  printf '%s, %s states, %s exploring (%s end to end), partial order %s, %s B/state' "$v" \
    "$(num "$(field_of "$1" states)")" "$(sec "$(field_of "$1" explore)")" "$(sec "$(field_of "$1" total)")" \
    "$([[ $(field_of "$1" por) == true ]] && echo on || echo off)" "$(field_of "$1" bps)"
}
yes_no() { if awk "BEGIN { exit !($1) }"; then echo "**met**"; else echo "**not met**"; fi; }

# Issue 15's targets: figure, met or not, command.
targets_table() {
  local rung line other pair mb mem label ref v e j median ratio
  local j=$threads
  echo
  echo "Issue 15's targets (mainline; trapcheck with symmetry, $j threads):"
  echo
  echo "| target | measured | met? | command |"
  echo "| --- | --- | --- | --- |"
  for rung in $big_rungs; do
    line=$(run_of "trapcheck-j$j" "$rung")
    [[ -n $line ]] || continue
    e=$(field_of "$line" explore) v=$(field_of "$line" verdict)
    echo "| $rung in <= 60 s exploring, default search | $(outcome "$line") | $(yes_no "\"$v\" == \"holds\" && \"$e\" != \"-\" && $e + 0 <= 60") | \`$(cmd_of "$line")\` |"
    for other in por no-por; do
      line=$(run_of "trapcheck-j$j+$other" "$rung")
      [[ -n $line ]] || continue
      e=$(field_of "$line" explore) v=$(field_of "$line" verdict)
      echo "| $rung in <= 60 s exploring, --$other | $(outcome "$line") | $(yes_no "\"$v\" == \"holds\" && \"$e\" != \"-\" && $e + 0 <= 60") | \`$(cmd_of "$line")\` |"
    done
  done
  for rung in $stretch_rungs; do
    # shellcheck disable=SC2086  # STRETCH_FLAGS is a list of flags
    line=$(run_of "$(label_of ${stretch_flags-})" "$rung")
    [[ -n $line ]] || line=$(run_of "trapcheck-j$j" "$rung")   # an OUT from before STRETCH_FLAGS
    [[ -n $line ]] || continue
    e=$(field_of "$line" total) v=$(field_of "$line" verdict)
    echo "| $rung holds within 10 minutes (run stopped at $(field_of "$line" cap) s) | $(outcome "$line") | $(yes_no "\"$v\" == \"holds\" && \"$e\" != \"-\" && $e + 0 <= 600") | \`$(cmd_of "$line")\` |"
  done
  for pair in $spill_runs; do
    rung=${pair%%:*} mb=${pair#*:}
    line=$(grep -E "^tool=trapcheck-j$j\+memory=$mb(\+[^ ]*)? rung=$rung policy=mainline " "$log" | tail -n 1 || true)
    [[ -n $line ]] || continue
    # the in-memory run of the same rung and partial-order setting
    ref=""
    for label in "trapcheck-j$j" "trapcheck-j$j+por" "trapcheck-j$j+no-por"; do
      local r; r=$(run_of "$label" "$rung")
      if [[ -n $r && $(field_of "$r" por) == "$(field_of "$line" por)" ]]; then ref=$r; fi
    done
    mem="$(num "$(field_of "$line" spilled)") states on disk at the end, at most $(awk -v b="$(field_of "$line" spilledbytes)" 'BEGIN { printf "%.1f", b / 1048576 }') MiB of spill files"
    if [[ -n $ref ]]; then
      ratio=$(awk -v a="$(field_of "$line" explore)" -v b="$(field_of "$ref" explore)" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')
      local met
      met=$(yes_no "\"$(field_of "$line" verdict)\" == \"holds\" && \"$(field_of "$line" states)\" == \"$(field_of "$ref" states)\" && \"$ratio\" != \"-\" && $ratio + 0 <= 2")
      [[ $(field_of "$line" spilledbytes) =~ ^[1-9] ]] || met="- (nothing went to disk)"
      echo "| $rung at --memory $mb: the in-memory count, <= 2x slower | $(outcome "$line"); $mem; in memory: $(num "$(field_of "$ref" states)") states, $(sec "$(field_of "$ref" explore)"): ${ratio}x | $met | \`$(cmd_of "$line")\` |"
    else
      echo "| $rung at --memory $mb: the in-memory count, <= 2x slower | $(outcome "$line"); $mem; no in-memory run of $rung with the same partial-order setting to compare | - | \`$(cmd_of "$line")\` |"
    fi
  done
  # bytes per state: every fingerprint run of trapcheck that kept its seen set in memory
  local bps
  bps=$(awk '/^tool=trapcheck-j/ && / verdict=(holds|violated) / && / bps=[0-9.]+ / && / spilled=0 / {
      for (i = 1; i <= NF; i++) { if ($i ~ /^rung=/) r = substr($i, 6); if ($i ~ /^bps=/) b = substr($i, 5) + 0; if ($i ~ /^tool=/) t = substr($i, 6) }
      if (!(r in lo) || b < lo[r]) lo[r] = b; if (!(r in hi) || b > hi[r]) hi[r] = b; if (b > max) max = b; n++
      if (!(r in seen)) { order[++k] = r; seen[r] = 1 } }
    END { if (n == 0) exit; s = ""
      for (i = 1; i <= k; i++) s = s (i > 1 ? ", " : "") order[i] " " (lo[order[i]] == hi[order[i]] ? lo[order[i]] : lo[order[i]] "-" hi[order[i]])
      printf "%s|%s\n", s, max }' "$log")
  if [[ -n $bps ]]; then
    echo "| <= 8 bytes per distinct state, fingerprints | ${bps%|*} (B/state per rung, every in-memory trapcheck run) | $(yes_no "${bps#*|} <= 8") | the B/state column of the runs above |"
  fi
  if [[ -s $out/cold-runs.txt ]]; then
    local stats
    stats=$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        if (f["check_wall"] + 0 > 0 && f["spin_wall"] + 0 > 0) { n++; cw[n] = f["check_wall"]; sw[n] = f["spin_wall"]; rw[n] = f["check_wall"] / f["spin_wall"]; rc[n] = f["check_cpu"] / f["spin_cpu"] }
        if (f["check_verdict"] != "holds" || f["spin_verdict"] != "holds") bad++ }
      function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      END { if (n == 0) exit; printf "%.2f %.2f %.2f %.2f %d %d\n", med(cw, n), med(sw, n), med(rw, n), med(rc, n), n, bad + 0 }' "$out/cold-runs.txt")
    if [[ -n $stats ]]; then
      read -r cw sw rw rc n bad <<<"$stats"
      echo "| cold 2x2 \`check\` <= 0.5x SPIN end to end | median of $n interleaved pairs: trapcheck ${cw} s, SPIN (spin -a + gcc + pan) ${sw} s; ratio ${rw}x wall, ${rc}x CPU$( (( bad > 0 )) && echo "; $bad pair(s) without two holds verdicts") | $(yes_no "$rw <= 0.5 && $bad == 0") | \`java $cold_java_opts -jar $(rel "${TRAPCHECK_JAR:-$out/trapcheck.jar}") check bench/anchors/mainline.yaml\` against \`bench/anchors/run.sh spin 2x2 mainline\` |"
    fi
  fi
  if [[ -s $out/watch.txt ]] && grep -q '^median: ' "$out/watch.txt"; then
    median=$(sed -n 's/^median: \([0-9]*\) ms.*/\1/p' "$out/watch.txt")
    echo "| \`watch\`: a small spec's verdict <= 0.2 s after the save | $(grep '^median: ' "$out/watch.txt") | $(yes_no "$median <= 200") | \`scripts/watch-latency.sh $watch_spec $watch_rounds\` |"
  fi
  # TLC beside SPIN and Rumur: which anchor was fastest on each rung, and TLC's ratio to it
  local tlc
  tlc=$(awk -v j="$j" '$1 ~ /^tool=(spin|rumur-j|tlc-j)/ && / verdict=(holds|violated) / {
      for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      g = f["rung"] " " f["policy"]; if (!(g in seen)) { order[++k] = g; seen[g] = 1 }
      t = f["tool"]; sub(/-j[0-9]+$/, "", t);
      t = (t == "spin" ? "SPIN" : t == "rumur" ? "Rumur" : "TLC"); T[g, t] = f["total"]; E[g, t] = f["explore"]
      if (!((g) in bt) || f["total"] + 0 < bt[g]) { bt[g] = f["total"] + 0; bn[g] = t }
      if (!((g) in be) || f["explore"] + 0 < be[g]) { be[g] = f["explore"] + 0; ben[g] = t } }
    END { for (i = 1; i <= k; i++) { g = order[i]
        s = s (i > 1 ? "; " : "") g ": fastest " bn[g] " " bt[g] " s end to end, " ben[g] " " be[g] " s exploring"
        if ((g, "TLC") in T) s = s sprintf(", TLC %.1fx / %.1fx of them", T[g, "TLC"] / bt[g], (be[g] > 0 ? E[g, "TLC"] / be[g] : 0)); else s = s ", no TLC" }
      print s }' "$log")
  if [[ -n $tlc ]]; then
    echo "| TLC a third anchor beside SPIN and Rumur, ratios to the fastest | $tlc | $(grep -q '^tool=tlc-j[0-9]* .* verdict=\(holds\|violated\) ' "$log" && echo "**met**" || echo "**not met**") | \`TLA2TOOLS_JAR=... scripts/bench-all.sh\` (the timing table) |"
  fi
}
