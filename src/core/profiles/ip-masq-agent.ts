/**
 * ip-masq-agent, which AKS runs with Azure CNI (and Overlay): nat POSTROUTING sends every non-LOCAL destination to
 * IP-MASQ-AGENT, which RETURNs for its nonMasqueradeCIDRs (the VNet, Overlay's pod CIDR) and MASQUERADEs the rest.
 */
import type { ChainFamily } from './types.ts';

export const IP_MASQ_AGENT = 'IP-MASQ-AGENT';

export const ipMasqAgentChains: ChainFamily = {
  chain: (table, name) => table === 'nat' && name === IP_MASQ_AGENT,
  rule: (_t, _c, r) => r.text.includes(`-j ${IP_MASQ_AGENT}`),
};

/** The chain's rules and the POSTROUTING jump, as ip-masq-agent writes them. */
export function ipMasqAgentLines(nonMasquerade: string[]): { postrouting: string; chain: string[] } {
  const local = '-m comment --comment "ip-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN';
  return {
    postrouting: `-A POSTROUTING -m comment --comment "ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom ${IP_MASQ_AGENT} chain" -m addrtype ! --dst-type LOCAL -j ${IP_MASQ_AGENT}`,
    chain: [
      ...nonMasquerade.map((c) => `-A ${IP_MASQ_AGENT} -d ${c} ${local}`),
      `-A ${IP_MASQ_AGENT} -m comment --comment "ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)" -j MASQUERADE`,
    ],
  };
}
