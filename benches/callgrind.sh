#!/usr/bin/env bash
# Instruction counts of the parse and eval benches' cases (benches/instructions.rs), counted by
# callgrind inside the one function each case runs in: repeatable whatever else the machine
# does, so that a change can be compared before and after, and a regression found.
#
#   bash benches/callgrind.sh              every case
#   bash benches/callgrind.sh eval/ parse/ the cases whose names start with these
#
# Prints, per case: instructions in all, and per unit (record or parse). Needs valgrind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 1; }
bin="$(cargo bench --bench instructions --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instructions" and m.get("executable"):
        print(m["executable"])')"
[[ -x "$bin" ]] || { echo "callgrind.sh: the instructions bench did not build" >&2; exit 1; }

mapfile -t cases < <("$bin" --list)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-36s %14s %12s\n' case instructions per-unit
for line in "${cases[@]}"; do
    read -r name units <<<"$line"
    if (($#)); then
        keep=0
        for prefix in "$@"; do [[ "$name" == "$prefix"* ]] && keep=1; done
        ((keep)) || continue
    fi
    valgrind --tool=callgrind --toggle-collect='*instructions::measured*' \
        --callgrind-out-file="$out/cg" "$bin" "$name" >/dev/null 2>"$out/log" \
        || { cat "$out/log" >&2; exit 1; }
    total="$(awk '/^summary:/ {print $2}' "$out/cg")"
    awk -v n="$name" -v t="$total" -v u="$units" 'BEGIN { printf "%-36s %14d %12.1f\n", n, t, t / u }'
done
