/**
 * The NMAgent interface list that azure-vnet-ipam reads from the wireserver:
 * `curl "http://169.254.169.254/machine/plugins?comp=nmagent&type=getinterfaceinfov1"` (also via 168.63.129.16).
 * It is the list of IPs Azure CNI (not Overlay) pre-allocated to the node's NIC: the primary IP plus one per max-pod.
 *
 * Accepts: the XML as printed (one line or many), cut short. Does not accept other wireserver documents.
 *
 * Output: { mac, isPrimary, subnet, addresses: [{ address, isPrimary }] } per <Interface>.
 *
 * Example:
 *   <Interface MacAddress="000D3A51C490" IsPrimary="true"><IPSubnet Prefix="10.240.0.0/16"><IPAddress Address="10.240.0.35" IsPrimary="true"/>
 *   → { mac: "00:0d:3a:51:c4:90", isPrimary: true, subnet: "10.240.0.0/16", addresses: [{ address: "10.240.0.35", isPrimary: true }] }
 */
import { defineKind } from '../common/kind.ts';
import { convertNmagent } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, splitLines } from '../common/lines.ts';
import { LineRun } from '../common/line-run.ts';

export interface NmagentInterface { mac: string; isPrimary: boolean; subnet?: string; addresses: { address: string; isPrimary: boolean }[] }

const TAG = /<(\/?)(Interfaces|Interface|IPSubnet|IPAddress)\b([^>]*?)(\/?)>/g;
const attr = (s: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(s)?.[1];
const mac = (m: string): string => (/^[0-9a-f]{12}$/i.test(m) ? (m.toLowerCase().match(/../g) ?? []).join(':') : m.toLowerCase());

/** Elements outside any <Interface> (the XML was cut above them): without the Interface's MacAddress nobody knows
 *  which NIC holds those IPs, so a run of such lines is named in one warning, not read. */
const orphansSaid = (ips: number): string =>
  `${ips} <IPAddress>/<IPSubnet> element(s) outside any <Interface> (its MacAddress line was cut off): NIC unknown, not read`;

function parseText(text: string) {
  const out = new Collector<NmagentInterface>();
  const orphans = new LineRun();
  let cur: NmagentInterface | null = null;
  let subnet: string | undefined;
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.trim();
    if (!t) continue;
    let found = false;
    let read = false;
    let stray = 0;
    let noAddress = false;
    for (const m of t.matchAll(TAG)) {
      found = true;
      const [, close, tag, attrs] = m as unknown as [string, string, string, string];
      if (close) { if (tag === 'Interface') cur = null; continue; }
      if (tag === 'Interfaces') continue;
      if (tag === 'Interface') {
        cur = out.add({ mac: mac(attr(attrs, 'MacAddress') ?? ''), isPrimary: attr(attrs, 'IsPrimary') === 'true', addresses: [] });
        read = true;
      } else if (!cur) stray++;
      else if (tag === 'IPSubnet') { subnet = attr(attrs, 'Prefix'); if (subnet) { cur.subnet = subnet; read = true; } }
      else {
        const address = attr(attrs, 'Address');
        if (address) { cur.addresses.push({ address, isPrimary: attr(attrs, 'IsPrimary') === 'true' }); read = true; } else noAddress = true;
      }
    }
    // A line that read something (or only closes tags) ends a run of orphans; one with nothing but orphans extends it.
    if (stray && !read) { orphans.note(line.no, stray); continue; }
    orphans.flush(out, 'unrecognized', orphansSaid);
    if (!found) out.skip(line, 'unrecognized', 'not NMAgent interface XML');
    else if (stray) out.warn(line.no, 'unrecognized', `${stray} element(s) before any <Interface> on this line: NIC unknown, not read`);
    else if (noAddress && !read) out.skip(line, 'unrecognized', '<IPAddress> without an Address attribute');
    // Closing tags alone carry nothing; text beside them is a tag cut in half (`bnet></Interface>`), so it is named.
    else if (!read && /\w/.test(t.replace(TAG, ''))) out.skip(line, 'unrecognized', 'a piece of an XML tag cut in half');
  }
  orphans.flush(out, 'unrecognized', orphansSaid);
  return out.result();
}

export const info = {
  id: 'nmagent-xml',
  title: 'NMAgent getinterfaceinfov1 (wireserver XML)',
  family: 'azure-cni' as const,
  commands: ['curl "http://169.254.169.254/machine/plugins?comp=nmagent&type=getinterfaceinfov1"'],
  origins: ['corpus azure-cni/aks-wireserver-nmagent-getinterfaceinfov1-XML-31-ips-hwchiu.txt'],
};

export function detect(text: string): number {
  return /<Interfaces>|<Interface MacAddress=|<IPAddress Address=/.test(head(text)) ? 1 : 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const nmagentXmlParser: Parser<NmagentInterface> = { info, detect, parse };

export const nmagentXmlKind = defineKind<NmagentInterface>({
  parser: nmagentXmlParser, convert: convertNmagent, scope: 'node',
  commandLines: [/nmagent|getinterfaceinfov1/],
});
