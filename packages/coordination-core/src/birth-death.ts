/**
 * Transient probabilities of a birth–death chain (an M/M/c/K queue's in-flight count): states
 * 0…K, arrivals at rate λ below K, departures at rate μ·min(i, c). Such a chain is reversible,
 * so its generator is similar to a symmetric tridiagonal matrix S (off-diagonal √(λ·μ·min(i+1, c)));
 * one eigen-decomposition of S (implicit QL, O(K³)) then gives e^{Qt}·p for any t in O(K²),
 * whatever the rates — uniformisation would cost (λ + cμ)·t steps, far too many for a fast agent
 * over a minute.
 *
 * The decomposition depends on the rates only through λ/μ (μ scales the eigenvalues), so it is
 * cached per (states, servers, λ/μ rounded to RATIO_STEP in log): agents whose rates barely moved
 * since the last scan, or that look alike, share one. Everything is preallocated; a cache miss
 * allocates one entry.
 */

/** λ/μ is rounded to steps of this much in log (≈ ±2 %): far below the error of any rate estimate. */
export const RATIO_STEP = 0.04;
/** Decompositions kept (≈ 2 KB each at 11 states). */
export const MODE_CACHE_SIZE = 1024;

/** One decomposition, for μ = 1: eigenvalues and the two maps an advance applies. */
interface ChainModes {
  readonly size: number;
  /** Eigenvalues of S at μ = 1 (≤ 0). */
  readonly theta: Float64Array;
  /** into[j·n + k] = V[k][j] / √π_k and out[k·n + j] = √π_k · V[k][j] (V: eigenvectors, π: stationary weights). */
  readonly into: Float64Array;
  readonly out: Float64Array;
  /** The stationary distribution. */
  readonly stationary: Float64Array;
}

export class BirthDeathChain {
  /** Number of states (K + 1) of the prepared chain. */
  size = 0;
  private mu = 1;
  private modes: ChainModes | undefined;
  private readonly cache = new Map<number, ChainModes>();
  private readonly scratch: Float64Array;
  private readonly decayScratch: Float64Array;
  // Decomposition workspace.
  private readonly d: Float64Array;
  private readonly e: Float64Array;
  private readonly v: Float64Array;

  constructor(readonly maxStates: number) {
    this.scratch = new Float64Array(maxStates);
    this.decayScratch = new Float64Array(maxStates);
    this.d = new Float64Array(maxStates);
    this.e = new Float64Array(maxStates);
    this.v = new Float64Array(maxStates * maxStates);
  }

  /**
   * Prepares the chain with `states` states (0…states−1), `slots` servers, arrival rate `lambda`
   * and per-slot service rate `mu` (per second, both > 0). λ/μ is kept within [1e-3, 1e3].
   */
  prepare(states: number, slots: number, lambda: number, mu: number): void {
    if (states > this.maxStates || states < 2) throw new RangeError(`states must be 2…${this.maxStates}`);
    const ratio = lambda / mu;
    const clamped = ratio < 1e-3 ? 1e-3 : ratio > 1e3 ? 1e3 : ratio;
    const step = Math.round(Math.log(clamped) / RATIO_STEP);
    const key = (step * 64 + slots) * 64 + states;
    let modes = this.cache.get(key);
    if (modes === undefined) {
      modes = this.decompose(states, slots, Math.exp(step * RATIO_STEP));
      if (this.cache.size >= MODE_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(key, modes);
    }
    this.modes = modes;
    this.size = states;
    this.mu = mu;
  }

  /** Advances the distribution `p` (length `size`, in place) by `seconds`: p ← p·e^{Qt}. Negative round-off is clipped. */
  advance(p: Float64Array, seconds: number): void {
    this.decays(seconds, this.decayScratch);
    this.advanceBy(p, this.decayScratch);
  }

  /** e^{θⱼt} for every mode j, into `out`: advancing many times by the same t reuses them. */
  decays(seconds: number, out: Float64Array): void {
    const theta = (this.modes as ChainModes).theta;
    const scale = this.mu * seconds;
    for (let j = 0; j < this.size; j++) out[j] = Math.exp(theta[j] * scale);
  }

  /** Advances `p` in place by the time `decays` was computed for. */
  advanceBy(p: Float64Array, decays: Float64Array): void {
    const n = this.size;
    const { into, out } = this.modes as ChainModes;
    const w = this.scratch;
    // Mode amplitudes c = Vᵀ D^-½ p, scaled by e^{θt}; then p = D^½ V c.
    for (let j = 0, at = 0; j < n; j++, at += n) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += into[at + k] * p[k];
      w[j] = sum * decays[j];
    }
    for (let k = 0, at = 0; k < n; k++, at += n) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += out[at + j] * w[j];
      p[k] = sum > 0 ? sum : 0;
    }
  }

  /** The stationary distribution of the prepared chain, into `p`. */
  stationary(p: Float64Array): void {
    const pi = (this.modes as ChainModes).stationary;
    for (let i = 0; i < this.size; i++) p[i] = pi[i];
  }

  private decompose(n: number, slots: number, ratio: number): ChainModes {
    const d = this.d;
    const e = this.e;
    const v = this.v;
    const logPi = this.scratch;
    // μ = 1, λ = ratio. Diagonal of S (= of Q): −(birth + death); off-diagonal √(birth_i · death_{i+1}).
    let log = 0;
    let maxLog = 0;
    logPi[0] = 0;
    for (let i = 0; i < n; i++) {
      const birth = i < n - 1 ? ratio : 0;
      d[i] = -(birth + (i < slots ? i : slots));
      if (i < n - 1) {
        const nextDeath = i + 1 < slots ? i + 1 : slots;
        e[i] = Math.sqrt(birth * nextDeath);
        log += Math.log(birth / nextDeath);
        logPi[i + 1] = log;
        if (log > maxLog) maxLog = log;
      }
    }
    e[n - 1] = 0;
    const stationary = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      stationary[i] = Math.exp(logPi[i] - maxLog);
      total += stationary[i];
    }
    for (let i = 0; i < n; i++) stationary[i] /= total;
    v.fill(0, 0, n * n);
    for (let i = 0; i < n; i++) v[i * n + i] = 1;
    tql2(n, d, e, v);
    // One block per decomposition: θ, into, out (no per-entry allocations for the collector to chase).
    const block = new Float64Array(n + 2 * n * n);
    const theta = block.subarray(0, n);
    const into = block.subarray(n, n + n * n);
    const out = block.subarray(n + n * n);
    theta.set(d.subarray(0, n));
    const root = this.e;
    const inverse = this.d;
    for (let k = 0; k < n; k++) {
      root[k] = Math.sqrt(stationary[k]);
      inverse[k] = root[k] > 0 ? 1 / root[k] : 0;
    }
    for (let j = 0, at = 0; j < n; j++, at += n) {
      for (let k = 0; k < n; k++) {
        const x = v[at + k];
        into[at + k] = x * inverse[k];
        out[k * n + j] = x * root[k];
      }
    }
    return { size: n, theta, into, out, stationary };
  }
}

const EPS = 2 ** -52;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by the implicit QL method
 * (tql2 of EISPACK, as in JAMA): `d` the diagonal (replaced by the eigenvalues), `e` the
 * off-diagonal with e[i] between i and i+1 and e[n−1] = 0 (destroyed), `v` the identity on
 * entry (column-major n×n: column j, at [j·n …], becomes the eigenvector of d[j]).
 */
function tql2(n: number, d: Float64Array, e: Float64Array, v: Float64Array): void {
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    const size = Math.abs(d[l]) + Math.abs(e[l]);
    if (size > tst1) tst1 = size;
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) m++;
    if (m > l) {
      let iterations = 0;
      do {
        iterations++;
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.sqrt(p * p + 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.sqrt(p * p + e[i] * e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          // Column-major: eigenvector columns i and i+1 are contiguous runs of n.
          const a = i * n;
          const b = a + n;
          for (let k = 0; k < n; k++) {
            const x = v[a + k];
            const y = v[b + k];
            v[b + k] = s * x + c * y;
            v[a + k] = c * x - s * y;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1 && iterations < 60);
    }
    d[l] += f;
    e[l] = 0;
  }
}
