#!/usr/bin/env bash
# Cold builds of two checkouts of this project, alternated, each into a new
# output folder (a folder reused between builds can be slow for reasons of
# its own: docs/performance.md, "Figures of session 22").
#
#   bash benchmarks/ab_cold.sh CHECKOUT_A CHECKOUT_B ROUNDS SITE
#
# SITE holds repo/ (chapters/ and content/), as `invoke bench --work DIR`
# or `python -m benchmarks.bench prepare DIR 1400` leave it. Each checkout
# needs .venv/ (a link to this one's will do). Prints each checkout's wall
# times in seconds and peak memory in KB, in the order they ran.
set -euo pipefail
a=$1 b=$2 rounds=${3:-4} site=$4
for _ in $(seq "$rounds"); do
  for checkout in "$a" "$b"; do
    out=$(mktemp -d)
    (cd "$checkout" && /usr/bin/time -f "$(basename "$checkout") %e %M" \
      .venv/bin/python benchmarks/build_ours.py "$site/repo" "$out/site" \
      --no-cache --no-search-index 2>&1 >/dev/null | tail -1)
    rm -rf "$out"
  done
done | awk '{s[$1] = s[$1] " " $2; m[$1] = m[$1] " " $3}
  END {for (k in s) print k ": s" s[k] "  KB" m[k]}'
