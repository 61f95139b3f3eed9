;; A `local.get` operand below an `if` with block parameters keeps the value
;; the local had when it was pushed, even though the `then` arm overwrites
;; the local. Found as a differential-fuzzing disagreement in which wasmi
;; 2.0.0 was wrong (it returns 0 when the `if` is not taken); Kiln was right,
;; and this script keeps it so, since the differential oracle cannot here.
(module
  (func (export "f") (param i64 i32) (result i64)
    (local.get 0)            ;; the value to return
    (i32.const 7)            ;; the `if`'s parameter
    (local.get 1)
    (if (param i32) (result i32)
      (then (local.set 0 (i64.const 5))))
    (drop)))
(assert_return (invoke "f" (i64.const 42) (i32.const 0)) (i64.const 42))
(assert_return (invoke "f" (i64.const 42) (i32.const 1)) (i64.const 42))
