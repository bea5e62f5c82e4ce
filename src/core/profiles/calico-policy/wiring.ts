/**
 * Calico's standard wiring, for captures that show its workload chains but not the built-in chain that enters them
 * (seed 001 is `iptables-save | grep <interface>`: the Calico workload chains without FORWARD). The rules are
 * Calico's documented entry points, built as real rules and labelled as assumed.
 */
import type { Host, IptChain } from '../../model/types.ts';
import type { WiringProvider } from '../../netfilter/hooks.ts';
import { chainFromLines } from '../rules.ts';

const ASSUMED = { input: '(assumed: Calico standard wiring)', line: 0 };

/** `cali-from-wl-dispatch` itself, or its per-letter sub-chains (`cali-from-wl-dispatch-d` for `calid…`). */
function dispatchRules(host: Host, root: 'cali-from-wl-dispatch' | 'cali-to-wl-dispatch', flag: '-i' | '-o'): string[] {
  const chains = host.iptables.filter?.chains ?? new Map<string, IptChain>();
  if (chains.has(root)) return [`-A FORWARD ${flag} cali+ -j ${root}`];
  return [...chains.keys()]
    .filter((c) => c.startsWith(`${root}-`))
    .map((c) => `-A FORWARD ${flag} cali${c.slice(root.length + 1)}+ -j ${c}`);
}

export const calicoWiring: WiringProvider = (host, table, chain) => {
  if (table !== 'filter' || chain !== 'FORWARD') return null;
  if (host.iptables.filter?.chains.has('cali-FORWARD')) {
    return { chain: chainFromLines('FORWARD', ['-A FORWARD -j cali-FORWARD'], ASSUMED), note: `filter FORWARD of ${host.name} is not in the capture: assumed Calico's "-A FORWARD -j cali-FORWARD"` };
  }
  const lines = [...dispatchRules(host, 'cali-from-wl-dispatch', '-i'), ...dispatchRules(host, 'cali-to-wl-dispatch', '-o')];
  if (!lines.length) return null;
  lines.push('-A FORWARD -m mark --mark 0x10000/0x10000 -j ACCEPT');
  return {
    chain: chainFromLines('FORWARD', lines, ASSUMED),
    note: `filter FORWARD and cali-FORWARD of ${host.name} are not in the capture: assumed Calico's wiring (workload dispatch chains, then ACCEPT on mark 0x10000)`,
  };
};
