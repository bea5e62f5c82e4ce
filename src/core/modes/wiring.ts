/**
 * Standard wiring of a mode's chains, for captures that show a mode's own chains but not the built-in chain
 * that enters them (seed 001 is `iptables-save | grep <interface>`: the Calico workload chains without
 * FORWARD). The rules are Calico's documented entry points, built as real rules and labelled as assumed.
 */
import type { Host, IptChain, IptRule } from '../model/types.ts';
import { parseRuleLine } from '../parsers/common/iptables-rule.ts';
import type { WiringProvider } from '../netfilter/hooks.ts';

const ASSUMED = { input: '(assumed: Calico standard wiring)', line: 0 };
const KUBE_PROXY = { input: "(assumed: kube-proxy's standard rules)", line: 0 };

function chainFromLines(name: string, lines: string[], source = ASSUMED, builtin = true): IptChain {
  const rules: IptRule[] = [];
  for (const line of lines) {
    const parsed = parseRuleLine(line);
    if (!parsed) continue;
    const r = parsed.rule;
    rules.push({ index: rules.length + 1, matches: r.matches, ...(r.target ? { target: r.target } : {}), text: r.text, source });
  }
  return { name, builtin, ...(builtin ? { policy: 'ACCEPT' } : {}), rules, source };
}

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
    return { chain: chainFromLines('FORWARD', ['-A FORWARD -j cali-FORWARD']), note: `filter FORWARD of ${host.name} is not in the capture: assumed Calico's "-A FORWARD -j cali-FORWARD"` };
  }
  const lines = [...dispatchRules(host, 'cali-from-wl-dispatch', '-i'), ...dispatchRules(host, 'cali-to-wl-dispatch', '-o')];
  if (!lines.length) return null;
  lines.push('-A FORWARD -m mark --mark 0x10000/0x10000 -j ACCEPT');
  return {
    chain: chainFromLines('FORWARD', lines),
    note: `filter FORWARD and cali-FORWARD of ${host.name} are not in the capture: assumed Calico's wiring (workload dispatch chains, then ACCEPT on mark 0x10000)`,
  };
};

/**
 * kube-proxy (iptables mode) writes these two chains the same way on every node since Kubernetes 1.20; a
 * capture of one chain (`iptables -t nat -nL POSTROUTING`, seed 002) shows the jump but not their rules.
 */
const KUBE_PROXY_CHAINS: Record<string, string[]> = {
  'nat/KUBE-POSTROUTING': [
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  ],
  'nat/KUBE-MARK-MASQ': ['-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000'],
};

export function kubeProxyStandardChain(table: string, chain: string): { chain: IptChain; note: string } | null {
  const lines = KUBE_PROXY_CHAINS[`${table}/${chain}`];
  if (!lines) return null;
  return { chain: chainFromLines(chain, lines, KUBE_PROXY, false), note: `${table} ${chain} is not in the capture: assumed kube-proxy's standard rules` };
}
