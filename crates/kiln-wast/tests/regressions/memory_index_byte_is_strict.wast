;; Without multi-memory, memory.size's memory index is a single zero byte;
;; the decoder must be told the enabled features to reject `80 00`.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\05\01\60\00\01\7f"        ;; type: () -> i32
    "\03\02\01\00"                 ;; one function
    "\05\03\01\00\00"              ;; memory 0
    "\0a\08\01\06\00\3f\80\00\0b"  ;; memory.size with a two-byte index
  )
  "zero byte expected")
