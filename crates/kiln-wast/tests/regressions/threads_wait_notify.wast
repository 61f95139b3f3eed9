;; The `thread` and `wait` directives with real blocking: threads with
;; stores of their own share one memory; a wait is ended by a notify that is
;; repeated until it wakes someone, and a message written before an atomic
;; flag is read after it. No outcome depends on timing.

(module $Mem (memory (export "shared") 1 1 shared))

(thread $Waiter (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
  (assert_return (invoke "run") (i32.const 0)))

(thread $Notifier (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run")
      (loop $again
        (br_if $again (i32.eqz (memory.atomic.notify (i32.const 0) (i32.const 1)))))))
  (invoke "run"))

(thread $Reader (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (loop $spin (br_if $spin (i32.eqz (i32.atomic.load (i32.const 20)))))
      (i32.load (i32.const 16))))
  (assert_return (invoke "run") (i32.const 42)))

(thread $Writer (shared (module $Mem))
  (register "mem" $Mem)
  ;; A thread within a thread, sharing the same memory.
  (thread $Inner (shared (module $Mem))
    (register "mem" $Mem)
    (module
      (memory (import "mem" "shared") 1 1 shared)
      (func (export "run") (i32.store (i32.const 16) (i32.const 42))))
    (invoke "run"))
  (wait $Inner)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (i32.atomic.store (i32.const 20) (i32.const 1))))
  (invoke "run"))

(wait $Waiter)
(wait $Notifier)
(wait $Reader)
(wait $Writer)

;; Registrations inside threads stay there.
(assert_unlinkable
  (module (memory (import "mem" "shared") 1 1 shared))
  "unknown import")

(register "mem" $Mem)
(module
  (memory (import "mem" "shared") 1 1 shared)
  (func (export "flag") (result i32) (i32.atomic.load (i32.const 20))))
(assert_return (invoke "flag") (i32.const 1))
