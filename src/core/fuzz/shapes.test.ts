/**
 * Each exception class of issue 17, as the input shape that raised it (fixtures/): before, each threw out of
 * the pipeline, the Snapshot's JSON or the details; now each is read as far as it can be, and what is left out is
 * named in a warning on its block.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exercise } from './exercise.ts';
import { buildModel } from '../pipeline.ts';
import { trace } from '../trace/engine.ts';
import type { Snapshot } from '../model/types.ts';
import type { Trace } from '../trace/types.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');
const model = (name: string): Snapshot => buildModel([{ path: `${name}.txt`, text: fixture(name) }]);
const messages = (s: Snapshot) => s.inputs.flatMap((i) => i.warnings.map((w) => w.message)).join('\n');

describe.each(['deep-json-200', 'deep-json-5000', 'ip-json-route-nexthops', 'ip-json-neigh-state', 'ip-json-addr-local', 'netpol-json-from-object'])('%s', (name) => {
  it('goes through the pipeline, the JSON, the graph, the details and a trace without an exception or a contained failure', () => {
    const r = exercise([{ path: `${name}.txt`, text: fixture(name) }]);
    expect(r.error).toBeUndefined();
    expect(r.contained).toEqual([]);
  });
});

describe('what each shape leaves, and says', () => {
  it('JSON.stringify stack overflow: a conflist nested 200 deep is cut at 64 levels, one nested 5,000 deep is not parsed', () => {
    const s = model('deep-json-200');
    expect(s.hosts[0]?.cni[0]?.plugins[0]?.type).toBe('azure-vnet');
    expect(messages(s)).toMatch(/nested deeper than 64 levels left out/);
    expect(() => JSON.stringify(s)).not.toThrow();
    expect(messages(model('deep-json-5000'))).toMatch(/CNI/);
  });
  it('nexthops.map is not a function: nexthops that are an object or a string are named, the routes kept', () => {
    const s = model('ip-json-route-nexthops');
    expect(s.hosts[0]?.netns[0]?.routes.map((r) => r.dst)).toEqual(['default', '10.1.0.0/16', '10.2.0.0/16']);
    expect(s.hosts[0]?.netns[0]?.routes[2]?.multipath).toEqual([{ gateway: '10.0.0.3', dev: 'eth0', weight: 1 }]);
    // the ip -j shape check names each one where it is read (parsers/common/shape.ts)
    expect(messages(s)).toMatch(/0\.nexthops: expected array, got an object[^]*1\.nexthops: expected array, got string[^]*2\.nexthops\.0: expected object, got null[^]*2\.nexthops\.1: expected object, got number 7/);
  });
  it('state.join is not a function: a neighbour state that is a string or an object is named and left out, the neighbours kept', () => {
    const s = model('ip-json-neigh-state');
    expect(s.hosts[0]?.netns[0]?.neighbours.map((n) => n.state)).toEqual([[], []]);
    expect(messages(s)).toMatch(/state: expected array, got string[^]*state: expected array, got an object/);
  });
  it('startsWith of undefined: addresses without a string local are left out and named', () => {
    const s = model('ip-json-addr-local');
    expect(s.hosts[0]?.netns[0]?.links.find((l) => l.name === 'eth0')?.addresses).toEqual([]);
    expect(messages(s).match(/1\.addr_info\.\d[^\n]*left out/g)?.length).toBe(5);
  });
  it('rule is not iterable: a policy whose from is an object is not read, and the policy answer says so', () => {
    const s = model('netpol-json-from-object');
    expect(s.cluster.policies).toEqual([]);
    expect(messages(s)).toMatch(/NetworkPolicy default\/from-object: ingress\[0\]\.from is an object, not a list: the policy is not read/);
    const t = trace(s, { from: 'default/client-0', to: 'default/web-0:80' }) as Trace;
    expect(t.policy?.verdict).toBe('unknown');
    expect(t.policy?.ingress.reason).toMatch(/^NetworkPolicy default\/from-object .*could not be read/);
  });
});
