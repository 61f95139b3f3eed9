;; Found by the `api` fuzz target: with the instruction counter set near
;; u64::MAX (`Store::set_instruction_count`), the counter wrapped around
;; while this loop ran, so the fuel limit (and the epoch poll point) were
;; never reached and `spin` ran its full count.
(module
  (func (export "spin") (param $n i32) (result i32)
    (loop $l
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n)))
