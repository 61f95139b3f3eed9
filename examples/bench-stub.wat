;; The `bench` module Sightglass benchmarks import: `start` and `end` mark
;; the measured region. Kiln only runs the programs, so both do nothing.
;;
;;   kiln run --dir . --preload bench=examples/bench-stub.wat benchmark.wasm
(module
  (func (export "start"))
  (func (export "end")))
