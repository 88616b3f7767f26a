import { Sampler } from '../engine/random';

/** The five kinds of offered load the prediction evaluation draws agents from. */
export const LOAD_KINDS = ['diurnal', 'bursty', 'ramp', 'step', 'flat'] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];

export const LOAD_KIND_DESCRIPTIONS: Readonly<Record<LoadKind, string>> = {
  diurnal: 'a sine wave around 0.45–0.8 of capacity, amplitude 0.2–0.45, period 20–60 min',
  bursty: 'on/off: 0.15–0.5 of capacity off, 0.9–1.6 on; on periods last 20–90 s on average, off periods 60–300 s (exponential)',
  ramp: 'one linear ramp after another between levels drawn from 0.1–1.4 of capacity, each 2–15 min long',
  step: 'levels drawn from 0.1–1.4 of capacity, held for exponential times (mean 3–10 min), switching at once',
  flat: 'constant, 0.65–0.95 of capacity: near the threshold',
};

/**
 * Offered load (arrival rate ÷ service capacity) of one agent, one value per second of the run.
 * Piecewise in seconds is fine grained enough: every shape changes over tens of seconds or more.
 */
export function drawOfferedLoad(kind: LoadKind, seconds: number, s: Sampler): Float32Array {
  const out = new Float32Array(seconds);
  switch (kind) {
    case 'diurnal': {
      const mid = s.between(0.45, 0.8);
      const amplitude = s.between(0.2, 0.45);
      const period = s.between(20, 60) * 60;
      const phase = s.between(0, 2 * Math.PI);
      for (let t = 0; t < seconds; t++) out[t] = Math.max(0.02, mid + amplitude * Math.sin((2 * Math.PI * t) / period + phase));
      break;
    }
    case 'bursty': {
      const off = s.between(0.15, 0.5);
      const on = s.between(0.9, 1.6);
      const meanOn = s.between(20, 90);
      const meanOff = s.between(60, 300);
      let level = s.chance(meanOn / (meanOn + meanOff)) ? on : off;
      for (let t = 0; t < seconds; ) {
        const hold = Math.max(1, Math.round(s.exponential(level === on ? meanOn : meanOff)));
        out.fill(level, t, Math.min(seconds, t + hold));
        t += hold;
        level = level === on ? off : on;
      }
      break;
    }
    case 'ramp': {
      let from = s.between(0.1, 1.4);
      for (let t = 0; t < seconds; ) {
        const to = s.between(0.1, 1.4);
        const length = Math.round(s.between(2, 15) * 60);
        for (let k = 0; k < length && t + k < seconds; k++) out[t + k] = from + ((to - from) * k) / length;
        t += length;
        from = to;
      }
      break;
    }
    case 'step': {
      const meanHold = s.between(3, 10) * 60;
      for (let t = 0; t < seconds; ) {
        const hold = Math.max(1, Math.round(s.exponential(meanHold)));
        out.fill(s.between(0.1, 1.4), t, Math.min(seconds, t + hold));
        t += hold;
      }
      break;
    }
    case 'flat':
      out.fill(s.between(0.65, 0.95));
      break;
  }
  return out;
}
