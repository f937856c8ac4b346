//! Logistic regression for the score model: L2-regularised, weighted, by Newton's method.

/// Fits `p = 1 / (1 + e^-(b0 + b·x))` by Newton's method (iteratively reweighted least squares)
/// on rows `x` with labels `y` and sample weights `w`, with an L2 penalty `l2` on the
/// coefficients (not the intercept). `fixed[j]`, when set, holds coefficient `j` (0 is the
/// intercept) at that value. Returns `[b0, b1, ...]`.
///
/// ```
/// use despin_lab::fit::fit;
///
/// let x: Vec<Vec<f64>> = (0..200).map(|i| vec![i as f64 / 100.0 - 1.0]).collect();
/// let y: Vec<bool> = x.iter().map(|r| r[0] > 0.0).collect();
/// let b = fit(&x, &y, &vec![1.0; 200], 1.0, &[None, None]);
/// assert!(b[1] > 5.0 && b[0].abs() < 1.0);
/// ```
pub fn fit(x: &[Vec<f64>], y: &[bool], w: &[f64], l2: f64, fixed: &[Option<f64>]) -> Vec<f64> {
    let k = x.first().map_or(0, Vec::len) + 1;
    assert!(fixed.len() == k && y.len() == x.len() && w.len() == x.len(), "fit: mismatched lengths");
    let mut b: Vec<f64> = fixed.iter().map(|f| f.unwrap_or(0.0)).collect();
    let free: Vec<usize> = (0..k).filter(|&j| fixed[j].is_none()).collect();
    let row = |r: &Vec<f64>, j: usize| if j == 0 { 1.0 } else { r[j - 1] };
    for _ in 0..100 {
        let n = free.len();
        let mut grad = vec![0.0; n];
        let mut hess = vec![vec![0.0; n]; n];
        for ((r, &yi), &wi) in x.iter().zip(y).zip(w) {
            let z: f64 = b[0] + r.iter().zip(&b[1..]).map(|(a, c)| a * c).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let e = f64::from(u8::from(yi)) - p;
            let v = (p * (1.0 - p)).max(1e-12) * wi;
            for (a, &ja) in free.iter().enumerate() {
                let xa = row(r, ja);
                grad[a] += wi * e * xa;
                for (c, &jc) in free.iter().enumerate() {
                    hess[a][c] += v * xa * row(r, jc);
                }
            }
        }
        for a in 0..n {
            if free[a] != 0 {
                grad[a] -= l2 * b[free[a]];
                hess[a][a] += l2;
            }
            hess[a][a] += 1e-9;
        }
        let step = solve(hess, grad);
        let mut size: f64 = 0.0;
        for (a, &j) in free.iter().enumerate() {
            b[j] += step[a];
            size = size.max(step[a].abs());
        }
        if size < 1e-9 {
            break;
        }
    }
    b
}

/// Solves `a x = v` by Gaussian elimination with partial pivoting (a small dense system).
fn solve(mut a: Vec<Vec<f64>>, mut v: Vec<f64>) -> Vec<f64> {
    let n = v.len();
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap_or(col);
        a.swap(col, piv);
        v.swap(col, piv);
        let d = a[col][col];
        if d.abs() < 1e-300 {
            continue;
        }
        for r in col + 1..n {
            let f = a[r][col] / d;
            if f != 0.0 {
                let (top, rest) = a.split_at_mut(r);
                for (x, p) in rest[0][col..].iter_mut().zip(&top[col][col..]) {
                    *x -= f * p;
                }
                v[r] -= f * v[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = v[r] - (r + 1..n).map(|c| a[r][c] * x[c]).sum::<f64>();
        x[r] = if a[r][r].abs() < 1e-300 { 0.0 } else { s / a[r][r] };
    }
    x
}
