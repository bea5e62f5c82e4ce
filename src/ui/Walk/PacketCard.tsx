/**
 * The packet at one step, as Packet Tracer's event details show it: the packet as it comes in and as it leaves
 * (addresses and ports, protocol, mark, conntrack state, namespace and interfaces, NAT, encapsulation), what
 * changed marked, and the route or rule that decided, with its line in the inputs. Any trace's step, walk or not.
 */
import type { PacketStep, PacketView } from '../../core/session/walk/index.ts';
import { setApp } from '../../state/store.ts';

const endpoint = (ip: string, port?: number): string => `${ip}${port !== undefined ? `:${port}` : ''}`;
const hex = (n: number): string => `0x${n.toString(16)}`;

interface Row { key: string; label: string; of: (p: PacketView) => string; changes: string[] }

const ROWS: Row[] = [
  { key: 'src', label: 'source', of: (p) => endpoint(p.src, p.sport), changes: ['src'] },
  { key: 'dst', label: 'destination', of: (p) => endpoint(p.dst, p.dport), changes: ['dst'] },
  { key: 'proto', label: 'protocol', of: (p) => p.proto, changes: [] },
  { key: 'mark', label: 'mark', of: (p) => hex(p.mark), changes: ['mark'] },
  { key: 'ct', label: 'conntrack', of: (p) => `${p.ctstate}${p.natted.length ? ` (${p.natted.join(', ')})` : ''}`, changes: ['ctstate'] },
  { key: 'where', label: 'where', of: (p) => `${p.node} · ${p.netns}`, changes: ['netns'] },
  { key: 'in', label: 'in', of: (p) => p.in ?? '—', changes: ['in'] },
  { key: 'out', label: 'out', of: (p) => p.out ?? '—', changes: ['out'] },
  { key: 'encap', label: 'outer', of: (p) => (p.encap ? `${p.encap.kind}${p.encap.vni !== undefined ? ` ${p.encap.vni}` : ''} ${endpoint(p.encap.outer.src, p.encap.outer.sport)} → ${endpoint(p.encap.outer.dst, p.encap.outer.dport)} via ${p.encap.dev}` : '—'), changes: ['encap'] },
];

export function PacketCard({ packet, large = false }: { packet: PacketStep; large?: boolean }) {
  const d = packet.decided;
  const rows = ROWS.filter((r) => r.key !== 'encap' || packet.before.encap || packet.after.encap);
  return (
    <div className={`rounded border border-[var(--border)] p-2 space-y-1 ${large ? 'text-base' : 'text-xs'}`} data-testid="packet.card">
      <div className="font-medium">Step {packet.n} · {packet.step.kind}{packet.hook ? ` · ${packet.hook}` : ''}</div>
      <table className="w-full font-mono border-collapse">
        <thead><tr className="muted text-left"><th className="font-normal pr-2"></th><th className="font-normal pr-2">in</th><th className="font-normal">out</th></tr></thead>
        <tbody>
          {rows.map((r) => {
            const changed = r.changes.some((c) => packet.changed.includes(c as PacketStep['changed'][number]));
            return (
              <tr key={r.key} data-testid={`packet.${r.key}`} data-changed={changed ? '1' : undefined} className={changed ? 'bg-[var(--accent)]/15' : ''}>
                <td className="muted pr-2 align-top whitespace-nowrap">{r.label}</td>
                <td className="pr-2 align-top break-all">{r.of(packet.before)}</td>
                <td className={`align-top break-all ${changed ? 'font-semibold' : ''}`}>{r.of(packet.after)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {packet.nat && <div data-testid="packet.nat"><span className="muted">NAT </span>{packet.nat.kind}: {packet.nat.from} → {packet.nat.to}</div>}
      <div data-testid="packet.decided">
        <span className="muted">decided by </span><span className="font-mono break-all">{d.text}</span>
        {d.ruleText && !d.text.includes(d.ruleText) && <div className="font-mono break-all muted">{d.ruleText}</div>}
        {d.assumed && <div className="text-[var(--warn)]">assumed: {d.assumed}</div>}
        {d.source && d.source.line > 0 && (
          <button type="button" className="ml-1 muted hover:underline" data-testid="packet.source"
            onClick={() => setApp({ showLine: { input: d.source?.input ?? '', line: d.source?.line ?? 0 } })}>[{d.source.input}:{d.source.line}]</button>
        )}
      </div>
    </div>
  );
}
