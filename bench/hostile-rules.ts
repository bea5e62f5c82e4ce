/**
 * Rule sets a hostile (or garbled) paste can hold, each added to the kernel-captured kubenet node
 * (src/core/trace/fixtures/kernel/kubenet, node aks-kubenet-0) and traced pod to pod on that node, so every
 * rule set is reached by a real bridged packet (PREROUTING, FORWARD, POSTROUTING through br_netfilter).
 * The shapes come from issue 17: goto loops, a deep (not looping) jump chain, chained forks that multiply,
 * an ipset of a million members, names that are also property names of every JavaScript object.
 * The kernel refuses some of them at load time (a loop: iptables-restore fails; iptables-nft also refuses more
 * than 15 nested user chains): a capture never holds them, but a paste may.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { InputFile } from '../src/core/ingest/ingest.ts';
import type { TraceRequest } from '../src/core/trace/engine.ts';

const DIR = new URL('../src/core/trace/fixtures/kernel/kubenet/', import.meta.url).pathname;
const NODE = 'aks-kubenet-0';

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/** The kubenet two-node capture as the CLI reads the folder (a sub-folder is a node). */
export function kubenetFiles(): InputFile[] {
  return walk(DIR).map((f) => {
    const rel = relative(DIR, f);
    const parts = rel.split('/');
    return { path: rel, text: readFileSync(f, 'utf8'), ...(parts.length >= 2 ? { node: parts[0] as string } : {}) };
  });
}

const save = (table: string, chains: string[], rules: string[]): string =>
  [`*${table}`, ...chains.map((c) => (/^(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)$/.test(c) ? `:${c} ACCEPT [0:0]` : `:${c} - [0:0]`)), ...rules, 'COMMIT'].join('\n');

/** Eight fork rules (`-m statistic` or an unsupported match) each setting its own mark bit, in chain FORKS of mangle,
 *  jumped to from PREROUTING, FORWARD and POSTROUTING: 2^8 packets per hook, 2^24 walks if nothing merges or caps. */
function forks(match: (i: number) => string): string {
  const rules = Array.from({ length: 8 }, (_, i) => `-A FORKS ${match(i)} -j MARK --or-mark 0x${(1 << i).toString(16)}`);
  return save('mangle', ['PREROUTING', 'FORWARD', 'POSTROUTING', 'FORKS'],
    ['-A PREROUTING -j FORKS', '-A FORWARD -j FORKS', '-A POSTROUTING -j FORKS', ...rules]);
}

export interface HostileCase { name: string; what: string; extra: () => string | string[]; request: TraceRequest }

const request: TraceRequest = { from: 'default/client-0', to: 'default/web-0', port: 8080 };

export const HOSTILE: HostileCase[] = [
  { name: 'goto-self', what: 'a chain that -g goes to itself', request,
    extra: () => save('filter', ['FORWARD', 'LOOP'], ['-A FORWARD -j LOOP', '-A LOOP -g LOOP']) },
  { name: 'goto-pair', what: 'two chains that -g go to each other', request,
    extra: () => save('filter', ['FORWARD', 'LOOP-A', 'LOOP-B'], ['-A FORWARD -j LOOP-A', '-A LOOP-A -g LOOP-B', '-A LOOP-B -g LOOP-A']) },
  { name: 'jump-loop', what: 'two chains that -j jump to each other', request,
    extra: () => save('filter', ['FORWARD', 'LOOP-A', 'LOOP-B'], ['-A FORWARD -j LOOP-A', '-A LOOP-A -j LOOP-B', '-A LOOP-B -j LOOP-A']) },
  { name: 'deep-200', what: '200 chains each -j jumping to the next (deep, no loop), the last RETURNs', request,
    extra: () => {
      const names = Array.from({ length: 200 }, (_, i) => `DEEP-${i + 1}`);
      return save('filter', ['FORWARD', ...names], ['-A FORWARD -j DEEP-1', ...names.slice(0, -1).map((n, i) => `-A ${n} -j DEEP-${i + 2}`), '-A DEEP-200 -j RETURN']);
    } },
  { name: 'statistic-forks-8', what: 'eight chained -m statistic forks, each setting a mark bit, at three hooks', request,
    extra: () => forks(() => '-m statistic --mode random --probability 0.5') },
  { name: 'unsupported-forks-8', what: 'eight chained unsupported matches (-m owner), each setting a mark bit, at three hooks', request,
    extra: () => forks((i) => `-m owner --uid-owner ${1000 + i}`) },
  { name: 'statistic-log-16', what: 'sixteen -m statistic LOG rules: every branch reaches the same outcome', request,
    extra: () => save('filter', ['FORWARD'], Array.from({ length: 16 }, (_, i) => `-A FORWARD -m statistic --mode random --probability 0.5 -j LOG --log-prefix "s${i}"`)) },
  { name: 'ipset-1m', what: 'an ipset of 1,000,000 hash:net members matched in FORWARD (the packet is in none)', request,
    extra: () => {
      const members: string[] = [];
      for (let i = 0; i < 1_000_000; i++) members.push(`172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`);
      return [save('filter', ['FORWARD'], ['-A FORWARD -m set --match-set BIG src -j DROP']),
        ['Name: BIG', 'Type: hash:net', 'Members:', ...members, ''].join('\n')];
    } },
  { name: 'proto-names', what: 'a table named __proto__, chains named __proto__, constructor and prototype', request,
    extra: () => [save('__proto__', ['PREROUTING'], ['-A PREROUTING -j ACCEPT']),
      save('filter', ['FORWARD', '__proto__', 'constructor', 'prototype'],
        ['-A FORWARD -j __proto__', '-A __proto__ -j constructor', '-A constructor -j prototype', '-A prototype -j RETURN'])].join('\n') },
];

/** The inputs of a case: the kubenet capture plus its rule set as one more file of node aks-kubenet-0. */
export function hostileInputs(c: HostileCase): InputFile[] {
  const extra = c.extra();
  const texts = Array.isArray(extra) ? extra : [extra];
  return [...kubenetFiles(), ...texts.map((text, i) => ({ path: `${NODE}/hostile-${c.name}-${i + 1}.txt`, node: NODE, text }))];
}
