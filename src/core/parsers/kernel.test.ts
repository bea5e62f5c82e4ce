/**
 * Text parses against the kernel's own answer. `scripts/capture-kernel-fixtures.sh` built real topologies in
 * network namespaces and saved each text output beside the kernel's JSON (`ip -j …`, `bridge -j …`) or counters
 * (`iptables-save -c`); here the text parse must equal the kernel, field by field of the DESIGN.md contract.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAs } from '../ingest/ingest.ts';
import { parse as parseSave, type IptablesRecord } from './iptables-save/iptables-save.ts';
import type { IptablesListRecord } from './iptables-list/iptables-list.ts';

const root = new URL('.', import.meta.url).pathname;
type Obj = Record<string, unknown>;

function twins(kind: string): { name: string; text: string; kernel: Obj[] }[] {
  const dir = join(root, kind, 'fixtures');
  return readdirSync(dir).filter((f) => f.endsWith('.kernel.json')).sort().map((f) => ({
    name: f.replace('.kernel.json', ''),
    text: readFileSync(join(dir, f.replace('.kernel.json', '.txt')), 'utf8'),
    kernel: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Obj[],
  }));
}

const pick = (o: Obj, keys: string[]): Obj => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

const LINK_KEYS = ['ifindex', 'ifname', 'link', 'link_index', 'flags', 'mtu', 'qdisc', 'master', 'operstate', 'group', 'txqlen', 'link_type', 'address', 'broadcast', 'altnames'];
const ADDR_KEYS = ['family', 'local', 'address', 'prefixlen', 'broadcast', 'scope', 'label', 'metric', 'valid_life_time', 'preferred_life_time'];
const linkView = (l: Obj): Obj => ({
  ...pick(l, LINK_KEYS),
  // text names the peer's netns when it has a name (`link-netns pp-x`), JSON gives its id: both say "another netns"
  peerInOtherNetns: l.link_netnsid !== undefined || l.link_netns !== undefined,
  kind: (l.linkinfo as Obj | undefined)?.info_kind,
  slave: (l.linkinfo as Obj | undefined)?.info_slave_kind,
  addr_info: ((l.addr_info as Obj[] | undefined) ?? []).map((a) => pick(a, ADDR_KEYS)),
});

describe('ip addr / ip -d link text equals ip -j', () => {
  it.each(twins('ip-addr'))('$name', ({ text, kernel }) => {
    const parsed = parseAs('ip-addr', text);
    expect(parsed.warnings).toEqual([]);
    expect((parsed.records as Obj[]).map(linkView)).toEqual(kernel.map(linkView));
  });
});

const ROUTE_KEYS = ['type', 'dst', 'gateway', 'dev', 'protocol', 'scope', 'prefsrc', 'metric', 'table', 'flags'];
const routeView = (r: Obj): Obj => ({
  ...pick(r, ROUTE_KEYS),
  ...(r.nexthops ? { nexthops: (r.nexthops as Obj[]).map((h) => pick(h, ['gateway', 'dev', 'weight'])) } : {}),
});

describe('ip route text equals ip -j route', () => {
  it.each(twins('ip-route'))('$name', ({ text, kernel }) => {
    const parsed = parseAs('ip-route', text);
    expect(parsed.warnings).toEqual([]);
    expect((parsed.records as Obj[]).map(routeView)).toEqual(kernel.map(routeView));
  });
});

describe('route -n / -ne / netstat -rn equal the kernel main table (the fields net-tools prints)', () => {
  // net-tools shows a multipath route by its first hop, and no protocol, scope or source address
  const view = (r: Obj, metrics: boolean): Obj => {
    const hop = (r.nexthops as Obj[] | undefined)?.[0];
    return {
      dst: r.dst,
      gateway: r.gateway ?? hop?.gateway,
      dev: r.dev ?? hop?.dev,
      metric: metrics ? r.metric : undefined,
      type: r.type,
    };
  };
  it.each(twins('route-n'))('$name', ({ text, kernel }) => {
    const parsed = parseAs('route-n', text);
    expect(parsed.warnings).toEqual([]);
    // `netstat -rn` and `route -ne` print no Metric column
    const metrics = /\bMetric\b/.test(text);
    const norm = (o: Obj): Obj => Object.fromEntries(Object.entries(view(o, metrics)).filter(([, v]) => v !== undefined));
    expect((parsed.records as Obj[]).map(norm)).toEqual(kernel.map(norm));
  });
});

describe('ip neigh text equals ip -j neigh', () => {
  it.each(twins('ip-neigh'))('$name', ({ text, kernel }) => {
    const parsed = parseAs('ip-neigh', text);
    expect(parsed.warnings).toEqual([]);
    const keys = ['dst', 'dev', 'lladdr', 'router', 'state'];
    expect((parsed.records as Obj[]).map((r) => pick(r, keys))).toEqual(kernel.map((r) => pick(r, keys)));
  });
});

describe('ip rule text equals ip -j rule', () => {
  it.each(twins('ip-rule'))('$name', ({ text, kernel }) => {
    const parsed = parseAs('ip-rule', text);
    expect(parsed.warnings).toEqual([]);
    const keys = ['priority', 'src', 'srclen', 'dst', 'fwmark', 'fwmask', 'table', 'iif', 'oif'];
    expect((parsed.records as Obj[]).map((r) => pick(r, keys))).toEqual(kernel.map((r) => pick(r, keys)));
  });
});

describe('bridge link text equals bridge -j link', () => {
  it.each(twins('bridge'))('$name', ({ text, kernel }) => {
    const parsed = parseAs('bridge', text);
    expect(parsed.warnings).toEqual([]);
    const keys = ['ifindex', 'ifname', 'flags', 'mtu', 'master', 'state', 'priority', 'cost'];
    expect((parsed.records as Obj[]).map((r) => pick(r, keys))).toEqual(kernel.map((r) => pick(r, keys)));
  });
});

describe('iptables -L -n -v counters equal the kernel counters of iptables-save -c', () => {
  const dir = join(root, 'iptables-list', 'fixtures');
  const cases = readdirSync(dir).filter((f) => f.endsWith('.kernel-save.txt')).map((f) => ({
    name: f.replace('.kernel-save.txt', ''),
    listed: parseAs('iptables-list', readFileSync(join(dir, f.replace('.kernel-save.txt', '.txt')), 'utf8')).records as IptablesListRecord[],
    saved: parseSave(readFileSync(join(dir, f), 'utf8')).records as IptablesRecord[],
  }));
  it.each(cases)('$name', ({ listed, saved }) => {
    const byChain = (recs: (IptablesRecord | IptablesListRecord)[]) => {
      const m = new Map<string, { target: string | undefined; goto: boolean | undefined; packets: number | undefined }[]>();
      for (const r of recs) {
        if (r.type !== 'rule') continue;
        m.set(r.chain, [...(m.get(r.chain) ?? []), { target: r.target?.name, goto: r.target?.goto, packets: r.counters?.packets }]);
      }
      return Object.fromEntries(m);
    };
    expect(byChain(listed)).toEqual(byChain(saved));
    const policies = (recs: (IptablesRecord | IptablesListRecord)[]) => Object.fromEntries(recs.flatMap((r) => (r.type === 'chain' && r.policy !== '-' ? [[r.name, r.policy]] : [])));
    expect(policies(listed)).toEqual(policies(saved));
  });
});

describe('iptables-save and iptables -S read the same rules from one kernel', () => {
  it('filter table', () => {
    const dir = (k: string) => join(root, k, 'fixtures');
    const save = (parseSave(readFileSync(join(dir('iptables-save'), 'iptables-save--kernel-node-save.txt'), 'utf8')).records as IptablesRecord[])
      .filter((r) => r.type === 'rule' && r.table === 'filter');
    const listRules = (parseAs('iptables-rules', readFileSync(join(dir('iptables-rules'), 'iptables-rules--kernel-node-S-filter.txt'), 'utf8')).records as IptablesRecord[])
      .filter((r) => r.type === 'rule');
    const view = (r: IptablesRecord) => (r.type === 'rule' ? { chain: r.chain, matches: r.matches, target: r.target } : null);
    expect(listRules.map(view)).toEqual(save.map(view));
  });
});

describe('sysctl text equals the values under /proc/sys', () => {
  it.each(twins('sysctl'))('$name', ({ text, kernel }) => {
    const parsed = parseAs('sysctl', text);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.records).toEqual(kernel);
  });
});
