/**
 * Calibration: a small logistic regression over a few scores (Platt scaling when there is one), fitted
 * by Newton's method with an L2 pull toward a starting point. Used twice:
 * - at build time (scripts/train-prior.ts), to turn the prior's raw log-odds into probabilities, fitted
 *   on a held-out part of the data the prior never learned from;
 * - on a site, to weigh the prior against the site's own model, fitted on predictions each made before
 *   its decision was learned. The pull toward the start (the prior alone) is worth `strength` examples'
 *   evidence, so a site's own decisions outweigh the prior as they accumulate.
 */

/** Solve a small linear system (Gaussian elimination with partial pivoting); undefined if singular. */
function solve(matrix: number[][], vector: number[]): number[] | undefined {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let best = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[best]![col]!)) best = row;
    if (Math.abs(a[best]![col]!) < 1e-12) return undefined;
    [a[col], a[best]] = [a[best]!, a[col]!];
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Platt's targets: instead of 1 and 0, (spam + 1) / (spam + 2) and 1 / (ham + 2). Nearly separable
 * scores would otherwise drive the slope (and so the confidence) without limit.
 */
export function plattTargets(ys: readonly number[]): number[] {
  const spam = ys.filter((y) => y === 1).length;
  const ham = ys.length - spam;
  return ys.map((y) => (y === 1 ? (spam + 1) / (spam + 2) : 1 / (ham + 2)));
}

/**
 * Fit θ to minimise Σ log-loss(y, σ(θ·x)) + strength/2 · |θ − start|², y a target in [0, 1]. Each row
 * of `xs` includes its constant 1 if an intercept is wanted; `bounds` keeps each θ in a range after
 * every step. Returns `start` unchanged when there is nothing to fit.
 */
export function fitCalibration(
  xs: readonly (readonly number[])[], ys: readonly number[], start: readonly number[], strength: number, iterations = 8,
  bounds?: readonly (readonly [number, number])[],
): number[] {
  const d = start.length;
  let theta = [...start];
  if (xs.length === 0) return theta;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = theta.map((t, j) => strength * (t - start[j]!));
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? strength : 0)));
    for (let n = 0; n < xs.length; n++) {
      const x = xs[n]!;
      let z = 0;
      for (let j = 0; j < d; j++) z += theta[j]! * x[j]!;
      const p = sigmoid(z);
      const w = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < d; i++) {
        gradient[i]! += (p - ys[n]!) * x[i]!;
        for (let j = 0; j < d; j++) hessian[i]![j]! += w * x[i]! * x[j]!;
      }
    }
    const step = solve(hessian, gradient);
    if (!step) break;
    theta = theta.map((t, j) => {
      const next = t - step[j]!;
      const [low, high] = bounds?.[j] ?? [-Infinity, Infinity];
      return Math.min(high, Math.max(low, next));
    });
    if (step.every((s) => Math.abs(s) < 1e-6)) break;
  }
  return theta;
}

/** Log-loss and counts of a set of probabilities, for reporting how well calibrated they are. */
export function logLoss(ps: readonly number[], ys: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < ps.length; i++) {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, ps[i]!));
    sum -= ys[i] ? Math.log(p) : Math.log(1 - p);
  }
  return ps.length ? sum / ps.length : 0;
}
