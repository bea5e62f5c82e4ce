/**
 * Packet summaries: `tcpdump -n` / `tcpdump` lines (IPv4/IPv6, TCP/UDP/ICMP, VXLAN outer+inner on one line
 * with `-e` omitted) and Wireshark's packet-list rows copied as text (No., Time, Source, Destination, Protocol …).
 *
 * Accepts: `HH:MM:SS.ffffff IP a.b.c.d.port > e.f.g.h.port: …` (service names such as `.http` are mapped),
 * `-e` (link-level header: `aa:… > bb:…, ethertype IPv4 (0x0800), length 74: a.b.c.d.port > …`), `-i any`'s
 * interface and direction (`eth0 In IP …`), ARP (`ARP, Request who-has X tell Y`, `ARP, Reply X is-at MAC`, also
 * under `-e`), tcpdump's banner lines (`listening on eth0 …`, `N packets captured`), `^C` before a line.
 *
 * Output: { type: "packet", time, src, sport, dst, dport, proto ("tcp" | "udp" | "icmp" | "arp" | "ip"), flags,
 * length, info, srcMac, dstMac, interface, direction } and { type: "capture", interface, linkType } for the banner.
 * An ARP request's src is the asking address and dst the one asked for; a reply's src is the answered address
 * (srcMac its MAC), its dst the asker when `-e` shows it, else empty.
 *
 * Example:
 *   18:28:21.294495 IP 10.244.2.4.54450 > 10.244.0.8.http: Flags [S], seq 1339508035, win 64240, length 0
 *   → { type: "packet", src: "10.244.2.4", sport: 54450, dst: "10.244.0.8", dport: 80, proto: "tcp", flags: "S" }
 */
import { defineKind } from '../common/kind.ts';
import { convertTcpdump } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, splitLines } from '../common/lines.ts';

export type TcpdumpRecord =
  | { type: 'packet'; time: string; src: string; sport?: number; dst: string; dport?: number; proto: string; flags?: string; length?: number; info?: string;
      srcMac?: string; dstMac?: string; interface?: string; direction?: string }
  | { type: 'capture'; interface: string; linkType?: string };

const SERVICES: Record<string, number> = { http: 80, https: 443, domain: 53, ssh: 22, 'http-alt': 8080, webcache: 8080, ntp: 123, bootps: 67, bootpc: 68, 'otv': 8472, '4789': 4789 };
/** time, then `-i any`'s interface and direction, then `-e`'s link header: what may stand before the packet itself. */
const LEAD = String.raw`^(?:\^C)?(\d{2}:\d{2}:\d{2}\.\d+)\s+(?:(\S+)\s+(In|Out|P|M|B)\s+)?(?:([0-9a-f]{2}(?::[0-9a-f]{2}){5})\s+>\s+([0-9a-f]{2}(?::[0-9a-f]{2}){5}|Broadcast),\s+ethertype\s+(\S+)\s+\(0x[0-9a-f]+\),\s+length\s+\d+:\s+)?`;
const LINE = new RegExp(String.raw`${LEAD}(?:(IP6?)\s+)?([0-9a-f.:]+\.[\w-]+|[0-9a-f.:]+)\s+>\s+(\S+?):\s*(.*)$`, 'i');
const ARP = new RegExp(String.raw`${LEAD}(?:ARP,\s+)?(Request who-has ([0-9a-f.:]+)(?: \(\S+\))? tell ([0-9a-f.:]+)|Reply ([0-9a-f.:]+) is-at ([0-9a-f:]{17}))(?:,\s+length (\d+))?.*$`, 'i');
const WIRESHARK = /^(\d+)\t(\S+ \S+|\S+)\t([0-9a-f.:]+)\t([0-9a-f.:]+)\t(\w+)\t(?:\w+\t)?(\d+)\t(.*)$/i;

function endpoint(s: string, v6: boolean): { ip: string; port?: number } {
  const i = s.lastIndexOf('.');
  if (v6 || i < 0) {
    if (v6 && i > 0) { const p = s.slice(i + 1); return { ip: s.slice(0, i), ...(/^\d+$/.test(p) ? { port: Number(p) } : SERVICES[p] ? { port: SERVICES[p] } : {}) }; }
    return { ip: s };
  }
  const parts = s.split('.');
  if (parts.length === 5) {
    const p = parts[4] as string;
    const port = /^\d+$/.test(p) ? Number(p) : SERVICES[p];
    return { ip: parts.slice(0, 4).join('.'), ...(port !== undefined ? { port } : {}) };
  }
  return { ip: s };
}

/** What stood before the packet: `-i any`'s interface and direction, `-e`'s MAC addresses. */
function lead(m: RegExpExecArray): { interface?: string; direction?: string; srcMac?: string; dstMac?: string } {
  return { ...(m[2] ? { interface: m[2], direction: m[3] as string } : {}), ...(m[4] ? { srcMac: (m[4] as string).toLowerCase() } : {}),
    ...(m[5] && m[5] !== 'Broadcast' ? { dstMac: (m[5] as string).toLowerCase() } : m[5] ? { dstMac: 'ff:ff:ff:ff:ff:ff' } : {}) };
}

/** tcpdump's own lines about the capture, which hold nothing of a packet: the banner and the counts it ends with. */
const BANNER = new RegExp(`^\\s*(${['tcpdump: verbose output suppressed, use -v(\\[v\\]\\.\\.\\.| or -vv) for full protocol decode',
  '\\d+ packets? (captured|received by filter|dropped by kernel)'].join('|')})\\s*$`);

function parseText(text: string) {
  const out = new Collector<TcpdumpRecord>();
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.trim();
    if (!t) continue;
    let m: RegExpExecArray | null;
    if ((m = /^listening on (\S+), link-type (\S+)/.exec(t))) { out.add({ type: 'capture', interface: m[1] as string, linkType: m[2] as string }); continue; }
    if (BANNER.test(t)) continue;
    if (/^tcpdump: verbose output suppressed|^\d+ packets? (captured|received by filter|dropped by kernel)/.test(t)) {
      out.skip(line, 'ignored', 'tcpdump\'s banner or packet count, garbled: not read');
      continue;
    }
    const arp = ARP.exec(t);
    if (arp && (/^ARP$/i.test(arp[6] ?? '') || /\bARP,/.test(t))) {
      const request = !!arp[8];
      out.add({ type: 'packet', time: arp[1] as string, proto: 'arp', info: arp[7] as string, ...lead(arp),
        src: (request ? arp[9] : arp[10]) as string, dst: request ? arp[8] as string : '',
        ...(arp[11] ? { srcMac: (arp[11] as string).toLowerCase() } : {}), ...(arp[12] ? { length: Number(arp[12]) } : {}) });
      continue;
    }
    if ((m = LINE.exec(t)) && (m[7] || m[4])) {
      const v6 = /^IP6$/i.test(m[7] ?? '') || m[6] === 'IPv6';
      const src = endpoint(m[8] as string, v6);
      const dst = endpoint(m[9] as string, v6);
      const rest = m[10] as string;
      const flags = /Flags \[([^\]]*)\]/.exec(rest)?.[1];
      const len = /length (\d+)/.exec(rest)?.[1];
      const proto = flags !== undefined ? 'tcp' : /ICMP/.test(rest) ? 'icmp' : /UDP|VXLAN|domain|\bA\?/.test(rest) || src.port === 53 || dst.port === 53 ? 'udp' : 'ip';
      out.add({ type: 'packet', time: m[1] as string, src: src.ip, ...(src.port !== undefined ? { sport: src.port } : {}), dst: dst.ip,
        ...(dst.port !== undefined ? { dport: dst.port } : {}), proto, ...(flags !== undefined ? { flags } : {}), ...(len ? { length: Number(len) } : {}), ...lead(m) });
      continue;
    }
    if ((m = WIRESHARK.exec(line.text.trim()))) {
      const info = m[7] as string;
      const ports = /(\d+)\s+(?:\?|→|>)\s+(\d+)/.exec(info);
      out.add({ type: 'packet', time: m[2] as string, src: m[3] as string, dst: m[4] as string, proto: (m[5] as string).toLowerCase(),
        ...(ports ? { sport: Number(ports[1]), dport: Number(ports[2]) } : {}), length: Number(m[6]), info });
      continue;
    }
    out.skip(line, 'unrecognized', 'not a tcpdump / packet-list line');
  }
  return out.result();
}

export const info = {
  id: 'tcpdump',
  title: 'tcpdump / Wireshark packet list',
  family: 'other' as const,
  commands: ['tcpdump -n …', 'tcpdump host X', 'tcpdump -i any port 4789 -nn', 'Wireshark packet list (copied as text)'],
  origins: ['seed 004'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  const hits = lines.filter((l) => LINE.test(l.trim()) || ARP.test(l.trim()) || WIRESHARK.test(l.trim()) || /^listening on \S+, link-type/.test(l)).length;
  return hits / lines.length;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const tcpdumpParser: Parser<TcpdumpRecord> = { info, detect, parse };

export const tcpdumpKind = defineKind<TcpdumpRecord>({
  parser: tcpdumpParser, convert: convertTcpdump, scope: 'node', layoutLines: BANNER,
  commandLines: [/^tcpdump\b/],
});
