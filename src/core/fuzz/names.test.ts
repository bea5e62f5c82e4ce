/**
 * Names are data: a name that holds `/`, a right-to-left override, 20,000 characters or the name of an Object
 * property reaches the model as it is, and every message about it is safe to show (display.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import { detailsOf } from '../graph/details.ts';
import { buildGraph } from '../graph/graph.ts';
import { trace } from '../trace/engine.ts';
import { formatTrace } from '../trace/format.ts';
import { safeText } from '../display.ts';
import type { Trace } from '../trace/types.ts';

const RLO = '\u202e';
const ipAddr = (name: string) => [
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000', '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
  '    inet 127.0.0.1/8 scope host lo', `2: ${name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000`,
  '    link/ether 00:0d:3a:00:00:01 brd ff:ff:ff:ff:ff:ff', `    inet 10.0.0.4/24 brd 10.0.0.255 scope global ${name}`].join('\n');

describe('messages about hostile names', () => {
  it('escapes bidirectional controls: "evil" never shows as "live"', () => {
    expect(safeText(`chain evil${RLO}gnp.exe`)).toBe('chain evil⟨U+202E⟩gnp.exe');
    const s = buildModel([{ path: 'rules.txt', text: `*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -j evil${RLO}live\nCOMMIT\n-A bogus${RLO}line here\n` }]);
    const messages = s.inputs.flatMap((i) => i.warnings.map((w) => w.message));
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).not.toContain(RLO);
  });
  it('shortens a 20,000-character name in warnings and trace steps, keeps it whole in the model', () => {
    const long = `eth${'x'.repeat(20_000)}`;
    const s = buildModel([{ path: 'ip-addr.txt', text: `${ipAddr(long)}\n    garbage ${long}\n` }]);
    expect(s.hosts[0]?.netns[0]?.links.map((l) => l.name)).toContain(long);
    for (const i of s.inputs) for (const w of i.warnings) expect(w.message.length).toBeLessThan(400);
    const t = trace(s, { from: '10.0.0.4', to: '8.8.8.8' }) as Trace;
    for (const h of t.hops) for (const st of h.steps) expect(st.detail.length).toBeLessThan(1000);
    expect(formatTrace(t)).not.toMatch(/x{200}/);
  });
  it('a name holding / opens its details (node, namespace, link)', () => {
    const s = buildModel([{ path: 'ip-addr.txt', node: 'rack/7/node-a', text: ipAddr('eth0') }]);
    const g = buildGraph(s);
    const ids = g.nodes.filter((n) => n.kind === 'node' || n.kind === 'netns' || n.kind === 'link').map((n) => n.id);
    expect(ids.length).toBeGreaterThan(2);
    for (const id of ids) expect(detailsOf(s, id), id).not.toBeNull();
  });
  it('a table named __proto__ and a chain named constructor open their details', () => {
    const s = buildModel([{ path: 'rules.txt', text: '*__proto__\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n*filter\n:FORWARD ACCEPT [0:0]\n:constructor - [0:0]\n-A FORWARD -j constructor\nCOMMIT\n' }]);
    const host = s.hosts[0]?.name as string;
    expect(detailsOf(s, 'chain:__proto__/PREROUTING', host)?.title).toBe('__proto__ PREROUTING');
    expect(detailsOf(s, 'chain:filter/constructor', host)?.title).toBe('filter constructor');
  });
});
