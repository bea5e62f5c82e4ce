import { describe, expect, it } from 'vitest';
import { parserById } from '../registry.ts';
import type { Parser } from './types.ts';

const parse = (kind: string, text: string) => (parserById(kind) as Parser).parse(text);

describe('JSON/YAML parsers name every line of what they do not read (issue 17)', () => {
  it('a NetworkPolicy whose lines were shuffled: the whole document, lines 1–6, in one warning', () => {
    const yaml = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', '        matchLabels:', 'metadata:', '  name: web', 'spec:'].join('\n');
    const r = parse('kubectl-objects', yaml);
    expect(r.records).toEqual([]);
    expect(r.warnings.find((w) => /YAML did not parse/.test(w.message))).toMatchObject({ line: 1, to: 6 });
  });
  it('a YAML document the parser gives up on half-way: named to its end, where the next document starts', () => {
    const yaml = ['kind: NetworkPolicy', 'metadata:', '  name: a', '    - namespaceSelector:', 'spec:', '  podSelector: {}', '  ingress:', '  - from: []',
      '---', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: web'].join('\n');
    const r = parse('kubectl-objects', yaml);
    expect(r.warnings.find((w) => /YAML did not parse/.test(w.message))).toMatchObject({ line: 1, to: 8 });
    expect(r.records).toHaveLength(1);
  });
  it('a list item without a kind is named on every line it spans; a counter line above YAML does not make it JSON', () => {
    const yaml = ['apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Namespace', '  metadata:', '    name: a', '- apiVersion: v1', '  metadata:',
      '    name: b'].join('\n');
    const r = parse('kubectl-objects', yaml);
    expect(r.records).toHaveLength(1);
    expect(r.warnings).toEqual([expect.objectContaining({ line: 8, to: 10, message: expect.stringContaining('without a kind') })]);
    const mixed = parse('kubectl-objects', ['[1:84] -A KUBE-POSTROUTING -j RETURN', 'kind: NetworkPolicy', 'metadata:', '  name: x'].join('\n'));
    expect(mixed.warnings.find((w) => /YAML did not parse/.test(w.message))).toMatchObject({ line: 1, to: 4 });
  });
  it('a plugin taken out whose brackets close early (a key cut off with a bracket in it): named to the line before the next', () => {
    const conf = ['{', '  "name": "azure",', '  "plugins": [', '    {', '      "mode": "transparent",', '      "runtimeConfig[: {', '        "dns": {}',
      '      },', '      "windowsSettings": {}', '    },', '    {', '      "type": "portmap"', '    }', '  ]', '}'].join('\n');
    const r = parse('cni-conflist', conf);
    expect(r.warnings.find((w) => /plugins\.0/.test(w.message))).toMatchObject({ line: 4, to: 10 });
  });
  it('a conflist field of the wrong type: the lines of the value taken out are named with it', () => {
    const json = ['{', '  "cniVersion": {', '    "an": "object"', '  },', '  "name": "azure",', '  "plugins": [ { "type": "azure-vnet" } ]', '}'].join('\n');
    const r = parse('cni-conflist', json);
    expect(r.warnings.find((w) => /cniVersion/.test(w.message))).toMatchObject({ line: 2, to: 4 });
  });
  it('a plugin whose required type is null: the whole plugin, from its brace to its brace, in the warning', () => {
    const json = ['{', '  "plugins": [', '    {', '      "type": null,', '      "mode": "transparent",', '      "ipsToRouteViaHost": [',
      '        "169.254.20.10"', '      ]', '    },', '    { "type": "portmap" }', '  ]', '}'].join('\n');
    const r = parse('cni-conflist', json);
    expect(r.warnings.find((w) => /plugins\.0\.type/.test(w.message))).toMatchObject({ line: 3, to: 9 });
    expect((r.records[0] as { plugins: unknown[] }).plugins).toEqual([{ type: 'portmap' }]);
  });
  it('a null item of the plugin list is found as the item it is', () => {
    const json = ['{', '  "plugins": [', '    null,', '    {', '      "type": "portmap"', '    }', '  ]', '}'].join('\n');
    const w = parse('cni-conflist', json).warnings.find((x) => /plugins\.0/.test(x.message));
    expect([w?.line, w?.to ?? w?.line]).toEqual([3, 3]);
  });
  it("a conflist's own fields beyond name, version and plugins are kept as written", () => {
    const r = parse('cni-conflist', '{ "name": "k8s", "disableCheck": true, "plugins": [ { "type": "bridge" } ] }');
    expect(r.records[0]).toMatchObject({ name: 'k8s', disableCheck: true });
  });
  it('an ip -j item that is no link, route, neighbour or rule: every line of it, nested ones included', () => {
    const json = ['[', '  {', '    "priority": "a string",', '    "src": "all",', '    "fwmark": "0x200"', '  },', '  [', '    "x",', '    null', '  ],',
      '  { "priority": 0, "src": "all", "table": "local" }', ']'].join('\n');
    const r = parse('ip-json', json);
    expect(r.records).toHaveLength(1);
    expect(r.warnings.map((w) => [w.line, w.to])).toEqual([[2, 6], [7, 10]]);
  });
  it('JSON that is not a CNI configuration: every line of it', () => {
    const r = parse('cni-conflist', ['[', '  "cbr0",', '  "flannel"', ']'].join('\n'));
    expect(r.records).toEqual([]);
    expect(r.warnings[0]).toMatchObject({ line: 1, to: 4 });
  });
});
