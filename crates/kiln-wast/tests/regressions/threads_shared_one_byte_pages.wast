;; A shared memory of 1-byte pages whose maximum (13 bytes) is not a whole
;; number of 8-byte words: its last bytes are reachable, and no further.
(module
  (memory 3 13 shared (pagesize 1))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "rmw") (param i32 i32) (result i32) (i32.atomic.rmw8.add_u (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
(assert_return (invoke "rmw" (i32.const 2) (i32.const 5)) (i32.const 0))
(assert_trap (invoke "rmw" (i32.const 3) (i32.const 5)) "out of bounds memory access")
(assert_return (invoke "grow" (i32.const 10)) (i32.const 3))
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke "rmw" (i32.const 12) (i32.const 7)) (i32.const 0))
(assert_return (invoke "load" (i32.const 12)) (i32.const 7))
(assert_return (invoke "load" (i32.const 2)) (i32.const 5))
(assert_trap (invoke "load" (i32.const 13)) "out of bounds memory access")
