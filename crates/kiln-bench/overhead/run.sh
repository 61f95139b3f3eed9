#!/bin/sh
# Measures what instruction counting and the control check points cost:
# extracts Kiln as it was just before they landed (the parent of commit
# 0423458, "Controls: ...") and times the workloads of
# ../harness/kernels/controls.wat on both builds, interleaved, in one process.
#
#   crates/kiln-bench/overhead/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
baseline=${BASELINE:-3fd86850baae2ef1967803114176b5001e37c2de}
dest="$here/target/baseline"
rm -rf "$dest"
mkdir -p "$dest"
git -C "$repo" archive "$baseline" | tar -x -C "$dest"
# Two packages named `kiln` may coexist only with different versions.
sed -i 's/^version.workspace = true/version = "0.0.0"/' "$dest/crates/kiln/Cargo.toml"
cargo run --release --quiet --manifest-path "$here/Cargo.toml"

# Machine instructions executed (valgrind), which code layout cannot skew.
# Each run also instantiates both builds' kernels (about 1 million
# instructions, under 1% of a workload).
if command -v valgrind >/dev/null; then
    bin="$here/target/release/kiln-controls-overhead"
    instructions() {
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$bin" once "$1" "$2" 2>&1 |
            sed -n 's/.*I *refs: *//p' | tr -d ,
    }
    echo
    echo "| workload | machine instructions, now / before |"
    echo "|---|---:|"
    i=0
    for name in fib load_loop nested; do
        before=$(instructions baseline $i)
        now=$(instructions current $i)
        echo "| $name | $(awk "BEGIN { printf \"%.3f\", $now / $before }") |"
        i=$((i + 1))
    done
fi
