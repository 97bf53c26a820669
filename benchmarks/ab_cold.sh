#!/usr/bin/env bash
# Cold builds of two checkouts of this project, alternated, each into a new
# output folder (a folder reused between builds can be slow for reasons of
# its own: docs/performance.md, "Figures of session 22").
#
#   bash benchmarks/ab_cold.sh CHECKOUT_A CHECKOUT_B ROUNDS SITE
#
# SITE holds repo/ (chapters/ and content/), as `invoke bench --work DIR`
# or `python -m benchmarks.bench prepare DIR 1400` leave it. Each checkout
# needs .venv/ (a link to this one's will do). Prints A's and B's wall times
# in seconds and peak memory in KB, each in the order the builds ran.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: bash benchmarks/ab_cold.sh CHECKOUT_A CHECKOUT_B ROUNDS SITE" >&2
  exit 2
fi
a=$(realpath "$1") b=$(realpath "$2") rounds=$3 site=$(realpath "$4")
for _ in $(seq "$rounds"); do
  for label in A B; do
    checkout=$a
    [ "$label" = B ] && checkout=$b
    out=$(mktemp -d)
    (cd "$checkout" && /usr/bin/time -f "$label %e %M" \
      .venv/bin/python benchmarks/build_ours.py "$site/repo" "$out/site" \
      --no-cache --no-search-index 2>&1 >/dev/null | tail -1)
    rm -rf "$out"
  done
done | awk -v a="$a" -v b="$b" '{s[$1] = s[$1] " " $2; m[$1] = m[$1] " " $3}
  END {print "A " a ": s" s["A"] "  KB" m["A"]; print "B " b ": s" s["B"] "  KB" m["B"]}'
