//! Medians, geometric means, and bootstrap intervals of a geometric mean of
//! ratios.

/// The median of `values` (the mean of the two middle values for an even
/// count); `None` when there are none.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}

/// The geometric mean of `values`; `None` when there are none.
pub fn geomean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.into_iter().fold((0.0, 0u32), |(sum, count), v| (sum + v.ln(), count + 1));
    (count > 0).then(|| (sum / f64::from(count)).exp())
}

/// How many resamples [`ratio_geomean_interval`] draws.
pub const RESAMPLES: usize = 2000;

/// The samples of one benchmark on the two engines compared: Kiln's and the
/// other's.
pub struct Paired<'a> {
    /// Kiln's samples.
    pub kiln: &'a [f64],
    /// The other engine's samples.
    pub other: &'a [f64],
}

/// A 95% bootstrap interval of the geometric mean, over benchmarks, of the
/// ratio of Kiln's median to the other engine's: each of [`RESAMPLES`]
/// resamples draws every benchmark's samples on each engine afresh, with
/// replacement, and takes the geometric mean of the ratios of their medians;
/// the interval runs from the 2.5th to the 97.5th percentile of those. It
/// says how far the samples' spread within the run moves the mean, not how
/// far the machine drifts between runs. Deterministic (a fixed seed); `None`
/// without benchmarks or with an engine that has no samples for one.
pub fn ratio_geomean_interval(benchmarks: &[Paired<'_>]) -> Option<(f64, f64)> {
    if benchmarks.is_empty() || benchmarks.iter().any(|b| b.kiln.is_empty() || b.other.is_empty()) {
        return None;
    }
    let mut rng = SplitMix64(0x6b69_6c6e);
    let mut resample = |samples: &[f64]| {
        let drawn = (0..samples.len()).map(|_| samples[rng.below(samples.len())]).collect();
        median(drawn).expect("a benchmark with samples")
    };
    let mut means: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            let ratios: Vec<f64> = benchmarks.iter().map(|b| resample(b.kiln) / resample(b.other)).collect();
            geomean(ratios).expect("at least one benchmark")
        })
        .collect();
    means.sort_by(f64::total_cmp);
    Some((means[RESAMPLES * 25 / 1000], means[RESAMPLES * 975 / 1000 - 1]))
}

/// A small, seeded pseudo-random generator (SplitMix64): resampling needs
/// reproducible draws, not cryptographic ones.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A draw from `0..n` (`n` is a sample count: the modulo's bias is
    /// negligible).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn geometric_means() {
        assert_eq!(geomean([]), None);
        let g = geomean([2.0, 8.0]).unwrap();
        assert!((g - 4.0).abs() < 1e-12);
    }

    #[test]
    fn intervals_of_identical_samples_are_the_point() {
        let (k, o) = ([2.0, 2.0, 2.0], [4.0, 4.0]);
        let (low, high) = ratio_geomean_interval(&[Paired { kiln: &k, other: &o }]).unwrap();
        assert_eq!((low, high), (0.5, 0.5));
    }

    #[test]
    fn intervals_bracket_the_estimate_and_widen_with_spread() {
        let (k, o) = ([0.9, 1.0, 1.1, 1.0, 0.95], [2.0, 2.1, 1.9, 2.0, 2.05]);
        let (wide_k, wide_o) = ([0.5, 1.0, 1.5, 1.0, 0.7], [1.0, 2.0, 3.0, 2.0, 2.5]);
        let narrow = ratio_geomean_interval(&[Paired { kiln: &k, other: &o }]).unwrap();
        let wide = ratio_geomean_interval(&[Paired { kiln: &wide_k, other: &wide_o }]).unwrap();
        let estimate = median(k.to_vec()).unwrap() / median(o.to_vec()).unwrap();
        assert!(narrow.0 <= estimate && estimate <= narrow.1, "{narrow:?} around {estimate}");
        assert!(wide.1 - wide.0 > narrow.1 - narrow.0, "{wide:?} wider than {narrow:?}");
        assert_eq!(ratio_geomean_interval(&[Paired { kiln: &k, other: &o }]), Some(narrow), "deterministic");
    }

    #[test]
    fn no_interval_without_samples() {
        assert_eq!(ratio_geomean_interval(&[]), None);
        assert_eq!(ratio_geomean_interval(&[Paired { kiln: &[1.0], other: &[] }]), None);
    }
}
