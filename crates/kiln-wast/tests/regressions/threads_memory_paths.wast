;; Paths of the threads proposal the spec scripts do not execute: plain,
;; vector and bulk accesses to a shared memory 0 (which take the general,
;; atomic-word instructions), copies between shared and unshared memories,
;; atomics on unshared, second and 64-bit memories, and their traps.

(module
  (memory $s 1 2 shared)
  (memory $u 1)
  (memory $w i64 1 1 shared)
  (data (memory $s) (i32.const 3) "\80\01\02\03\04\05\06\07\08\09")

  (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "load_unaligned") (param i32) (result i64) (i64.load offset=1 (local.get 0)))
  (func (export "store16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
  (func (export "v128_lane") (param i32) (result i32)
    (i8x16.extract_lane_u 15 (v128.load (local.get 0))))
  (func (export "v128_store") (param i32)
    (v128.store (local.get 0) (v128.const i32x4 0x04030201 0x08070605 0x0c0b0a09 0x100f0e0d)))
  (func (export "fill") (param i32 i32 i32) (memory.fill $s (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy $s $s (local.get 0) (local.get 1) (local.get 2)))
  (func (export "to_unshared") (param i32 i32 i32) (memory.copy $u $s (local.get 0) (local.get 1) (local.get 2)))
  (func (export "from_unshared") (param i32 i32 i32) (memory.copy $s $u (local.get 0) (local.get 1) (local.get 2)))
  (func (export "u_load") (param i32) (result i32) (i32.load $u (local.get 0)))
  (func (export "grow") (result i32) (memory.grow $s (i32.const 1)))
  (func (export "size") (result i32) (memory.size $s))

  (func (export "u_rmw16_sub") (param i32 i32) (result i32) (i32.atomic.rmw16.sub_u $u (local.get 0) (local.get 1)))
  (func (export "u_cmpxchg8") (param i32 i32 i32) (result i32)
    (i32.atomic.rmw8.cmpxchg_u $u (local.get 0) (local.get 1) (local.get 2)))
  (func (export "u_wait") (result i32) (memory.atomic.wait32 $u (i32.const 0) (i32.const 0) (i64.const 0)))
  (func (export "u_notify") (result i32) (memory.atomic.notify $u (i32.const 0) (i32.const 5)))
  (func (export "w_rmw_xchg") (param i64 i64) (result i64) (i64.atomic.rmw.xchg $w (local.get 0) (local.get 1)))
  (func (export "w_load32") (param i64) (result i64) (i64.atomic.load32_u $w offset=4 (local.get 0)))
  (func (export "w_wait64") (param i64 i64) (result i32)
    (memory.atomic.wait64 $w (local.get 0) (local.get 1) (i64.const 0)))
  (func (export "s_offset_load") (param i32) (result i32) (i32.atomic.load offset=4294967292 (local.get 0)))
  (func (export "fence") (atomic.fence))
)

;; Plain accesses to shared memory 0.
(assert_return (invoke "load8_s" (i32.const 3)) (i32.const -128))
(assert_return (invoke "load_unaligned" (i32.const 3)) (i64.const 0x0807060504030201))
(invoke "store16" (i32.const 5) (i32.const 0xbeef))
(assert_return (invoke "load_unaligned" (i32.const 3)) (i64.const 0x0807060504beef01))
(assert_trap (invoke "load_unaligned" (i32.const 65528)) "out of bounds memory access")
(invoke "v128_store" (i32.const 100))
(assert_return (invoke "v128_lane" (i32.const 100)) (i32.const 0x10))
(assert_trap (invoke "v128_store" (i32.const 65521)) "out of bounds memory access")

;; Bulk operations on a shared memory and across to an unshared one.
(invoke "fill" (i32.const 200) (i32.const 0xab) (i32.const 5000))
(assert_return (invoke "load8_s" (i32.const 5199)) (i32.const 0xffffffab))
(assert_return (invoke "load8_s" (i32.const 5200)) (i32.const 0))
(invoke "copy" (i32.const 201) (i32.const 200) (i32.const 5000))
(assert_return (invoke "load8_s" (i32.const 5200)) (i32.const 0xffffffab))
(assert_trap (invoke "fill" (i32.const 65535) (i32.const 0) (i32.const 2)) "out of bounds memory access")
(invoke "to_unshared" (i32.const 0) (i32.const 100) (i32.const 16))
(assert_return (invoke "u_load" (i32.const 12)) (i32.const 0x100f0e0d))
(invoke "from_unshared" (i32.const 1000) (i32.const 12) (i32.const 4))
(assert_return (invoke "load8_s" (i32.const 1003)) (i32.const 0x10))
(assert_trap (invoke "to_unshared" (i32.const 65535) (i32.const 0) (i32.const 2)) "out of bounds memory access")

;; Growth is seen by the general accesses at once.
(assert_trap (invoke "load8_s" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "grow") (i32.const 1))
(assert_return (invoke "size") (i32.const 2))
(assert_return (invoke "load8_s" (i32.const 65536)) (i32.const 0))

;; Atomics on an unshared memory: they work, except that wait traps.
(assert_return (invoke "u_rmw16_sub" (i32.const 12) (i32.const 0x0e0e)) (i32.const 0x0e0d))
(assert_return (invoke "u_load" (i32.const 12)) (i32.const 0x100fffff))
(assert_return (invoke "u_cmpxchg8" (i32.const 13) (i32.const 0x1ff) (i32.const 0x177)) (i32.const 0xff))
(assert_return (invoke "u_load" (i32.const 12)) (i32.const 0x100f77ff))
(assert_return (invoke "u_cmpxchg8" (i32.const 13) (i32.const 0) (i32.const 1)) (i32.const 0x77))
(assert_trap (invoke "u_wait") "expected shared memory")
(assert_return (invoke "u_notify") (i32.const 0))

;; A 64-bit shared memory.
(assert_return (invoke "w_rmw_xchg" (i64.const 8) (i64.const 0x1122334455667788)) (i64.const 0))
(assert_return (invoke "w_load32" (i64.const 8)) (i64.const 0x11223344))
(assert_return (invoke "w_wait64" (i64.const 8) (i64.const 0x1122334455667788)) (i32.const 2))
(assert_return (invoke "w_wait64" (i64.const 8) (i64.const 0)) (i32.const 1))
(assert_trap (invoke "w_rmw_xchg" (i64.const 0x10000) (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "w_rmw_xchg" (i64.const 0xffffffffffffff00) (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "w_load32" (i64.const 2)) "unaligned atomic")

;; An effective address beyond 4 GiB.
(assert_trap (invoke "s_offset_load" (i32.const 8)) "out of bounds memory access")
(invoke "fence")
