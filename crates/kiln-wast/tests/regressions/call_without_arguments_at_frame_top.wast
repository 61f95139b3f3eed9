;; A call with no arguments and no results as the first instruction of a
;; function whose frame was empty used to fail verification ("base outside
;; the frame").
(module
  (func $nothing)
  (func (export "f") (call $nothing))
  (func (export "g") (result i32) (call $nothing) (i32.const 1)))
(assert_return (invoke "f"))
(assert_return (invoke "g") (i32.const 1))
