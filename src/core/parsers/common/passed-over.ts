import type { Collector } from './lines.ts';

/** A run of log lines that carry no fact the parser reads: named in one `ignored` warning, none passed over in silence. */
export class PassedOver {
  from = 0; to = 0; n = 0;
  note(no: number): void { if (!this.from) this.from = no; this.to = no; this.n++; }
  flush<R>(out: Collector<R>, what: string): void {
    if (!this.from) return;
    out.warnRange(this.from, this.to, 'ignored',
      `${this.n} ${what} line(s) with no networking fact this parser reads (state, locks, results): passed over`);
    this.from = this.to = this.n = 0;
  }
}
