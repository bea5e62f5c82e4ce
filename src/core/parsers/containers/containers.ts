/**
 * Container runtimes' lists: `docker ps [-a]` and `crictl pods` / `crictl ps`.
 *
 * Accepts: with or without the header (`docker ps | grep nginx`), names hard-wrapped onto the next line
 * (seed 001), Kubernetes container names `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>` decoded.
 *
 * Output: { runtime: "docker", containerId, image, command, created, status, ports, names, k8s: { container, pod,
 * namespace, uid, attempt } } and { runtime: "crictl", podId, created, state, name, namespace, attempt, runtime }.
 *
 * Example:
 *   8bdb2bd78165  nginx  "/docker-entrypoint.…"  26 minutes ago  Up 26 minutes  k8s_nginx_nginx-7cf567cc7-5pvnj_default_5689…_0
 *   → { runtime: "docker", containerId: "8bdb2bd78165", k8s: { container: "nginx", pod: "nginx-7cf567cc7-5pvnj", namespace: "default", … } }
 */
import { CAPITALS_HEADER, defineKind } from '../common/kind.ts';
import { convertContainers } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export interface K8sContainerName { container: string; pod: string; namespace: string; uid: string; attempt: number }
export type ContainerRecord =
  | { runtime: 'docker'; containerId: string; image: string; command: string; created: string; status: string; ports: string; names: string; k8s?: K8sContainerName }
  | { runtime: 'crictl'; podId: string; created: string; state: string; name: string; namespace: string; attempt: number; runtimeHandler?: string };

const DOCKER_HEADER = /^\s*CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\s*$/;
const DOCKER_ROW = /^([0-9a-f]{12})\s+(\S+)\s+("[^"]*"|\S+)\s+(.+? ago|About an? \S+ ago)\s+(Up .+?|Exited \(\d+\) .+? ago|Created|Restarting .+?)(?:\s{2,}(\S*?))?\s+(\S+)\s*$/;
const CRICTL_HEADER = /^\s*POD ID\s+CREATED\s+STATE\s+NAME\s+NAMESPACE\s+ATTEMPT/;
const CRICTL_ROW = /^([0-9a-f]{13})\s+(.+? ago)\s+(Ready|NotReady)\s+(\S+)\s+(\S+)\s+(\d+)(?:\s+(\S+))?\s*$/;

export function decodeK8sName(names: string): K8sContainerName | undefined {
  const m = /^k8s_([^_]+)_([^_]+)_([^_]+)_([^_]+)_(\d+)$/.exec(names);
  if (!m) return undefined;
  return { container: m[1] as string, pod: m[2] as string, namespace: m[3] as string, uid: m[4] as string, attempt: Number(m[5]) };
}

function parseText(text: string) {
  const out = new Collector<ContainerRecord>();
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.replace(/\s+$/, '');
    if (!t.trim()) continue;
    if (DOCKER_HEADER.test(t) || CRICTL_HEADER.test(t)) continue;
    const d = DOCKER_ROW.exec(t.trim());
    if (d) {
      const rec: ContainerRecord = { runtime: 'docker', containerId: d[1] as string, image: d[2] as string, command: d[3] as string,
        created: d[4] as string, status: (d[5] as string).trim(), ports: d[6] ?? '', names: d[7] as string };
      const k8s = decodeK8sName(rec.names);
      if (k8s) rec.k8s = k8s;
      out.add(rec);
      continue;
    }
    const c = CRICTL_ROW.exec(t.trim());
    if (c) {
      out.add({ runtime: 'crictl', podId: c[1] as string, created: c[2] as string, state: c[3] as string, name: c[4] as string,
        namespace: c[5] as string, attempt: Number(c[6]), ...(c[7] ? { runtimeHandler: c[7] } : {}) });
      continue;
    }
    // a name hard-wrapped by a blog: `…-nginx-ingress-controll` / `er_addon-…_0`
    const last = out.records[out.records.length - 1];
    if (last?.runtime === 'docker' && /^[\w.-]+$/.test(t.trim()) && !decodeK8sName(last.names)) {
      last.names += t.trim();
      const k8s = decodeK8sName(last.names);
      if (k8s) last.k8s = k8s;
      // read, but as part of a name no word of this line is: the user is told the name was joined (and can check it)
      out.warn(line.no, 'ignored', 'the NAMES cell of the row above, hard-wrapped onto this line: joined to it');
      continue;
    }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', 'not a docker ps / crictl pods row');
  }
  return out.result();
}

export const info = {
  id: 'containers',
  title: 'docker ps / crictl pods',
  family: 'other' as const,
  commands: ['docker ps', 'docker ps -a', 'docker ps | grep X', 'crictl pods', 'crictl pods NAME'],
  origins: ['seeds 001 002 004'],
};

export function detect(text: string): number {
  const h = head(text);
  if (DOCKER_HEADER.test(h.split('\n')[0] ?? '') || /CONTAINER ID\s+IMAGE\s+COMMAND/.test(h)) return 1;
  if (/POD ID\s+CREATED\s+STATE\s+NAME\s+NAMESPACE/.test(h)) return 1;
  const lines = h.split('\n').filter((l) => l.trim());
  const rows = lines.filter((l) => DOCKER_ROW.test(l.trim()) || CRICTL_ROW.test(l.trim())).length;
  return rows ? Math.min(1, 0.4 + rows / lines.length) : 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const containersParser: Parser<ContainerRecord> = { info, detect, parse };

export const containersKind = defineKind<ContainerRecord>({
  parser: containersParser, convert: convertContainers, scope: 'node', layoutLines: CAPITALS_HEADER,
  commandLines: [/^(docker|crictl|nerdctl)\s+(ps|pods)\b/],
});
