//! Pictures of a calibration, as SVG written by hand: the scores of clean and spun excerpts as
//! two histograms, and the ROC curve of each spinner.
//!
//! ```
//! use despin_lab::plot::{calibration_svg, Curve};
//!
//! let clean = [0.001, 0.002, 0.01];
//! let spun = [0.9, 0.99, 0.5];
//! let svg = calibration_svg("demo", &clean, &spun, 0.5, &[Curve { label: "x".into(), points: vec![(0.0, 0.0), (0.1, 0.9), (1.0, 1.0)] }]);
//! assert!(svg.starts_with("<svg") && svg.contains("</svg>") && svg.contains("demo"));
//! ```

use std::fmt::Write;

/// A ROC curve: (false-positive rate, recall) points from (0, 0) to (1, 1).
#[derive(Debug, Clone)]
pub struct Curve {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// The ROC curve of spun scores against clean ones.
pub fn roc(clean: &[f64], spun: &[f64]) -> Vec<(f64, f64)> {
    let mut all: Vec<(f64, bool)> = clean.iter().map(|&s| (s, false)).chain(spun.iter().map(|&s| (s, true))).collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (n_clean, n_spun) = (clean.len().max(1) as f64, spun.len().max(1) as f64);
    let mut out = vec![(0.0, 0.0)];
    let (mut fp, mut tp) = (0.0, 0.0);
    let mut i = 0;
    while i < all.len() {
        let s = all[i].0;
        while i < all.len() && all[i].0 == s {
            if all[i].1 {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            i += 1;
        }
        out.push((fp / n_clean, tp / n_spun));
    }
    out
}

/// The log-odds of a probability, clamped to ±12 for plotting.
fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).ln().clamp(-12.0, 12.0)
}

const COLOURS: [&str; 8] = ["#1b6ca8", "#d1495b", "#2e8b57", "#edae49", "#6a4c93", "#00798c", "#8c564b", "#444444"];

/// Two panels side by side: histograms of the log-odds of clean and spun scores (the
/// threshold marked), and ROC curves with a log scale of false-positive rates.
pub fn calibration_svg(title: &str, clean: &[f64], spun: &[f64], threshold: f64, curves: &[Curve]) -> String {
    let (w, h) = (960.0, 420.0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r##"<rect width="{w}" height="{h}" fill="white"/>"##
    );
    let _ =
        writeln!(s, r##"<text x="{}" y="22" text-anchor="middle" font-size="15">{}</text>"##, w / 2.0, escape(title));
    // Left: histograms.
    let (x0, y0, pw, ph) = (60.0, 50.0, 380.0, 300.0);
    let bins = 48usize;
    let bin_of = |p: f64| (((logit(p) + 12.0) / 24.0) * bins as f64).floor().clamp(0.0, bins as f64 - 1.0) as usize;
    let mut hc = vec![0.0; bins];
    let mut hs = vec![0.0; bins];
    for &p in clean {
        hc[bin_of(p)] += 1.0 / clean.len().max(1) as f64;
    }
    for &p in spun {
        hs[bin_of(p)] += 1.0 / spun.len().max(1) as f64;
    }
    // Bar heights are the square root of the share, so that the few clean excerpts far from
    // the bulk are seen next to the many at its peak.
    let top = hc.iter().chain(&hs).map(|v| v.sqrt()).fold(0.01, f64::max);
    let _ = writeln!(s, r##"<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>"##);
    for (hist, colour, label) in [(&hc, COLOURS[0], "clean"), (&hs, COLOURS[1], "spun")] {
        let bw = pw / bins as f64;
        for (i, &v) in hist.iter().enumerate() {
            if v > 0.0 {
                let bh = v.sqrt() / top * ph;
                let _ = writeln!(
                    s,
                    r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}" fill-opacity="0.55"><title>{label}: {:.1}%</title></rect>"##,
                    x0 + i as f64 * bw,
                    y0 + ph - bh,
                    bw,
                    bh,
                    100.0 * v
                );
            }
        }
    }
    let tx = x0 + (logit(threshold) + 12.0) / 24.0 * pw;
    let _ = writeln!(
        s,
        r##"<line x1="{tx:.1}" y1="{y0}" x2="{tx:.1}" y2="{}" stroke="black" stroke-dasharray="4 3"/>"##,
        y0 + ph
    );
    let _ =
        writeln!(s, r##"<text x="{:.1}" y="{}" font-size="11">threshold {threshold}</text>"##, tx + 4.0, y0 + ph - 8.0);
    for (k, p) in [1e-4, 1e-2, 0.5, 0.99, 0.9999].iter().enumerate() {
        let x = x0 + (logit(*p) + 12.0) / 24.0 * pw;
        let _ = writeln!(
            s,
            r##"<text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"##,
            y0 + ph + 16.0,
            ["0.0001", "0.01", "0.5", "0.99", "0.9999"][k]
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" text-anchor="middle">score (log-odds scale)</text>"##,
        x0 + pw / 2.0,
        y0 + ph + 34.0
    );
    legend(&mut s, x0 + pw - 130.0, y0 + 16.0, &[("clean excerpts", COLOURS[0]), ("spun excerpts", COLOURS[1])]);
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" text-anchor="middle" font-size="11">bar height: square root of the share</text>"##,
        x0 + pw / 2.0,
        y0 - 6.0
    );
    // Right: ROC curves, false-positive rate on a log scale from 1e-4 to 1.
    let (x1, pw2) = (540.0, 380.0);
    let _ = writeln!(s, r##"<rect x="{x1}" y="{y0}" width="{pw2}" height="{ph}" fill="none" stroke="#999"/>"##);
    let fx = |f: f64| x1 + (f.max(1e-4).log10() + 4.0) / 4.0 * pw2;
    let fy = |r: f64| y0 + ph - r * ph;
    let one = fx(0.01);
    let _ = writeln!(
        s,
        r##"<line x1="{one:.1}" y1="{y0}" x2="{one:.1}" y2="{}" stroke="#bbb" stroke-dasharray="2 3"/>"##,
        y0 + ph
    );
    let mut keys = Vec::new();
    for (i, c) in curves.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let pts: Vec<String> = c.points.iter().map(|&(f, r)| format!("{:.1},{:.1}", fx(f), fy(r))).collect();
        let _ =
            writeln!(s, r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.6"/>"##, pts.join(" "));
        keys.push((c.label.as_str(), colour));
    }
    for (k, f) in [1e-4, 1e-3, 1e-2, 1e-1, 1.0].iter().enumerate() {
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"##,
            fx(*f),
            y0 + ph + 16.0,
            ["0.0001", "0.001", "0.01", "0.1", "1"][k]
        );
    }
    for r in [0.0, 0.5, 1.0] {
        let _ = writeln!(s, r##"<text x="{}" y="{:.1}" text-anchor="end">{r}</text>"##, x1 - 4.0, fy(r) + 4.0);
    }
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" text-anchor="middle">false-positive rate (log scale); recall up</text>"##,
        x1 + pw2 / 2.0,
        y0 + ph + 34.0
    );
    legend(&mut s, x1 + pw2 - 150.0, y0 + ph - 16.0 * keys.len() as f64 - 6.0, &keys);
    s.push_str("</svg>\n");
    s
}

fn legend(s: &mut String, x: f64, y: f64, keys: &[(&str, &str)]) {
    for (i, (label, colour)) in keys.iter().enumerate() {
        let yy = y + 16.0 * i as f64;
        let _ = writeln!(s, r##"<rect x="{x:.1}" y="{:.1}" width="12" height="10" fill="{colour}"/>"##, yy - 9.0);
        let _ = writeln!(s, r##"<text x="{:.1}" y="{yy:.1}">{}</text>"##, x + 16.0, escape(label));
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roc_goes_from_corner_to_corner() {
        let r = roc(&[0.1, 0.2, 0.3], &[0.25, 0.9]);
        assert_eq!(r.first(), Some(&(0.0, 0.0)));
        assert_eq!(r.last(), Some(&(1.0, 1.0)));
        assert_eq!(r[1], (0.0, 0.5));
    }
}
