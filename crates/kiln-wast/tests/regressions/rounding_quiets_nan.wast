;; ceil/floor/trunc/nearest/sqrt of a signalling NaN must return a quiet
;; (arithmetic) NaN; the host's rounding routines returned the input as is.
(module
  (func (export "f32.ceil") (param f32) (result f32) (f32.ceil (local.get 0)))
  (func (export "f32.nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
  (func (export "f64.floor") (param f64) (result f64) (f64.floor (local.get 0)))
  (func (export "f64.trunc") (param f64) (result f64) (f64.trunc (local.get 0))))
(assert_return (invoke "f32.ceil" (f32.const nan:0x200000)) (f32.const nan:arithmetic))
(assert_return (invoke "f32.nearest" (f32.const -nan:0x200000)) (f32.const nan:arithmetic))
(assert_return (invoke "f64.floor" (f64.const nan:0x4000000000000)) (f64.const nan:arithmetic))
(assert_return (invoke "f64.trunc" (f64.const -nan:0x4000000000000)) (f64.const nan:arithmetic))
