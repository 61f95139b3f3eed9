;; Exception handlers land where a branch to their label would, with the
;; payload where the branch values go: at the function's label (through a
;; return stub after the code), at a loop header, after a result computed
;; just before the try_table (never forwarded into the landing), and with a
;; compare-and-branch fused inside the covered range.
(module
  (tag $v (param v128 i32))
  (tag $e (param i32))
  (func $throw-v (param i32) (throw $v (v128.const i64x2 7 8) (local.get 0)))
  ;; catch straight to the function's label: results through a stub
  (func (export "to-function") (param i32) (result v128 i32)
    (try_table (catch $v 0) (call $throw-v (local.get 0)))
    (v128.const i64x2 0 0) (i32.const -1))
  (func (export "to-function-ref") (param i32) (result v128 i32 exnref)
    (try_table (catch_ref $v 0) (call $throw-v (local.get 0)))
    (unreachable))
  (func (export "rethrown") (param i32) (result i32)
    (block $h (result v128 i32)
      (try_table (catch $v $h) (call 2 (local.get 0)) (throw_ref))
      (unreachable))
    (i32.add (i32.const 100)) (local.set 0) (drop) (local.get 0))
  ;; a loop header as the target, counting iterations
  (func (export "loop-target") (param i32) (result i32)
    (local $n i32)
    (block $done
      (local.get 0)
      (loop $again (param i32) ;; takes the payload
        (local.set 0)
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $done (i32.eqz (local.get 0)))
        (try_table (catch $e $again)
          (throw $e (i32.sub (local.get 0) (i32.const 1))))))
    (local.get $n))
  ;; a result computed right before the range must not be forwarded into the landing
  (func (export "acc") (param i32) (result i32)
    (local $x i32)
    (block $h (result i32)
      (local.set $x (i32.mul (local.get 0) (i32.const 3)))
      (try_table (catch $e $h)
        (throw $e (i32.add (local.get $x) (i32.const 1))))
      (i32.const 0))
    (i32.add (local.get $x)))
  ;; compare fused with a branch inside the range
  (func (export "fused") (param i32 i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (br_if 0 (i32.const 5) (i32.lt_s (local.get 0) (local.get 1)))
        (drop)
        (throw $e (i32.const 9)))))
)
(assert_return (invoke "to-function" (i32.const 4)) (v128.const i64x2 7 8) (i32.const 4))
(assert_return (invoke "rethrown" (i32.const 4)) (i32.const 104))
(assert_return (invoke "loop-target" (i32.const 5)) (i32.const 6))
(assert_return (invoke "acc" (i32.const 2)) (i32.const 13))
(assert_return (invoke "fused" (i32.const 1) (i32.const 2)) (i32.const 5))
(assert_return (invoke "fused" (i32.const 2) (i32.const 1)) (i32.const 9))
