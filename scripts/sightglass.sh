#!/usr/bin/env bash
# Runs every Sightglass benchmark program in ../shared/benchmarks/sightglass
# (or $KILN_SIGHTGLASS) with a release build of `kiln run`, each from its own
# folder with `--dir . --preload bench=examples/bench-stub.wat`, and checks
# its stdout/stderr against the `.expected` files beside it.
#
#   scripts/sightglass.sh                 # all programs
#   scripts/sightglass.sh shootout-fib2   # only those whose name matches
set -euo pipefail
cd "$(dirname "$0")/.."
KILN_SIGHTGLASS_ALL=1 cargo test --release -p kiln-cli --test sightglass -- "$@"
