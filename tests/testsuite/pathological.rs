//! Pathological documents cost time linear in their size, as in comrak's `pathological` tests:
//! doubling a document of deep nesting, one long line, many links or many dates must not take
//! more than about 2.5 times as long to build (search indexing included; it was 4x per doubling
//! for nested lists). Timing on a shared machine is noisy, so each size is built twice and the
//! faster build counts, and a case fails only if three measurements in a row are over the bound;
//! a quadratic step is over it every time.

use std::time::{Duration, Instant};

use crate::site::SiteTest;

const MAX_RATIO: f64 = 2.5;

fn build_time(body: &str) -> Duration {
    let site = SiteTest::new()
        .file(
            "content/doc.md",
            &format!("---\ntitle: Doc\ndate: 2024-01-01\n---\n{body}"),
        )
        .create();
    (0..2)
        .map(|_| {
            let started = Instant::now();
            site.try_build(site.options())
                .unwrap_or_else(|e| panic!("build failed: {e}"));
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn assert_linear(name: &str, n: usize, make: impl Fn(usize) -> String) {
    let mut ratios = Vec::new();
    for _ in 0..3 {
        let small = build_time(&make(n));
        let large = build_time(&make(2 * n));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-3);
        if ratio <= MAX_RATIO {
            return;
        }
        ratios.push(format!("{small:?} -> {large:?} ({ratio:.2}x)"));
    }
    panic!("{name}: doubling the input took more than {MAX_RATIO}x: {ratios:?}");
}

#[test]
fn doubling_pathological_documents_at_most_doubles_the_build() {
    assert_linear("nested lists", 20_000, |n| format!("{}x\n", "- ".repeat(n)));
    assert_linear("nested quotes", 20_000, |n| {
        format!("{}x\n", "> ".repeat(n))
    });
    assert_linear("nested emphasis", 10_000, |n| {
        format!("{}x{}\n", "*a _b ".repeat(n), "_*".repeat(n))
    });
    assert_linear("one long line", 50_000, |n| {
        format!("{}\n", "word ".repeat(n))
    });
    assert_linear("many links", 3_000, |n| {
        (0..n)
            .map(|i| format!("[link {i}](https://example.org/{i}) "))
            .collect()
    });
    assert_linear("many dates in prose", 2_000, |n| {
        (0..n)
            .map(|i| {
                format!(
                    "On {} March {} the ministers met. ",
                    1 + i % 28,
                    1990 + i % 30
                )
            })
            .collect()
    });
    assert_linear("template tags of other generators", 5_000, |n| {
        (0..n)
            .map(|i| {
                format!(
                    "{{{{< s{i} >}}}} {{% highlight x %}} {{{{< highlight >}}}} {{% for a %}} `{{{{< c >}}}}` {{{{ site.v{i} }}}}\n"
                )
            })
            .collect()
    });
}
