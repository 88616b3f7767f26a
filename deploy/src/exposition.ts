/**
 * What a Prometheus text exposition (GET /metrics) holds: each family with its type, and the
 * label names of the samples under each sample name. A histogram family `x` shows up as the
 * samples `x_bucket`, `x_sum` and `x_count`; a summary as `x`, `x_sum` and `x_count`.
 */
export class Exposition {
  readonly families = new Map<string, string>();
  readonly samples = new Map<string, Set<string>>();

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const type = /^# TYPE (\S+) (\S+)/.exec(line);
      if (type !== null) this.families.set(type[1], type[2]);
      if (line === '' || line.startsWith('#')) continue;
      const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s/.exec(line);
      if (sample === null) throw new Error(`not an exposition line: ${line}`);
      const labels = this.samples.get(sample[1]) ?? new Set<string>();
      for (const [, name] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"/g)) labels.add(name);
      this.samples.set(sample[1], labels);
    }
  }

  /** Label names of the samples called `name` (exactly: `x_bucket`, not `x`), or undefined if there are none. */
  labelsOf(name: string): ReadonlySet<string> | undefined {
    return this.samples.get(name);
  }

  /**
   * The family a name belongs to: itself, or for `x_bucket`, `x_sum`, `x_count` the histogram or
   * summary `x` (only then: `x_count` of a gauge family `x` is no such thing). Undefined if none.
   */
  familyOf(name: string): string | undefined {
    if (this.families.has(name)) return name;
    const suffix = /_(bucket|sum|count)$/.exec(name);
    if (suffix === null) return undefined;
    const base = name.slice(0, suffix.index);
    const type = this.families.get(base);
    const fits = suffix[1] === 'bucket' ? type === 'histogram' : type === 'histogram' || type === 'summary';
    return fits ? base : undefined;
  }
}
