/**
 * What a command line tells about the output under it: which parser reads it, which iptables table it shows,
 * and whether it ran inside a pod's network namespace (`nsenter -t PID -n …`, `ip netns exec NAME …`).
 */
import { kindOfCommand } from '../parsers/registry.ts';

export interface CommandFacts {
  /** The command without prompt, `sudo`, and the namespace wrapper. */
  command: string;
  /** `docker exec NODE …` on a kind node: the node the command ran on. */
  host?: string;
  parser?: string;
  table?: string;
  podView?: { via: 'nsenter'; pid: number } | { via: 'netns'; name: string };
  /** `ip netns pids NAME`: the namespace the PIDs belong to. */
  netnsArg?: string;
  /** `docker inspect … ID` → pid output. */
  inspectContainer?: string;
  /** Output of this command is not read by any parser (`ls`, `apt`, `kubectl apply` …). */
  ignored?: boolean;
}

const WRAPPERS: [RegExp, (m: RegExpExecArray) => CommandFacts['podView']][] = [
  [/^nsenter\s+(?:.*?\s)?-t\s*(\d+)\s+(?:.*?\s)?-n\s+(?:--\s+)?/, (m) => ({ via: 'nsenter', pid: Number(m[1]) })],
  [/^nsenter\s+(?:.*?\s)?--target[= ](\d+)\s+(?:.*?\s)?--net\s+(?:--\s+)?/, (m) => ({ via: 'nsenter', pid: Number(m[1]) })],
  [/^ip\s+netns\s+exec\s+(\S+)\s+/, (m) => ({ via: 'netns', name: m[1] as string })],
  [/^ip\s+-n\s+(\S+)\s+(?=\S)/, (m) => ({ via: 'netns', name: m[1] as string })],
];

/** Commands whose output no parser reads. */
const IGNORED = /^(ls|cd|echo|apt|apt-get|yum|dnf|curl|wget|ssh|exit|clear|watch|kubectl\s+(apply|create|delete|label|annotate|run|expose|exec|scale|edit|patch|config|ssh-jump|cp|port-forward)|k\s+(apply|create|delete|label|annotate|run|expose|exec|scale|edit|patch)|az\s+(group|network|aks\s+(create|get-credentials|nodepool|delete|update))|ps\b|systemctl|journalctl|docker\s+(inspect|exec|logs|run)|crictl\s+(inspect|exec|logs)|ip\s+netns\s+identify|for\b|sleep\b|export\b|helm\b|git\b|wg\s+show|calicoctl|birdc|gobgp|ipvsadm|conntrack|ifconfig|ovs-|kubectl-\S+|cilium\b)/;

export function commandFacts(line: string): CommandFacts {
  let cmd = line.trim().replace(/^sudo\s+(-\S+\s+)*/, '');
  // `docker exec [-it] NODE CMD` (kind nodes are containers), `sh -c 'CMD'`, an alias in front of a known command
  let host: string | undefined;
  const dexec = /^docker\s+exec\s+(?:-\S+\s+)*([\w.-]+)\s+(.+)$/.exec(cmd);
  if (dexec) { host = dexec[1]; cmd = (dexec[2] as string).trim(); }
  const shc = /^(?:ba)?sh\s+-c\s+(['"])(.*)\1\s*$/.exec(cmd);
  if (shc) cmd = (shc[2] as string).trim();
  const alias = /^(frr|vtysh|node)\s+(.+)$/.exec(cmd);
  if (alias && looksLikeCommand(alias[2] as string)) cmd = (alias[2] as string).trim();
  let podView: CommandFacts['podView'];
  for (const [re, mk] of WRAPPERS) {
    const m = re.exec(cmd);
    if (m) { podView = mk(m); cmd = cmd.slice(m[0].length).replace(/^sudo\s+/, ''); break; }
  }
  const facts: CommandFacts = { command: cmd };
  if (podView) facts.podView = podView;
  if (host) facts.host = host;
  const main = cmd.split('|')[0]?.trim() ?? cmd;
  // `cat X | grep Y`: the file decides; `iptables-save | grep X`: the first command decides
  const kind = kindOfCommand(main) ?? kindOfCommand(cmd);
  if (kind) facts.parser = kind.parser.info.id;
  const t = /\s-t\s*(nat|filter|mangle|raw|security)\b|--table[= ](nat|filter|mangle|raw|security)\b/.exec(main);
  if (t) facts.table = (t[1] ?? t[2]) as string;
  const pids = /^ip\s+netns\s+pids\s+(\S+)/.exec(main);
  if (pids) facts.netnsArg = pids[1] as string;
  const inspect = /^docker\s+inspect\b.*\s([0-9a-f]{12,64})\b/.exec(main);
  if (inspect) facts.inspectContainer = inspect[1] as string;
  if (!facts.parser && IGNORED.test(cmd)) facts.ignored = true;
  return facts;
}

/** Words a bare command line (no prompt) starts with: a line starting so is taken as a command. */
export const COMMAND_WORDS = /^(sudo\s+)?(kubectl|k|ip|route|brctl|bridge|ip6?tables(-legacy|-nft)?(-save)?|ipset|ips|cat|nsenter|docker|crictl|az|netstat|tcpdump|arp|ifconfig|conntrack|ipvsadm|calicoctl|ls|ps|apt|apt-get|curl|wget|ssh|kubectl-\S+|watch|jq|sysctl|diff|wg|birdc|gobgp|ipv|ipt|d)(\s|$)/;

/** Does `line` (without prompt) read like a command rather than output that happens to start with such a word? */
export function looksLikeCommand(line: string): boolean {
  const t = line.trim();
  if (!COMMAND_WORDS.test(t)) return false;
  // `route -n`, `ip addr`, `kubectl get …`: a command word followed by flags, a subcommand or a path
  const ipLike = /^(sudo\s+)?(ip|bridge)\s/.exec(t);
  if (ipLike) return /^(sudo\s+)?(ip|bridge)\s+(-\S+\s+)*(a|ad|addr|address|l|link|r|ro|route|n|neigh|neighbor|neighbour|ru|rule|netns|fdb|monitor|maddr|tunnel|xfrm|mroute|nexthop|vrf)\b/.test(t);
  if (/^(sudo\s+)?(k|d|ipv|ipt|ips)\s/.test(t) && !/^(sudo\s+)?(k|d|ipv|ipt|ips)\s+(-|get|describe|apply|label|exec|logs|run|delete|create|expose|\w+-)/.test(t)) return false;
  return !/^\S+\s+\d+\s+\d+\s/.test(t);
}
