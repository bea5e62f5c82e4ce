import { describe, expect, it } from 'vitest';
import { parse } from './azure-vnet-json.ts';

/** azure-vnet.json as the CNI writes it (tabs for indentation), one network under eth0. */
const doc = (iface: string, extra = ''): string => `{
\t"Network": {
\t\t"Version": "v1.4.54",
\t\t"TimeStamp": "2024-09-11T02:34:43Z",
\t\t"ExternalInterfaces": {
\t\t\t"eth0": {
\t\t\t\t"Name": "${iface}",
\t\t\t\t"Networks": {
\t\t\t\t\t"azure": {
\t\t\t\t\t\t"Id": "azure",
\t\t\t\t\t\t"Mode": "transparent",
\t\t\t\t\t\t"Subnets": [
\t\t\t\t\t\t\t{ "Prefix": { "IP": "10.224.0.0", "Mask": "//8AAA==" }, "Gateway": "10.224.0.1" }
\t\t\t\t\t\t],
\t\t\t\t\t\t"EnableSnatOnHost": false
\t\t\t\t\t}
\t\t\t\t},
\t\t\t\t"Subnets": [
\t\t\t\t\t"10.224.0.0/16"
\t\t\t\t],${extra}
\t\t\t\t"BridgeName": ""
\t\t\t}
\t\t}
\t}
}`;
const lines = (r: ReturnType<typeof parse>) => r.warnings.map((w) => [w.line, w.to ?? w.line]);

describe('azure-vnet.json: the fields the records do not hold are named, by their lines', () => {
  it('each run of fields not read, at their own nesting (the interface\'s Subnets, not the network\'s)', () => {
    const r = parse(doc('eth0'));
    expect(r.records).toEqual([expect.objectContaining({ type: 'network', id: 'azure', externalInterface: 'eth0', version: 'v1.4.54' })]);
    expect(lines(r)).toEqual([[4, 4], [15, 15], [18, 21]]);
    expect(r.warnings[2]?.message).toBe('not read (the trace does not use them): Subnets, BridgeName');
  });
  it('an interface Name that is not its key is named; a bare key (another dump pasted in) is not part of the JSON', () => {
    const r = parse(doc('constructor', '\nReferences: 1'));
    expect(r.warnings.find((w) => w.line === 7)?.message).toMatch(/Name \(not the interface's key eth0\)/);
    expect(r.warnings.find((w) => w.line === 21)).toEqual({ line: 21, kind: 'unrecognized', message: 'not part of the JSON: References: 1' });
  });
  it('an interface no network was read under is named whole; a network under a damaged key is never named', () => {
    const cut = doc('eth0').replace('\t\t\t\t"Name": "eth0",\n', '\t\t\t\t"Name": "eth0"\n\t\t\t},\n\t\t\t"eth1": {\n');
    const r = parse(cut);
    expect(r.records).toEqual([expect.objectContaining({ type: 'network', externalInterface: 'eth1' })]);
    const whole = { to: 8, message: expect.stringMatching(/external interface eth0 \(no network read under it\)/) };
    expect(r.warnings.find((w) => w.line === 6)).toMatchObject(whole);
    for (const w of r.warnings) for (let n = w.line; n <= (w.to ?? w.line); n++) expect([12, 13, 14, 15]).not.toContain(n);
  });
  it('in a paste damaged past following its nesting (a stray field above its first brace), a field no record reads is still named', () => {
    const damaged = `\t\t\t"PrimaryIP": ""\n${doc('eth0')}`;
    const r = parse(damaged);
    expect(r.records).toEqual([expect.objectContaining({ type: 'network', id: 'azure' })]);
    const timeStamp = damaged.split('\n').findIndex((l) => l.includes('"TimeStamp"')) + 1;
    const bridge = damaged.split('\n').findIndex((l) => l.includes('"BridgeName"')) + 1;
    for (const line of [1, timeStamp, bridge]) {
      expect(r.warnings.some((w) => w.line <= line && line <= (w.to ?? w.line) && /^not read/.test(w.message)), `line ${line}`).toBe(true);
    }
  });
});
