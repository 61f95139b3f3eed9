;; Workloads for measuring what the embedder controls cost: check points at
;; calls (`fib`), at a tight loop's back-edge (`load_loop`) and at nested
;; loops' back-edges (`nested`).
(module
  (memory 4)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "load_loop") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.load8_u (i32.and (local.get $n) (i32.const 0xffff)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "nested") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (loop $outer
      (local.set $i (i32.const 16))
      (loop $inner
        (local.set $acc (i32.xor (local.get $acc) (i32.mul (local.get $i) (local.get $n))))
        (br_if $inner (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
      (br_if $outer (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))
