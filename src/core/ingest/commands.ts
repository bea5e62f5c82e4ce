/**
 * What a command line tells about the output under it: which parser reads it, which iptables table it shows,
 * and whether it ran inside a pod's network namespace (`nsenter -t PID -n …`, `ip netns exec NAME …`).
 */
import { kindOfCommand } from '../parsers/registry.ts';

export interface CommandFacts {
  /** The command whose output follows: without prompt, `sudo`, the namespace wrapper, and the commands before it in `a && b; c`. */
  command: string;
  /** `docker exec NODE …` on a kind node: the node the command ran on. */
  host?: string;
  parser?: string;
  table?: string;
  /**
   * Run inside a pod's network namespace: `nsenter -t PID -n`, `ip netns exec NAME`, `kubectl exec POD -- …` (name
   * `ns/pod`), `docker exec ID …` / a prompt whose host is a container id (name: the id).
   */
  podView?: { via: 'nsenter'; pid: number } | { via: 'netns' | 'exec' | 'container'; name: string };
  /** `ip netns pids NAME`: the namespace the PIDs belong to. */
  netnsArg?: string;
  /** `docker inspect … ID` → pid output. */
  inspectContainer?: string;
  /** Output of this command is not read by any parser (`ls`, `apt`, `kubectl apply` …). */
  ignored?: boolean;
  /** The pipeline stage whose output this is: the first when the rest pass it on (`iptables-save | grep X`), else the last. */
  printer?: string;
  /** The output is filtered (`| grep`, `| head`, `| awk` …): a part of the view, not all of it. */
  partial?: boolean;
  /** The commands run before it on the same line (`apt update && apt install net-tools -y && route -n`): their output comes first. */
  before?: string[];
  /** `kubectl exec -it POD -- sh`, `docker exec -it ID bash`: a shell inside a pod; the commands typed next run there. */
  shellIn?: NonNullable<CommandFacts['podView']>;
  /** `cat <<EOF | kubectl apply -f -`: the heredoc's delimiter (its lines are input, not output). */
  heredoc?: { word: string; stripTabs: boolean };
}

const WRAPPERS: [RegExp, (m: RegExpExecArray) => CommandFacts['podView']][] = [
  [/^nsenter\s+(?:.*?\s)?-t\s*(\d+)\s+(?:.*?\s)?-n\s+(?:--\s+)?/, (m) => ({ via: 'nsenter', pid: Number(m[1]) })],
  [/^nsenter\s+(?:.*?\s)?--target[= ](\d+)\s+(?:.*?\s)?--net\s+(?:--\s+)?/, (m) => ({ via: 'nsenter', pid: Number(m[1]) })],
  [/^ip\s+netns\s+exec\s+(\S+)\s+/, (m) => ({ via: 'netns', name: m[1] as string })],
  [/^ip\s+-n\s+(\S+)\s+(?=\S)/, (m) => ({ via: 'netns', name: m[1] as string })],
];

/** Commands whose output no parser reads. */
const IGNORED = /^(ls|cd|echo|apt|apt-get|yum|dnf|curl|wget|ssh|exit|clear|watch|kubectl\s+(apply|create|delete|label|annotate|run|expose|exec|scale|edit|patch|config|ssh-jump|cp|port-forward)|k\s+(apply|create|delete|label|annotate|run|expose|exec|scale|edit|patch)|az\s+(group|network|aks\s+(create|get-credentials|nodepool|delete|update))|ps\b|systemctl|journalctl|docker\s+(inspect|exec|logs|run)|crictl\s+(inspect|exec|logs)|ip\s+netns\s+identify|for\b|sleep\b|export\b|helm\b|git\b|wg\s+show|calicoctl|birdc|gobgp|ipvsadm|conntrack|ifconfig|ovs-|kubectl-\S+|cilium\b|modprobe|lsmod|mkdir|touch|rm|mv|cp|chmod|chown|vi|vim|nano|tee\s|source|\.\s|wc\b)/;

/** Splits at `sep` outside quotes, `$( … )` and `( … )`. `&&`, `||` and `;` for a list; `|` (not `||`) for a pipeline. */
function splitShell(cmd: string, sep: 'list' | 'pipe'): string[] {
  const out: string[] = [];
  let quote = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i] as string;
    if (quote) { if (c === '\\' && quote === '"') i++; else if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') { quote = c; continue; }
    if (c === '\\') { i++; continue; }
    if (c === '(') { depth++; continue; }
    if (c === ')') { depth = Math.max(0, depth - 1); continue; }
    if (depth) continue;
    const two = cmd.slice(i, i + 2);
    if (sep === 'list' && (two === '&&' || two === '||' || (c === ';' && cmd[i + 1] !== ';'))) {
      out.push(cmd.slice(start, i).trim());
      i += c === ';' ? 0 : 1;
      start = i + 1;
    } else if (sep === 'pipe' && c === '|' && cmd[i + 1] !== '|' && cmd[i - 1] !== '|') {
      out.push(cmd.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(cmd.slice(start).trim());
  return out.filter(Boolean);
}

/** Pipeline stages that pass the producer's output on: the output is still the producer's (filtered, reordered, paged). */
const PASS_ON = /^(sudo\s+)?(grep|egrep|fgrep|rg|ag|head|tail|awk|gawk|sed|cut|sort|uniq|column|less|more|cat|tee|jq|yq|tr|nl|fold|expand|bat)\b/;
/** Of those, the ones that keep only part of it. */
const KEEPS_PART = /^(sudo\s+)?(grep|egrep|fgrep|rg|ag|head|tail|awk|gawk|sed|cut|jq|yq|uniq)\b/;
const SHELL = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|zsh|dash)$/;

/** `kubectl exec [-it] [-n NS] POD [-c C] -- CMD…` and `docker|crictl exec [-it] ID CMD…`: the pod or container, and the command run in it. */
function execIn(cmd: string): { view: NonNullable<CommandFacts['podView']>; rest: string; node?: string } | null {
  const k = /^(?:kubectl|k|oc)\s+exec\s+(.+?)\s+--\s+(.+)$/.exec(cmd);
  if (k) {
    const args = (k[1] as string).split(/\s+/);
    let ns = 'default';
    let pod: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-n' || a === '--namespace') { ns = args[++i] ?? ns; continue; }
      if (a.startsWith('--namespace=')) { ns = a.slice(12); continue; }
      if (a === '-c' || a === '--container') { i++; continue; }
      if (a.startsWith('-')) continue;
      pod ??= a.replace(/^(pod|pods)\//, '');
    }
    return pod ? { view: { via: 'exec', name: `${ns}/${pod}` }, rest: (k[2] as string).trim() } : null;
  }
  const d = /^(?:docker|crictl|nerdctl)\s+exec\s+(?:-\S+\s+)*([\w.-]+)\s+(.+)$/.exec(cmd);
  if (!d) return null;
  const id = d[1] as string;
  // a kind node is a container named after the node: commands there run on the node; an id is a pod's container
  if (!CONTAINER_ID.test(id)) return { view: { via: 'container', name: id }, rest: (d[2] as string).trim(), node: id };
  return { view: { via: 'container', name: id }, rest: (d[2] as string).trim() };
}

/** A container id as docker prints it (12 hex digits, or the full 64): also the host name a shell in that container shows. */
export const CONTAINER_ID = /^[0-9a-f]{12}$|^[0-9a-f]{64}$/;

export function commandFacts(line: string): CommandFacts {
  const whole = line.trim().replace(/^sudo\s+(-\S+\s+)*/, '');
  // `a && b; c`: the output below is the last command's (the ones before printed theirs first); a loop is one command
  const list = /^(for|while|until|if)\b/.test(whole) ? [whole] : splitShell(whole, 'list');
  let cmd = (list[list.length - 1] ?? whole).replace(/^sudo\s+(-\S+\s+)*/, '');
  const before = list.slice(0, -1);
  // `docker exec NODE CMD` (kind nodes are containers), `kubectl exec POD -- CMD`, `sh -c 'CMD'`, an alias in front of a known command
  let host: string | undefined;
  let podView: CommandFacts['podView'];
  let shellIn: CommandFacts['shellIn'];
  const exec = execIn(cmd);
  if (exec) {
    if (exec.node) host = exec.node;
    else podView = exec.view;
    if (SHELL.test(exec.rest.replace(/^(-\S+\s+)*/, '').split(/\s+/)[0] ?? '') && !/\s-c\s/.test(exec.rest)) shellIn = exec.view;
    cmd = exec.rest;
  }
  const shc = /^(?:ba)?sh\s+-c\s+(['"])(.*)\1\s*$/.exec(cmd);
  if (shc) cmd = (shc[2] as string).trim();
  const alias = /^(frr|vtysh|node)\s+(.+)$/.exec(cmd);
  if (alias && looksLikeCommand(alias[2] as string)) cmd = (alias[2] as string).trim();
  for (const [re, mk] of WRAPPERS) {
    const m = re.exec(cmd);
    if (m) { podView = mk(m); cmd = cmd.slice(m[0].length).replace(/^sudo\s+/, ''); break; }
  }
  const facts: CommandFacts = { command: cmd };
  if (podView) facts.podView = podView;
  if (host) facts.host = host;
  if (before.length) facts.before = before;
  const here = /<<(-?)\s*(['"]?)([\w.-]+)\2/.exec(cmd);
  if (here) facts.heredoc = { word: here[3] as string, stripTabs: here[1] === '-' };
  if (shellIn && !here) { facts.shellIn = shellIn; facts.ignored = true; return facts; }
  // a pipeline's output is its producer's when the stages after it pass it on (`iptables-save | grep X`), else the last stage's
  const stages = splitShell(cmd, 'pipe');
  const passOn = stages.slice(1).every((x) => PASS_ON.test(x));
  const producer = (passOn ? stages[0] : stages[stages.length - 1]) ?? cmd;
  if (stages.length > 1) facts.printer = producer;
  if (stages.slice(1).some((x) => KEEPS_PART.test(x)) && passOn) facts.partial = true;
  // `cat X | grep Y`: the file decides; `kubectl apply -f - <<EOF`: the last stage
  const kind = kindOfCommand(producer) ?? (passOn ? kindOfCommand(cmd) : undefined);
  if (kind) facts.parser = kind.parser.info.id;
  const t = /\s-t\s*(nat|filter|mangle|raw|security)\b|--table[= ](nat|filter|mangle|raw|security)\b/.exec(producer);
  if (t) facts.table = (t[1] ?? t[2]) as string;
  const pids = /^ip\s+netns\s+pids\s+(\S+)/.exec(producer);
  if (pids) facts.netnsArg = pids[1] as string;
  const inspect = /^docker\s+inspect\b.*\s([0-9a-f]{12,64})\b/.exec(producer);
  if (inspect) facts.inspectContainer = inspect[1] as string;
  if (!facts.parser && (IGNORED.test(producer) || (!passOn && IGNORED.test(cmd)))) facts.ignored = true;
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
