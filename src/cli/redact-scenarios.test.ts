/**
 * Redaction on every seed and kernel-checked scenario: the redacted inputs trace to the same verdict and hop count
 * (and the same answer, names and addresses mapped), and no original name, IP or MAC is left anywhere in the link.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInputs } from './files.ts';
import type { InputFile } from '../core/ingest/ingest.ts';
import { runPipeline } from '../core/pipeline.ts';
import { decodePayload, encodePayload, linkOf, sessionJson } from '../core/session/codec.ts';
import { indexBlocks } from '../core/session/evidence.ts';
import { prepareShare, type ShareContext } from '../core/session/share.ts';
import { emptySession } from '../core/session/types.ts';
import type { TraceRequest } from '../core/trace/engine.ts';
import { KERNEL_DIR, KERNEL_SCENARIOS, SEED_FLOWS, kernelFlows } from '../core/session/fixtures/flows.ts';

const seedFiles = (n: string): InputFile[] => [{ path: `${n}.txt`, text: readFileSync(new URL(`../scenarios/${n}.txt`, import.meta.url), 'utf8') }];

function contextOf(files: InputFile[]): ShareContext {
  const r = runPipeline(files);
  const blocks = indexBlocks(r.blocks, r.snapshot);
  return { files, origins: files.map(() => 'file'), blocks, snapshot: r.snapshot, promptHosts: [...new Set(blocks.map((b) => b.host).filter((h): h is string => !!h))] };
}

/** Addresses that are the same in every cluster, so they may stay: this test's own list, not the redactor's. */
function mayStay(ip: string): boolean {
  const [a, b, c] = ip.split('.').map(Number) as [number, number, number];
  return a === 0 || a === 127 || a >= 224 || (a === 169 && b === 254) || ip === '168.63.129.16' || ip === '128.0.0.0'
    || (a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)
    || (a === 198 && (b === 18 || b === 19));
}
/** The private ranges named whole (`10.0.0.0/8`) stay too. */
const WHOLE_RANGES = new Set(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10']);

const IP = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(\/\d+)?(?![\w]|\.\d)/g;
const MAC = /(?<![\w:-])([0-9a-f]{2}([:-])[0-9a-f]{2}(?:\2[0-9a-f]{2}){4})(?![\w:-])/gi;
const SYSTEM = new Set(['default', 'kube-system', 'kube-public', 'calico-system', 'calico-apiserver', 'tigera-operator']);

/** Whole words of `text`, as the names are written (letters, digits and dashes). */
const hasWord = (text: string, w: string): boolean => new RegExp(`(?<![A-Za-z0-9-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9-])`).test(text);
/** A namespace that is also a keyword of the dumps (`ingress`) may stay where it is the keyword: `ingress:`, `Allowing ingress traffic`. */
const asName = (text: string, w: string): boolean => new RegExp(`(?<![A-Za-z0-9-])${w}(?![A-Za-z0-9-]|:(?:\\s|$)| traffic)`, 'm').test(text);

function originals(files: InputFile[], ctx: ShareContext) {
  const all = files.map((f) => `${f.path}\n${f.text}`).join('\n');
  const ips = new Set<string>();
  for (const m of all.matchAll(IP)) {
    const ip = m[1] as string;
    if (ip.split('.').every((o) => Number(o) <= 255) && !mayStay(ip) && !WHOLE_RANGES.has(`${ip}${m[2] ?? ''}`)) ips.add(ip);
  }
  const macs = new Set([...all.matchAll(MAC)].map((m) => (m[1] as string).toLowerCase().replace(/-/g, ':'))
    .filter((m) => !/^(00:00:00:00:00:00|ff:ff:ff:ff:ff:ff|([0-9a-f]{2})(:\2){5})$/.test(m) && !(parseInt(m.slice(0, 2), 16) & 1)));
  const s = ctx.snapshot;
  const pods = new Set([...s.cluster.pods.map((p) => p.name), ...s.hosts.flatMap((h) => h.netns.map((n) => n.pod?.split('/')[1]).filter((x): x is string => !!x))]);
  const nodes = new Set([...s.hosts.map((h) => h.name), ...s.cluster.nodes.map((n) => n.name), ...ctx.promptHosts].filter((n) => hasWord(all, n)));
  const namespaces = new Set([...s.cluster.pods.map((p) => p.namespace), ...s.cluster.namespaces.map((n) => n.name)].filter((n) => !SYSTEM.has(n)));
  return { ips, macs, pods, nodes, namespaces };
}

function check(label: string, files: InputFile[], flows: { name: string; request: TraceRequest }[]) {
  describe(label, () => {
    const ctx = contextOf(files);
    const o = originals(files, ctx);
    for (const f of flows) {
      it(`${f.name}: the redacted inputs trace to the same verdict and hops, and hold no original name, IP or MAC`, () => {
        const base = { ...emptySession(), trace: { from: f.request.from, to: f.request.to } };
        const shared = prepareShare(ctx, base, { redact: true, salt: 'test' });
        if ('error' in shared) throw new Error(shared.error);
        expect(shared.check?.error ?? '').toBe('');
        expect(shared.check?.shared).toEqual(shared.check?.original);
        expect(shared.check?.sameVerdictAndHops).toBe(true);
        expect(shared.check?.sameAnswer).toBe(true);
        // what the link carries, read back from the link
        const json = sessionJson(decodePayload(encodePayload(shared.session)));
        const text = JSON.parse(json) as unknown;
        const flat = JSON.stringify(text).replace(/\\n/g, '\n').replace(/\\"/g, '"')
          .replace(/(?<![\w.])(10\.0\.0\.0\/8|172\.16\.0\.0\/12|192\.168\.0\.0\/16|100\.64\.0\.0\/10)(?!\d)/g, '<whole private range>');
        expect([...o.ips].filter((ip) => flat.includes(ip) && new RegExp(`(?<![\\w.])${ip.replace(/\./g, '\\.')}(?![\\w]|\\.\\d)`).test(flat))).toEqual([]);
        expect([...o.macs].filter((m) => flat.toLowerCase().replace(/-/g, ':').includes(m))).toEqual([]);
        expect([...o.pods].filter((p) => hasWord(flat, p))).toEqual([]);
        expect([...o.nodes].filter((n) => hasWord(flat, n))).toEqual([]);
        expect([...o.namespaces].filter((n) => asName(flat, n))).toEqual([]);
        expect(linkOf(shared.session).length).toBeGreaterThan(0);
      });
    }
  });
}

describe('redaction', { timeout: 60_000 }, () => {
  for (const [name, request] of Object.entries(SEED_FLOWS)) check(name, seedFiles(name), [{ name: `${request.from} → ${request.to}`, request }]);
  for (const name of KERNEL_SCENARIOS) check(`kernel ${name}`, readInputs([new URL(name, KERNEL_DIR).pathname]).files, kernelFlows(name));
});
