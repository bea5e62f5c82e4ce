import { describe, expect, it } from 'vitest';
import { Collector } from './lines.ts';
import { readJson } from './json-lines.ts';

describe('JSON lines: what a line of a JSON paste is', () => {
  it('a field whose value the author elided inside the line is named there; an elision in a string is data', () => {
    const out = new Collector<unknown>();
    const read = readJson(['"Addresses": {...', '  "10.224.0.24": { "Addr": "10.224.0.24", "Note": "a...b" }', '},'].join('\n'), out);
    expect(read?.value).toEqual({ Addresses: { '10.224.0.24': { Addr: '10.224.0.24', Note: 'a...b' } } });
    expect(out.warnings.map((w) => [w.line, w.kind, w.message.split(':')[0]])).toEqual([[1, 'ignored', 'an elision in the JSON'],
      [1, 'ignored', 'JSON fragment wrapped and repaired']]);
  });
  it('with quoted keys (Go\'s encoding/json), a bare key: line is not part of the JSON; without, it is', () => {
    const text = ['{', '  "Servers": [', 'References: 1', '    "168.63.129.16"', '  ]', '}'].join('\n');
    const strict = new Collector<unknown>();
    expect(readJson(text, strict, undefined, true)?.value).toEqual({ Servers: ['168.63.129.16'] });
    expect(strict.warnings).toEqual([{ line: 3, kind: 'unrecognized', message: 'not part of the JSON: References: 1' }]);
    const lenient = new Collector<unknown>();
    readJson(text, lenient);
    expect(lenient.warnings.some((w) => w.line === 3 && w.kind === 'unrecognized')).toBe(false);
  });
});
