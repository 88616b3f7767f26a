export interface ClassifierScore {
  samples: number;
  /** Share of samples in which the agent actually crossed the threshold. */
  baseRate: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  brier: number;
  /** Expected calibration error over ten probability bins. */
  ece: number;
  /** Reliability diagram: per bin, mean forecast probability vs observed frequency. */
  calibration: Array<{ bin: number; count: number; meanProbability: number; observed: number }>;
}

/** Sufficient statistics of a classifier's score; they add up across runs. */
export interface ClassifierTally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  brierSum: number;
  binCount: number[];
  binProbability: number[];
  binObserved: number[];
}

export function emptyTally(): ClassifierTally {
  return { tp: 0, fp: 0, fn: 0, tn: 0, brierSum: 0, binCount: new Array(10).fill(0), binProbability: new Array(10).fill(0), binObserved: new Array(10).fill(0) };
}

export function addToTally(tally: ClassifierTally, probability: number, predicted: boolean, actual: boolean): void {
  if (predicted && actual) tally.tp++;
  else if (predicted) tally.fp++;
  else if (actual) tally.fn++;
  else tally.tn++;
  const y = actual ? 1 : 0;
  tally.brierSum += (probability - y) * (probability - y);
  const bin = Math.min(9, Math.floor(probability * 10));
  tally.binCount[bin]++;
  tally.binProbability[bin] += probability;
  tally.binObserved[bin] += y;
}

export function mergeTallies(into: ClassifierTally, from: ClassifierTally): void {
  into.tp += from.tp;
  into.fp += from.fp;
  into.fn += from.fn;
  into.tn += from.tn;
  into.brierSum += from.brierSum;
  for (let i = 0; i < 10; i++) {
    into.binCount[i] += from.binCount[i];
    into.binProbability[i] += from.binProbability[i];
    into.binObserved[i] += from.binObserved[i];
  }
}

export function scoreTally(t: ClassifierTally): ClassifierScore {
  const samples = t.tp + t.fp + t.fn + t.tn;
  const precision = t.tp + t.fp === 0 ? 0 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 0 : t.tp / (t.tp + t.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  let ece = 0;
  const calibration: ClassifierScore['calibration'] = [];
  for (let i = 0; i < 10; i++) {
    const count = t.binCount[i];
    if (count === 0) continue;
    const meanProbability = t.binProbability[i] / count;
    const observed = t.binObserved[i] / count;
    ece += (count / samples) * Math.abs(meanProbability - observed);
    calibration.push({ bin: i, count, meanProbability, observed });
  }
  return {
    samples,
    baseRate: samples === 0 ? 0 : (t.tp + t.fn) / samples,
    truePositives: t.tp,
    falsePositives: t.fp,
    falseNegatives: t.fn,
    trueNegatives: t.tn,
    precision,
    recall,
    f1,
    accuracy: samples === 0 ? 0 : (t.tp + t.tn) / samples,
    brier: samples === 0 ? 0 : t.brierSum / samples,
    ece,
    calibration,
  };
}
