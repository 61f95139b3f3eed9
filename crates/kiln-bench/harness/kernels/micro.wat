;; Kernels for the microbenchmarks (benches/micro.rs). Every export has type
;; (i32) -> i32.
(module
  (import "host" "inc" (func $inc (param i32) (result i32)))
  (memory 16)
  (type $unary (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $add1 $xor3 $mul5 $sub7)

  ;; Host -> wasm: the smallest call that does something.
  (func (export "identity") (param $x i32) (result i32)
    (local.get $x))

  ;; Wasm -> host: $n calls of the imported `host.inc`.
  (func (export "call_host") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (call $inc (local.get $acc)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))

  ;; Recursive Fibonacci: calls and returns.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; Memory-bound: $n passes of read-modify-write over the whole 1 MiB
  ;; memory, one i32 at a time, plus a checksum.
  (func (export "memory_loop") (param $n i32) (result i32) (local $p i32) (local $acc i32)
    (loop $pass
      (local.set $p (i32.const 0))
      (loop $word
        (i32.store (local.get $p)
          (i32.add (i32.load (local.get $p)) (i32.xor (local.get $p) (local.get $n))))
        (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $p))))
        (br_if $word (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (i32.const 1048576))))
      (br_if $pass (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))

  ;; $n calls through the table, cycling over four small functions.
  (func (export "indirect_loop") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc
        (call_indirect (type $unary) (local.get $acc) (i32.and (local.get $n) (i32.const 3))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func $add1 (type $unary) (i32.add (local.get 0) (i32.const 1)))
  (func $xor3 (type $unary) (i32.xor (local.get 0) (i32.const 3)))
  (func $mul5 (type $unary) (i32.mul (local.get 0) (i32.const 5)))
  (func $sub7 (type $unary) (i32.sub (local.get 0) (i32.const 7))))
