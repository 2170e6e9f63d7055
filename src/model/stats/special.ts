/**
 * Special functions behind the count distributions: log-gamma and the
 * regularised incomplete beta and gamma functions, written for the scoring
 * hot path (no allocation, continued fractions with early exit).
 */

const LANCZOS_G = 7;
// Lanczos approximation coefficients for g = 7 with nine terms.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028,
  771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.9189385332046728;
const MAX_FRACTION_TERMS = 300;
const FRACTION_EPSILON = 1e-14;
const TINY = 1e-300;

/** Natural log of the gamma function for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the series in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_FRACTION_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < FRACTION_EPSILON) break;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b). Either tail is computed directly
 * from its own continued fraction, so tiny tail probabilities keep their
 * relative precision instead of vanishing in `1 - p`.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront =
    logGamma(a + b) - logGamma(a) - logGamma(b) +
    a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaFraction(a, b, x)) / a;
  }
  return 1 - (Math.exp(logFront) * betaFraction(b, a, 1 - x)) / b;
}

/** Upper tail 1 - I_x(a, b), accurate when it is tiny. */
export function incompleteBetaUpper(x: number, a: number, b: number): number {
  return incompleteBeta(1 - x, b, a);
}

/**
 * Regularised upper incomplete gamma Q(a, x), used for Poisson tails:
 * P(X <= k) = Q(k + 1, mean). The series serves x < a + 1 and the continued
 * fraction the rest, so each converges in O(sqrt(a)) terms.
 */
export function incompleteGammaUpper(a: number, x: number): number {
  if (x <= 0) return 1;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return 1 - Math.exp(logFront) * gammaSeries(a, x);
  return Math.exp(logFront) * gammaFraction(a, x);
}

/** Regularised lower incomplete gamma P(a, x), accurate when tiny. */
export function incompleteGammaLower(a: number, x: number): number {
  if (x <= 0) return 0;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) return Math.exp(logFront) * gammaSeries(a, x);
  return 1 - Math.exp(logFront) * gammaFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= MAX_FRACTION_TERMS * 4; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * FRACTION_EPSILON) break;
  }
  return sum;
}

function gammaFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_FRACTION_TERMS * 4; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < FRACTION_EPSILON) break;
  }
  return h;
}
