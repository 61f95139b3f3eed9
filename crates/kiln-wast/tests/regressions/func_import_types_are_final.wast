;; Function types are final without the GC proposal: an import of type
;; (func (result funcref)) is not satisfied by a function returning
;; (ref func), although that is structurally a subtype. The linker used to
;; accept it (parameters contravariant, results covariant). Values still
;; follow reference subtyping.
(module
  (type $t (func))
  (func $nothing (type $t))
  (elem declare func $nothing)
  (func (export "non-null") (result (ref func)) (ref.func $nothing))
  (func (export "typed") (param (ref null $t)))
  (table (export "tab") 1 (ref null $t)))
(register "M")

(assert_unlinkable
  (module (import "M" "non-null" (func (result funcref))))
  "incompatible import type")
(assert_unlinkable
  (module (import "M" "typed" (func (param (ref $t)))) (type $t (func)))
  "incompatible import type")
(assert_unlinkable
  (module (import "M" "tab" (table 1 funcref)))
  "incompatible import type")

(module
  (type $u (func))
  (import "M" "non-null" (func $f (result (ref func))))
  (import "M" "typed" (func $g (param (ref null $u))))
  (import "M" "tab" (table 1 (ref null $u)))
  (func (export "run") (result funcref) (call $f)))
(assert_return (invoke "run") (ref.func))
