import { describe, expect, it } from 'vitest';
import { azNetworkProfileKind, parse } from './az-network-profile.ts';

describe('az aks show --query networkProfile: the key it is printed under', () => {
  it('is a layout line of the kind (where the record\'s object starts), wherever it stands in the paste', () => {
    const text = ['10.244.0.1 dev eth0 lladdr 26:01:8f:e8:59:e6 REACHABLE', '  "networkProfile": {', '    "networkPlugin": "azure",', '    "podCidr": null']
      .join('\n');
    const r = parse(text);
    expect(r.records).toEqual([{ networkPlugin: 'azure', podCidr: null }]);
    expect(azNetworkProfileKind.layoutLines?.test('  "networkProfile": {')).toBe(true);
    expect(azNetworkProfileKind.layoutLines?.test('  "networkProfile": { "x": 1')).toBe(false);
  });
});
