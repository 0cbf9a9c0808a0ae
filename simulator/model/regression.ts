/**
 * Ordinary least squares, small and dependency-free. Pure.
 */

export interface LinearFit {
  /** Coefficients, one per regressor column, in order. */
  readonly coef: readonly number[];
  /** Standard error of each coefficient (NaN when the fit has no degrees of freedom left). */
  readonly stderr: readonly number[];
  readonly r2: number;
  /** Root mean square of the residuals. */
  readonly rmse: number;
  readonly n: number;
}

/**
 * Fits y ≈ X·b. `rows` are the regressor rows (include a 1 for an intercept); optional `weights`
 * make it weighted least squares (1/y² minimizes relative error, right for timings spanning decades).
 * Throws when the system is singular (collinear regressors) or there are fewer rows than coefficients.
 */
export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[], weights?: readonly number[]): LinearFit {
  const n = rows.length;
  if (weights && weights.length !== n) throw new RangeError(`leastSquares: ${n} rows but ${weights.length} weights`);
  const w = (i: number) => (weights ? weights[i] : 1);
  const k = rows[0]?.length ?? 0;
  if (n !== y.length) throw new RangeError(`leastSquares: ${n} rows but ${y.length} observations`);
  if (k === 0 || n < k) throw new RangeError(`leastSquares: need at least ${k} observations for ${k} coefficients, got ${n}`);
  // Normal equations (XᵀX) b = Xᵀy; k is tiny (≤ 3), so Gauss-Jordan is plenty.
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      xty[a] += w(i) * rows[i][a] * y[i];
      for (let b = 0; b < k; b++) xtx[a][b] += w(i) * rows[i][a] * rows[i][b];
    }
  }
  const inv = invert(xtx);
  const coef = inv.map((r) => r.reduce((s, v, j) => s + v * xty[j], 0));
  const fitted = rows.map((r) => r.reduce((s, v, j) => s + v * coef[j], 0));
  const sse = y.reduce((s, v, i) => s + (v - fitted[i]) ** 2, 0);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const sst = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const dof = n - k;
  const sigma2 = dof > 0 ? sse / dof : NaN;
  return {
    coef,
    stderr: inv.map((r, i) => Math.sqrt(sigma2 * r[i])),
    r2: sst > 0 ? 1 - sse / sst : 1,
    rmse: Math.sqrt(sse / n),
    n,
  };
}

function invert(m: number[][]): number[][] {
  const k = m.length;
  const a = m.map((r, i) => [...r, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    const scale = Math.max(1e-300, ...a.map((r) => Math.abs(r[c])));
    if (Math.abs(a[pivot][c]) < 1e-12 * scale) throw new RangeError('leastSquares: regressors are collinear (singular system)');
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const p = a[c][c];
    for (let j = 0; j < 2 * k; j++) a[c][j] /= p;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * k; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((r) => r.slice(k));
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
