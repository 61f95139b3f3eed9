;; A 32-bit memory of 1-byte pages (custom-page-sizes) may have at most
;; 2^32 - 1 pages, so that `memory.size` and `memory.grow` can return its
;; size as an i32. Kiln allowed 2^32, where `memory.size` would read 0.
;; (No data is written: the 4 GiB region is reserved, not touched.)
(module
  (memory 0xFFFF_FFFF (pagesize 1))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
(assert_return (invoke "size") (i32.const -1))
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 0)) (i32.const -1))
(assert_return (invoke "load" (i32.const 0xFFFF_FFFE)) (i32.const 0))
(assert_trap (invoke "load" (i32.const 0xFFFF_FFFF)) "out of bounds memory access")
