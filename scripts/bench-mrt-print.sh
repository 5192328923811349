#!/usr/bin/env bash
# Times `bgpplay mrt print` against `bgpdump -vm` on the 2002 TABLE_DUMP
# bview (115,521 routes, gzip) and prints the speed ratio. The target is
# at least 5x. Uses hyperfine when installed (apt-get install -y
# hyperfine), a simple repeated loop otherwise (or with NO_HYPERFINE=1).
#
#   scripts/bench-mrt-print.sh [MRT-FILE]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
file=${1:-$root/../shared/testdata/mrt/bview.20020722.2337.gz}
runs=${RUNS:-10}
[ -f "$file" ] || { echo "no such file: $file" >&2; exit 1; }
command -v bgpdump >/dev/null || { echo "bgpdump is not installed (apt-get install -y bgpdump)" >&2; exit 1; }

bin=$(mktemp -d)/bgpplay
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd "$root" && go build -trimpath -o "$bin" ./cmd/bgpplay)

# Same output first, or the timing means nothing.
if ! cmp -s <("$bin" mrt print -q "$file") <(bgpdump -vm "$file" 2>/dev/null); then
	echo "warning: outputs differ on $file" >&2
fi

ours="$bin mrt print -q $file"
theirs="bgpdump -vm $file"

if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
	json=$(dirname "$bin")/h.json
	hyperfine --warmup 2 --runs "$runs" --style basic --export-json "$json" \
		-n bgpplay "$ours > /dev/null" -n bgpdump "$theirs > /dev/null 2>&1"
	python3 - "$json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["bgpplay"]["median"], r["bgpdump"]["median"]
print(f"bgpplay {a*1000:.1f} ms, bgpdump {b*1000:.1f} ms (median of {len(r['bgpplay']['times'])} runs): bgpplay is {b/a:.1f}x faster (target 5x)")
EOF
else
	time_ms() { # command... -> mean wall time in ms over $runs runs
		local s e
		"$@" >/dev/null 2>&1
		s=$(date +%s%N)
		for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
		e=$(date +%s%N)
		echo $(((e - s) / runs / 1000000))
	}
	a=$(time_ms "$bin" mrt print -q "$file")
	b=$(time_ms bgpdump -vm "$file")
	awk -v a="$a" -v b="$b" -v n="$runs" 'BEGIN { printf "bgpplay %d ms, bgpdump %d ms (mean of %d runs): bgpplay is %.1fx faster\n", a, b, n, b / (a > 0 ? a : 1) }'
fi
