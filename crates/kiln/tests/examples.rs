//! Runs every example program in `examples/`, so CI executes them.

#[path = "../../../examples/call_hooks.rs"]
mod call_hooks;
#[path = "../../../examples/fuel.rs"]
mod fuel;
#[path = "../../../examples/instruction_count.rs"]
mod instruction_count;
#[path = "../../../examples/interrupt.rs"]
mod interrupt;
#[path = "../../../examples/limits.rs"]
mod limits;
#[path = "../../../examples/reset.rs"]
mod reset;
#[path = "../../../examples/table_call.rs"]
mod table_call;
#[path = "../../../examples/yield_resume.rs"]
mod yield_resume;

macro_rules! run_examples {
    ($($name:ident),*) => {$(
        #[test]
        fn $name() {
            $name::main().unwrap();
        }
    )*};
}

run_examples!(fuel, instruction_count, interrupt, limits, call_hooks, yield_resume, reset, table_call);
