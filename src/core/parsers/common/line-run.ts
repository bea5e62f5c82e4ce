import type { Collector } from './lines.ts';
import type { WarningKind } from './types.ts';

/**
 * A run of lines a parser passes over for one reason, named in one ranged warning when the run ends: none is
 * passed over in silence, and a thousand of them make one warning, not a thousand. `count` is what the message
 * counts (lines, elements); `flush` is a no-op when no run is open, so a parser calls it on every other line.
 */
export class LineRun {
  private from = 0;
  private to = 0;
  private count = 0;
  note(no: number, count = 1): void { if (!this.from) this.from = no; this.to = no; this.count += count; }
  flush<R>(out: Collector<R>, kind: WarningKind, say: (count: number) => string): void {
    if (!this.from) return;
    out.warnRange(this.from, this.to, kind, say(this.count));
    this.from = this.to = this.count = 0;
  }
}

/** What a log parser says of a run of log lines that carry no fact it reads. */
export const passedOver = (what: string) => (n: number): string =>
  `${n} ${what} line(s) with no networking fact this parser reads (state, locks, results): passed over`;
