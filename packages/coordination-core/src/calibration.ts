/** Bins of the raw probability the recalibration is fitted over. */
export const CALIBRATION_BINS = 20;
/**
 * Each bin starts with this many pseudo-forecasts that came out exactly as predicted: with
 * little data the map stays near the identity, and a bin needs real evidence to move.
 */
const PRIOR_COUNT = 20;

export interface CalibrationOptions {
  /** Scored forecasts (effective, after forgetting) before the map departs from the identity. */
  minForecasts: number;
  /** Effective memory, in scored forecasts: older evidence fades by 1 − 1/memory per new one. */
  memory: number;
}

export const DEFAULT_CALIBRATION: Readonly<CalibrationOptions> = Object.freeze({ minForecasts: 500, memory: 20_000 });

/**
 * Recalibrates forecast probabilities from the record of how they came out: the scored
 * forecasts are binned by their raw probability, an isotonic (non-decreasing) fit through the
 * bins' observed frequencies — pool-adjacent-violators, each bin weighted by its count and
 * anchored by a small prior at the identity — gives the calibrated value at each bin's mean raw
 * probability, and a raw probability maps by linear interpolation between them. Bounded memory
 * (a few numbers per bin) and forgetting, so the map follows a fleet whose behaviour changes.
 */
export class IsotonicCalibration {
  private readonly count = new Float64Array(CALIBRATION_BINS);
  private readonly sumRaw = new Float64Array(CALIBRATION_BINS);
  private readonly sumOutcome = new Float64Array(CALIBRATION_BINS);
  /** The fitted map: knots (raw → calibrated), `knots` of them, increasing in raw. */
  private readonly knotRaw = new Float64Array(CALIBRATION_BINS + 2);
  private readonly knotValue = new Float64Array(CALIBRATION_BINS + 2);
  private knots = 0;
  private total = 0;
  private dirty = false;
  // PAV scratch.
  private readonly blockValue = new Float64Array(CALIBRATION_BINS);
  private readonly blockWeight = new Float64Array(CALIBRATION_BINS);
  private readonly blockEnd = new Int32Array(CALIBRATION_BINS);

  constructor(private readonly options: CalibrationOptions = DEFAULT_CALIBRATION) {}

  /** Effective number of scored forecasts behind the map. */
  get evidence(): number {
    return this.total;
  }

  /** Whether the map departs from the identity (enough forecasts scored). */
  get active(): boolean {
    return this.total + 1e-6 >= this.options.minForecasts;
  }

  /** Records one scored forecast: its raw probability and whether the event happened. */
  add(rawProbability: number, happened: boolean): void {
    const keep = 1 - 1 / this.options.memory;
    for (let b = 0; b < CALIBRATION_BINS; b++) {
      this.count[b] *= keep;
      this.sumRaw[b] *= keep;
      this.sumOutcome[b] *= keep;
    }
    this.total = this.total * keep + 1;
    const p = rawProbability < 0 ? 0 : rawProbability > 1 ? 1 : rawProbability;
    const b = Math.min(CALIBRATION_BINS - 1, Math.floor(p * CALIBRATION_BINS));
    this.count[b] += 1;
    this.sumRaw[b] += p;
    if (happened) this.sumOutcome[b] += 1;
    this.dirty = true;
  }

  /** The calibrated probability of a raw one (the identity until `active`). */
  map(rawProbability: number): number {
    if (!this.active) return rawProbability;
    if (this.dirty) this.fit();
    const n = this.knots;
    const raw = this.knotRaw;
    const value = this.knotValue;
    if (rawProbability <= raw[0]) return value[0];
    for (let k = 1; k < n; k++) {
      if (rawProbability <= raw[k]) {
        const span = raw[k] - raw[k - 1];
        const t = span > 0 ? (rawProbability - raw[k - 1]) / span : 1;
        return value[k - 1] + t * (value[k] - value[k - 1]);
      }
    }
    return value[n - 1];
  }

  /** Per bin: forecasts (effective), mean raw probability, observed frequency. */
  bins(): Array<{ count: number; meanRaw: number; observed: number }> {
    const out: Array<{ count: number; meanRaw: number; observed: number }> = [];
    for (let b = 0; b < CALIBRATION_BINS; b++) {
      const c = this.count[b];
      out.push({ count: c, meanRaw: c > 0 ? this.sumRaw[b] / c : (b + 0.5) / CALIBRATION_BINS, observed: c > 0 ? this.sumOutcome[b] / c : Number.NaN });
    }
    return out;
  }

  private fit(): void {
    this.dirty = false;
    // Each bin's point, with the prior pseudo-forecasts at the identity folded in.
    let blocks = 0;
    for (let b = 0; b < CALIBRATION_BINS; b++) {
      const c = this.count[b];
      const centre = c > 0 ? this.sumRaw[b] / c : (b + 0.5) / CALIBRATION_BINS;
      const weight = c + PRIOR_COUNT;
      const observed = (this.sumOutcome[b] + PRIOR_COUNT * centre) / weight;
      this.knotRaw[b] = centre;
      // Pool adjacent violators: merge while the previous block is above this one.
      let value = observed;
      let w = weight;
      while (blocks > 0 && this.blockValue[blocks - 1] >= value) {
        const pw = this.blockWeight[blocks - 1];
        value = (this.blockValue[blocks - 1] * pw + value * w) / (pw + w);
        w += pw;
        blocks--;
      }
      this.blockValue[blocks] = value;
      this.blockWeight[blocks] = w;
      this.blockEnd[blocks] = b;
      blocks++;
    }
    let b = 0;
    for (let k = 0; k < blocks; k++) {
      for (; b <= this.blockEnd[k]; b++) this.knotValue[b] = this.blockValue[k];
    }
    this.knots = CALIBRATION_BINS;
  }
}
