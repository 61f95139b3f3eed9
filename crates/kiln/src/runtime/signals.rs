//! Bounds checks by the processor's memory protection (Linux on x86-64):
//! the out-of-bounds accesses of memory 0 become traps through a `SIGSEGV`
//! handler instead of a comparison before every access.
//!
//! A *guarded* memory (32-bit, 64 KiB pages, not shared; see
//! [`is_guardable`]) reserves [`GUARDED_RESERVATION`] bytes of address
//! space, of which only its current size is accessible. Every address a
//! memory-0 instruction can form (a 32-bit address, plus a 32-bit offset,
//! plus the access's size) lies inside that reservation, so the handlers
//! built for guarded code skip the comparison with the memory's length: an
//! access past the size touches an inaccessible page and faults.
//!
//! [`run_guarded`] enters the interpreter through a small assembly
//! trampoline that saves the callee-saved registers and records its stack
//! pointer in this thread's state; the interpreter records which
//! reservation is its memory 0 ([`set_guarded_memory`]). The `SIGSEGV`
//! handler accepts a fault only on a thread inside `run_guarded` and only at
//! an address in that reservation: it resumes the thread at the
//! trampoline's recovery path, which restores the saved registers and
//! returns "trapped" to `run_guarded`. Every other fault goes on to the
//! handler installed before (Rust's stack-overflow report, or the default
//! action), as if Kiln's were not there.
//!
//! The frames abandoned that way are the interpreter's run loop and
//! instruction handlers, which own nothing that needs dropping (they work on
//! scalars and on the executor, which lives further up the stack).

use std::cell::Cell;

/// Address space a guarded memory reserves: 4 GiB of addresses, 4 GiB of
/// offsets, and room for the widest access (16 bytes) beyond both.
pub(crate) const GUARDED_RESERVATION: usize = (8 << 30) + (64 << 10);

/// Can a memory of this shape be guarded? Its addresses and offsets must be
/// 32-bit (so every access lands in the reservation), its pages whole
/// multiples of the host's (so its size is a protection boundary), and it
/// must not be shared (shared memories take the general, checked path).
pub(crate) fn is_guardable(ty: &crate::types::MemoryType) -> bool {
    SUPPORTED && !ty.is_64() && !ty.is_shared() && ty.page_size_log2() == 16
}

/// Does this platform have signal-based bounds checks?
pub(crate) const SUPPORTED: bool = cfg!(all(target_os = "linux", target_arch = "x86_64"));

/// A thread's state as the fault handler reads it.
#[derive(Copy, Clone)]
struct ThreadState {
    /// The trampoline's stack pointer while `run_guarded` runs on this
    /// thread, otherwise 0.
    recovery_sp: usize,
    /// The reservation of the interpreter's memory 0 (empty if it has none
    /// or it is not guarded).
    guarded: (usize, usize),
}

const IDLE: ThreadState = ThreadState { recovery_sp: 0, guarded: (0, 0) };

thread_local! {
    // Constant-initialised and without a destructor: reading it is a plain
    // thread-local access, which is safe in a signal handler.
    static STATE: Cell<ThreadState> = const { Cell::new(IDLE) };
}

/// Records `base` (or nothing) as the reservation of the memory the running
/// interpreter on this thread uses as memory 0.
pub(crate) fn set_guarded_memory(base: Option<*mut u8>) {
    let mut state = STATE.get();
    state.guarded = match base {
        Some(base) => (base as usize, base as usize + GUARDED_RESERVATION),
        None => (0, 0),
    };
    STATE.set(state);
}

/// Installs the fault handler, once per process; `false` if the system
/// refused (then nothing may be guarded).
pub(crate) fn install() -> bool {
    static INSTALLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *INSTALLED.get_or_init(platform::install)
}

/// Runs `f`, the interpreter, so that a fault in the guarded memory ends it
/// early: `None` then, `Some` of its result otherwise. A panic in `f`
/// propagates.
pub(crate) fn run_guarded<R>(f: impl FnOnce() -> R) -> Option<R> {
    let saved = STATE.get();
    let result = platform::run(f);
    STATE.set(saved);
    result.map(|r| r.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod platform {
    use std::ffi::{c_int, c_void};
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::OnceLock;

    use super::STATE;

    // `kiln_guarded_call(data, recovery_sp, f)` saves the callee-saved
    // registers, stores its stack pointer at `recovery_sp`, calls
    // `f(data)` and returns its result (0). `kiln_guarded_recover` is
    // where the fault handler resumes a faulting thread, with the stack
    // pointer set back to the stored one: it restores the same registers
    // and returns 1 from `kiln_guarded_call`. On entry the stack is 8 bytes
    // past a 16-byte boundary; six pushes and 8 more bytes realign it for
    // the call.
    std::arch::global_asm!(
        ".text",
        ".p2align 4",
        ".globl kiln_guarded_call",
        ".globl kiln_guarded_recover",
        ".hidden kiln_guarded_call",
        ".hidden kiln_guarded_recover",
        "kiln_guarded_call:",
        "push rbp",
        "push rbx",
        "push r12",
        "push r13",
        "push r14",
        "push r15",
        "sub rsp, 8",
        "mov [rsi], rsp",
        "call rdx",
        "jmp 2f",
        "kiln_guarded_recover:",
        "mov eax, 1",
        "2:",
        "add rsp, 8",
        "pop r15",
        "pop r14",
        "pop r13",
        "pop r12",
        "pop rbx",
        "pop rbp",
        "ret",
    );

    unsafe extern "sysv64" {
        fn kiln_guarded_call(
            data: *mut c_void,
            recovery_sp: *mut usize,
            f: extern "sysv64" fn(*mut c_void) -> u8,
        ) -> u8;
        fn kiln_guarded_recover();
    }

    /// `f` and, once it returned, its result or panic.
    struct Call<F, R> {
        f: Option<F>,
        result: Option<std::thread::Result<R>>,
    }

    /// Runs the `Call` at `data` (entered from the trampoline).
    extern "sysv64" fn call<F: FnOnce() -> R, R>(data: *mut c_void) -> u8 {
        // SAFETY: `run` passes a pointer to its own `Call<F, R>`, which
        // outlives this call and nothing else touches meanwhile.
        let call = unsafe { &mut *data.cast::<Call<F, R>>() };
        if let Some(f) = call.f.take() {
            call.result = Some(catch_unwind(AssertUnwindSafe(f)));
        }
        0
    }

    pub(super) fn run<R>(f: impl FnOnce() -> R) -> Option<std::thread::Result<R>> {
        fn typed<F: FnOnce() -> R, R>(f: F) -> (Call<F, R>, extern "sysv64" fn(*mut c_void) -> u8) {
            (Call { f: Some(f), result: None }, call::<F, R>)
        }
        let (mut data, entry) = typed(f);
        let state = STATE.with(|s| s.as_ptr());
        // SAFETY: `state` is this thread's state cell, which lives as long as
        // the thread; the trampoline writes its stack pointer there before
        // calling `entry` with `data`, a `Call` of the type `entry` expects.
        // A fault makes it return 1 without `data.result` set, having
        // abandoned only frames that own nothing to drop (see the module
        // docs); `data.f` may then still hold the closure, dropped here.
        let trapped = unsafe { kiln_guarded_call((&raw mut data).cast(), &raw mut (*state).recovery_sp, entry) };
        if trapped != 0 { None } else { data.result }
    }

    /// The handler that was installed before ours, for the faults that are
    /// not ours.
    static PREVIOUS: OnceLock<libc::sigaction> = OnceLock::new();

    pub(super) fn install() -> bool {
        // SAFETY: `sigaction` with a null new action only reads the current
        // one into `previous`; then it installs `on_fault`, a handler with
        // the `SA_SIGINFO` signature, for `SIGSEGV`. `PREVIOUS` is set
        // before, so the handler always finds it.
        unsafe {
            let mut previous: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGSEGV, std::ptr::null(), &mut previous) != 0 {
                return false;
            }
            let _ = PREVIOUS.set(previous);
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fault as extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGSEGV, &action, std::ptr::null_mut()) == 0
        }
    }

    extern "C" fn on_fault(signal: c_int, info: *mut libc::siginfo_t, context: *mut c_void) {
        let state = STATE.get();
        // SAFETY: the kernel passes a valid `siginfo_t` for `SIGSEGV`.
        let address = unsafe { (*info).si_addr() } as usize;
        let (start, end) = state.guarded;
        if state.recovery_sp != 0 && (start..end).contains(&address) {
            // SAFETY: with `SA_SIGINFO` the third argument is the thread's
            // saved `ucontext_t`, which the kernel restores on return: the
            // thread continues at the recovery path with the trampoline's
            // stack pointer (see `run`).
            unsafe {
                let context = &mut *context.cast::<libc::ucontext_t>();
                context.uc_mcontext.gregs[libc::REG_RIP as usize] = kiln_guarded_recover as *const () as i64;
                context.uc_mcontext.gregs[libc::REG_RSP as usize] = state.recovery_sp as i64;
            }
            return;
        }
        forward(signal, info, context);
    }

    /// Hands a fault that is not ours to the handler installed before.
    fn forward(signal: c_int, info: *mut libc::siginfo_t, context: *mut c_void) {
        let Some(previous) = PREVIOUS.get() else { return };
        let handler = previous.sa_sigaction;
        if handler == libc::SIG_DFL || handler == libc::SIG_IGN {
            // SAFETY: reinstates the previous disposition; the faulting
            // instruction runs again on return and meets it.
            unsafe { libc::sigaction(signal, previous, std::ptr::null_mut()) };
        } else if previous.sa_flags & libc::SA_SIGINFO != 0 {
            // SAFETY: a handler installed with `SA_SIGINFO` has this signature.
            let handler: extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) =
                unsafe { std::mem::transmute(handler) };
            handler(signal, info, context);
        } else {
            // SAFETY: a handler installed without `SA_SIGINFO` takes the signal only.
            let handler: extern "C" fn(c_int) = unsafe { std::mem::transmute(handler) };
            handler(signal);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
mod platform {
    pub(super) fn install() -> bool {
        false
    }

    pub(super) fn run<R>(f: impl FnOnce() -> R) -> Option<std::thread::Result<R>> {
        Some(Ok(f()))
    }
}
