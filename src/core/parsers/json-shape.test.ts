/**
 * JSON-shaped inputs (issue #17): a line that is not part of the JSON is named with its number, and a field of the
 * wrong type is a warning that names it — the rest is read, and nothing throws from the parser to the trace.
 */
import { describe, expect, it } from 'vitest';
import { parseAs } from '../ingest/ingest.ts';
import { runPipeline } from '../pipeline.ts';
import { trace } from '../trace/engine.ts';
import { jsonLineKind } from './common/json-lines.ts';

const CONFLIST = `{
  "cniVersion": "0.3.0",
  "name": "azure",
  this line was typed by hand
  "plugins": [
    { "type": "azure-vnet", "mode": "transparent", "ipam": { "type": "azure-vnet-ipam" } },
    { "type": 42 },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
the end of the file`;

/** [kind, text, what the warnings must name, how many records remain] */
const WRONG: [string, string, string[], number][] = [
  ['cni-conflist', CONFLIST, ['4: not part of the JSON: this line was typed by hand', '7: wrong shape: plugins.1.type: expected string, got number 42, so plugins.1 is left out',
    '11: not part of the JSON: the end of the file'], 1],
  ['cni-conflist', '{ "cniVersion": "0.4.0", "plugins": { "type": "bridge" } }', ['plugins: expected array, got an object'], 0],
  ['ip-json', '[{"dst":"10.0.0.0/8","nexthops":{"gateway":"10.0.0.1"},"flags":[]},{"ifindex":"2","ifname":"eth0","flags":[],"addr_info":"10.0.0.4/24"}]',
    ['0.nexthops: expected array, got an object: left out', '1.ifindex: expected number, got string "2": left out', '1.addr_info: expected array'], 2],
  ['azure-vnet-json', JSON.stringify({ Network: { ExternalInterfaces: { eth0: { Networks: { azure: { Id: 'azure', Mode: 'transparent', Subnets: 7,
    Endpoints: { 'a-eth0': { Id: 'a-eth0', HostIfName: 'azv1', IPAddresses: { IP: '10.0.0.5' }, Routes: 'default', PODName: 'web', PODNameSpace: 'default' } } } } } } } }, null, 1),
    ['Subnets: expected array, got number 7', 'IPAddresses: expected array, got an object', 'Routes: expected array, got string'], 2],
  ['azure-ipam-json', '{ "Pools": { "10.0.0.0/24": { "Subnet": "10.0.0.0/24", "Addresses": { "10.0.0.5": { "Addr": 10, "InUse": "yes" }, "10.0.0.6": { "Addr": "10.0.0.6", "InUse": true } } } } }',
    ['Addr: expected string, got number 10', 'InUse: expected boolean, got string "yes"'], 2],
  ['az-network-profile', '{ "networkPlugin": 5, "podCidrs": "10.244.0.0/16", "serviceCidr": "10.0.0.0/16" }',
    ['networkPlugin: expected string, got number 5: left out', 'podCidrs: expected array, got string'], 1],
  ['kubectl-objects', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels: 'app=web' }, spec: { clusterIP: '10.0.0.9', ports: { port: 80 } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: { matchLabels: { app: 7 } }, ingress: 'all' } }] }, null, 1),
    ['Service web: metadata.labels: expected record, got string', 'Service web: spec.ports: expected array, got an object', 'NetworkPolicy deny: spec.podSelector.matchLabels.app: expected string, got number 7',
      'NetworkPolicy deny: spec.ingress: expected array, got string'], 2],
  ['kubectl-objects', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: "yes"\nstatus:\n  podIP: [10.0.0.1]\n',
    ['6: wrong shape: Pod p: spec.hostNetwork: expected boolean, got string "yes": left out', '8: wrong shape: Pod p: status.podIP: expected string, got an array: left out'], 1],
];

describe('JSON-shaped inputs', () => {
  it('tells JSON lines from the rest, line by line', () => {
    expect(['  "a": [1, -2.5e3, true, null],', '{', '  }, {', '  name: "x",', '  ...', '"cut off at the end', '  "Addresses": {...'].map(jsonLineKind))
      .toEqual(['json', 'json', 'json', 'json', 'elision', 'json', 'json']);
    expect(['Here is the file:', '  oops, a typo', '"a": b', '# a comment', '// another'].map(jsonLineKind)).toEqual(['other', 'other', 'other', 'comment', 'comment']);
  });

  it.each(WRONG.map((w, i) => [`${w[0]} #${i}`, ...w] as const))('%s: names what does not fit and reads the rest', (_name, kind, text, named, records) => {
    const got = parseAs(kind, text);
    const said = got.warnings.map((w) => `${w.line}: ${w.message}`);
    for (const n of named) expect(said.some((x) => x.includes(n)), `${n}\n in ${said.join('\n')}`).toBe(true);
    expect(got.records.length).toBe(records);
  });

  it.each(WRONG.map((w, i) => [`${w[0]} #${i}`, ...w] as const))('%s: the pipeline builds a model and traces through it', (_name, kind, text) => {
    const { snapshot } = runPipeline([{ path: `bad-${kind}.json`, node: 'n1', text }]);
    expect(snapshot.inputs.some((i) => i.kind === kind)).toBe(true);
    expect(() => trace(snapshot, { from: '10.0.0.5', to: '10.0.0.9', proto: 'tcp', port: 80 })).not.toThrow();
  });
});
