import type { CoordinationEventMap, SelectionMode } from '@agentcore/coordination-client';
import { isSelectionFallback, type SelectionReason } from '@agentcore/coordination-core';

type ModeEvent = Omit<CoordinationEventMap['selection_mode'], 'time'>;

const MODES: readonly SelectionMode[] = ['coordinated', 'no_signals', 'all_unavailable'];

/**
 * Whether `coordination.select` ranks its candidates or falls back to random. One interval's
 * mode is the one most of its selections had (on a tie, the first of `MODES`), so a server picking for several capabilities, some without signals, reports a change
 * when the balance moves rather than on every call. Intervals without selections change nothing.
 */
export class SelectionModeTracker {
  private current: SelectionMode = 'coordinated';
  private counts = zero();
  private any = false;

  record(reason: SelectionReason): void {
    this.counts[isSelectionFallback(reason) ? reason : 'coordinated']++;
    this.any = true;
  }

  /** The change at the end of an interval, if its mode differs from the one before. */
  check(): ModeEvent | undefined {
    if (!this.any) return undefined;
    const counts = this.counts;
    this.counts = zero();
    this.any = false;
    let mode: SelectionMode = MODES[0];
    for (const candidate of MODES) if (counts[candidate] > counts[mode]) mode = candidate;
    if (mode === this.current) return undefined;
    const previous = this.current;
    this.current = mode;
    return { mode, previous, selections: counts };
  }
}

function zero(): Record<SelectionMode, number> {
  return { coordinated: 0, no_signals: 0, all_unavailable: 0 };
}
