//! Times the workloads of `harness/kernels/controls.wat` on the current Kiln and on
//! Kiln from before instruction counting and check points existed, the two
//! builds interleaved in one process, and prints a markdown table of median
//! times and their ratio. Run through `run.sh`, which extracts the baseline
//! and also counts machine instructions under valgrind, using this
//! program's second mode: `once baseline|current WORKLOAD-INDEX` runs one
//! workload once.

use std::time::Instant;

const KERNELS: &str = include_str!("../../harness/kernels/controls.wat");
const WORKLOADS: [(&str, i32); 3] = [("fib", 27), ("load_loop", 3_000_000), ("nested", 200_000)];
const REPETITIONS: usize = 21;

/// Instantiates the kernels with one version of Kiln and returns a closure
/// that runs workload `i` once.
macro_rules! runner {
    ($kiln:ident) => {{
        let engine = $kiln::Engine::default();
        let module = $kiln::Module::new(&engine, KERNELS).expect("kernels compile");
        let mut store = $kiln::Store::new(&engine, ());
        let instance = $kiln::Instance::new(&mut store, &module, &[]).expect("kernels instantiate");
        let funcs: Vec<_> = WORKLOADS
            .iter()
            .map(|(name, _)| instance.get_typed_func::<i32, i32>(&mut store, name).expect("workload exported"))
            .collect();
        move |i: usize| funcs[i].call(&mut store, WORKLOADS[i].1).expect("workload runs")
    }};
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let mut baseline = runner!(kiln_baseline);
    let mut current = runner!(kiln);
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, build, index] = &args[..]
        && mode == "once"
    {
        let i: usize = index.parse().expect("workload index");
        let result = if build == "baseline" { baseline(i) } else { current(i) };
        println!("{result}");
        return;
    }
    println!("| workload | before counting (ms) | now (ms) | now / before |");
    println!("|---|---:|---:|---:|");
    for (i, (name, arg)) in WORKLOADS.iter().enumerate() {
        let (mut before, mut now) = (Vec::new(), Vec::new());
        for _ in 0..REPETITIONS {
            let t = Instant::now();
            let expected = baseline(i);
            before.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let got = current(i);
            now.push(t.elapsed().as_secs_f64() * 1e3);
            assert_eq!(got, expected, "{name}: the builds disagree");
        }
        let (before, now) = (median(before), median(now));
        println!("| {name}({arg}) | {before:.2} | {now:.2} | {:.3} |", now / before);
    }
}
