/**
 * kube-proxy is not a network mode, but every mode runs it: its chains are what a what-if keeps from the evidence,
 * and two of them are written the same way on every node, so a capture of one chain can lean on them.
 */
import type { IptChain } from '../model/types.ts';
import type { ChainFamily } from './types.ts';
import { chainFromLines } from './rules.ts';

const KUBE_PROXY = { input: "(assumed: kube-proxy's standard rules)", line: 0 };

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

/** kube-proxy's chains and its jumps from the built-in chains: kept as they are when a what-if swaps the mode. */
export const kubeProxyChains: ChainFamily = {
  chain: (_table, name) => name.startsWith('KUBE-'),
  rule: (_t, _c, r) => / -j KUBE-/.test(r.text),
};
