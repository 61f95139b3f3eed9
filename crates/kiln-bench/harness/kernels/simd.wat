;; SIMD kernels with scalar equivalents, for comparing engines' SIMD speed.
;; `fill` prepares the input; each kernel processes `len` bytes from address 0.
(module
  (memory (export "memory") 4)

  ;; Deterministic pseudo-random bytes (xorshift32).
  (func (export "fill") (param $len i32)
    (local $i i32) (local $x i32)
    (local.set $x (i32.const 0x12345678))
    (loop $next
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
      (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
      (i32.store (local.get $i) (local.get $x))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $len)))))

  ;; Sum of all bytes, 16 at a time.
  (func (export "checksum_simd") (param $len i32) (result i32)
    (local $p i32) (local $acc v128)
    (loop $next
      (local.set $acc
        (i32x4.add (local.get $acc)
          (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (v128.load (local.get $p))))))
      (br_if $next (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 16))) (local.get $len))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; The same sum, one byte at a time.
  (func (export "checksum_scalar") (param $len i32) (result i32)
    (local $p i32) (local $acc i32)
    (loop $next
      (local.set $acc (i32.add (local.get $acc) (i32.load8_u (local.get $p))))
      (br_if $next (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $len))))
    (local.get $acc))

  ;; Dot product of two f32 vectors of len/8 elements each (the two halves
  ;; of the buffer, bytes reinterpreted as small floats), four lanes at a time.
  (func (export "dot_simd") (param $len i32) (result f32)
    (local $p i32) (local $half i32) (local $acc v128)
    (local.set $half (i32.shr_u (local.get $len) (i32.const 1)))
    (loop $next
      (local.set $acc
        (f32x4.add (local.get $acc)
          (f32x4.mul
            (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $p)))))
            (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
              (v128.load32_zero (i32.add (local.get $p) (local.get $half)))))))))
      (br_if $next (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 4))) (local.get $half))))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))

  ;; The same dot product with scalar floats.
  (func (export "dot_scalar") (param $len i32) (result f32)
    (local $p i32) (local $half i32) (local $acc f32)
    (local.set $half (i32.shr_u (local.get $len) (i32.const 1)))
    (loop $next
      (local.set $acc
        (f32.add (local.get $acc)
          (f32.mul (f32.convert_i32_u (i32.load8_u (local.get $p)))
                   (f32.convert_i32_u (i32.load8_u (i32.add (local.get $p) (local.get $half)))))))
      (br_if $next (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $half))))
    (local.get $acc)))
