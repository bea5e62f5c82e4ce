/**
 * `brctl show [BRIDGE]` and `brctl showmacs BRIDGE` (bridge-utils).
 *
 * Accepts: tab- or space-aligned columns, continuation rows holding one more port, bridges without ports,
 * the header flattened onto one line with its rows (seed 001), rebuilt by `reflow`. `showmacs` rows
 * (`port no  mac addr  is local?  ageing timer`). Does not accept `brctl showstp` (named as unsupported).
 *
 * Output: { type: "bridge", bridge, id, stp, interfaces[] } and { type: "mac", port, mac, local, ageing }.
 *
 * Example:
 *   bridge name     bridge id               STP enabled     interfaces
 *   cbr0            8000.160c0cac5660       no              veth9423965c
 *   → { type: "bridge", bridge: "cbr0", id: "8000.160c0cac5660", stp: false, interfaces: ["veth9423965c"] }
 */
import { defineKind } from '../common/kind.ts';
import { convertBrctl } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export interface BrctlBridge {
  type: 'bridge';
  bridge: string;
  id: string;
  stp: boolean;
  interfaces: string[];
}

export interface BrctlMac {
  type: 'mac';
  port: number;
  mac: string;
  local: boolean;
  ageing: number;
}

export type BrctlRecord = BrctlBridge | BrctlMac;

const HEADER = /^\s*bridge name\s+bridge id\s+STP enabled\s+interfaces\s*$/;
const MAC_HEADER = /^\s*port no\s+mac addr\s+is local\?\s+ageing timer\s*$/;
const BRIDGE_ID = /^[0-9a-f]{4}\.[0-9a-f]{12}$/i;
const ROW = /^(\S+)\s+([0-9a-f]{4}\.[0-9a-f]{12})\s+(yes|no)(?:\s+(\S+))?\s*$/i;
const PORT_ONLY = /^\s+(\S+)\s*$/;
const MAC_ROW = /^\s*(\d+)\s+((?:[0-9a-f]{2}:){5}[0-9a-f]{2})\s+(yes|no)\s+([\d.]+)\s*$/i;

function parseText(text: string) {
  const out = new Collector<BrctlRecord>();
  let cur: BrctlBridge | null = null;
  // a header read only when a row under it is: one over no row (rows cut, garbled, another output) is named
  let header: { no: number; records: number } | null = null;
  const headerDone = () => {
    if (header && out.records.length === header.records) out.warn(header.no, 'unrecognized', 'brctl table header with no row read under it');
    header = null;
  };
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.replace(/\s+$/, '');
    if (!t.trim()) continue;
    if (HEADER.test(t) || MAC_HEADER.test(t)) { headerDone(); header = { no: line.no, records: out.records.length }; continue; }
    // (re-typed tables sometimes indent the bridge rows too)
    const row = ROW.exec(t.trim());
    if (row) {
      const bridge: BrctlBridge = { type: 'bridge', bridge: row[1] as string, id: row[2] as string, stp: (row[3] as string).toLowerCase() === 'yes', interfaces: row[4] ? [row[4]] : [] };
      out.add(bridge);
      cur = bridge;
      continue;
    }
    const port = PORT_ONLY.exec(t);
    if (port && cur && /^[\w.@-]+$/.test(port[1] as string)) { cur.interfaces.push(port[1] as string); continue; }
    const mac = MAC_ROW.exec(t);
    if (mac) {
      out.add({ type: 'mac', port: Number(mac[1]), mac: (mac[2] as string).toLowerCase(), local: (mac[3] as string) === 'yes', ageing: Number(mac[4]) });
      continue;
    }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    if (/^\s*(designated|path cost|flags|port id|hello|max age|forward delay|bridge id)\b/.test(t)) {
      out.skip(line, 'unsupported', 'brctl showstp is not read');
      continue;
    }
    out.skip(line, 'unrecognized', 'not a brctl row');
  }
  headerDone();
  return out.result();
}

/** `bridge name bridge id STP enabled interfaces docker0 8000.0242e0150395 no` → header + rows. */
export function reflow(text: string): string[] | null {
  const flat = text.trim();
  if (flat.includes('\n')) return null;
  const m = /bridge name\s+bridge id\s+STP enabled\s+interfaces\s*/.exec(flat);
  if (!m) return null;
  const toks = flat.slice(m.index + m[0].length).split(/\s+/).filter(Boolean);
  const lines = ['bridge name\tbridge id\tSTP enabled\tinterfaces'];
  for (let i = 0; i < toks.length; i++) {
    const next = toks[i + 1];
    if (next && BRIDGE_ID.test(next) && /^(yes|no)$/i.test(toks[i + 2] ?? '')) {
      lines.push(`${toks[i]}\t${next}\t${toks[i + 2]}`);
      i += 2;
    } else if (lines.length > 1) {
      const lastIdx = lines.length - 1;
      const last = lines[lastIdx] as string;
      if (last.split('\t').length === 3) lines[lastIdx] = `${last}\t${toks[i]}`;
      else lines.push(`\t\t\t${toks[i]}`);
    } else {
      return null;
    }
  }
  return lines;
}

export const info = {
  id: 'brctl',
  title: 'brctl show / showmacs',
  family: 'brctl' as const,
  commands: ['brctl show', 'brctl show BRIDGE', 'brctl showmacs BRIDGE'],
  origins: ['seeds 001 002 003', 'corpus brctl/*'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/bridge name\s+bridge id\s+STP enabled/.test(h)) return 1;
  if (/port no\s+mac addr\s+is local\?/.test(h)) return 0.95;
  const lines = h.split('\n').filter((l) => l.trim());
  const rows = lines.filter((l) => ROW.test(l.trim())).length;
  return rows ? Math.min(0.9, rows / lines.length + 0.3) : 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const brctlParser: Parser<BrctlRecord> = { info, detect, parse, reflow };

export const brctlKind = defineKind<BrctlRecord>({
  parser: brctlParser, convert: convertBrctl, scope: 'node',
  commandLines: [/^brctl\s+(show|showmacs)\b/],
});
