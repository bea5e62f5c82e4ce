import { describe, expect, it } from 'vitest';
import { parse, tcpdumpKind } from './tcpdump.ts';

const BANNER = 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode';

describe('tcpdump: its banner and packet counts', () => {
  it('are layout lines of the kind, read without a warning', () => {
    const listening = 'listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes';
    const r = parse([BANNER, listening, '3 packets captured', '1 packet dropped by kernel'].join('\n'));
    expect(r.warnings).toEqual([]);
    for (const l of [BANNER, '3 packets captured', '1 packet dropped by kernel']) expect(tcpdumpKind.layoutLines?.test(l)).toBe(true);
  });
  it('garbled, are named', () => {
    const r = parse([BANNER.replace('full ', 'full]'), '3 packets captured x'].join('\n'));
    expect(r.warnings.map((w) => [w.line, w.kind])).toEqual([[1, 'ignored'], [2, 'ignored']]);
  });
});
