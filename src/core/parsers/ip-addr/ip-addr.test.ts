import { describe, expect, it } from 'vitest';
import { parse } from './ip-addr.ts';

const HDR = '2: eth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000';

describe('ip addr: lines it cannot read are named, lines it can are read', () => {
  it('a bridge_slave detail line: the port state and its other pairs in info_slave_data, named as ip -j names them', () => {
    const r = parse([HDR, '    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff', '    veth ',
      '    bridge_slave state forwarding priority 32 cost 2 hairpin off port_id 0x8001 mcast_router 1 addrgenmode eui64 numtxqueues 2'].join('\n'));
    expect(r.records[0]?.linkinfo).toEqual({ info_kind: 'veth', info_slave_kind: 'bridge',
      info_slave_data: { state: 'forwarding', priority: 32, cost: 2, hairpin: false, id: '0x8001', multicast_router: 1 } });
    expect(r.warnings).toEqual([]);
  });
  it('a second ip -d kind line under one link (its own header lost) is named, not laid over the first', () => {
    const r = parse([HDR, '    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff',
      '    vxlan id 1 local 192.168.1.52 dev enp1s0 srcport 0 0 dstport 8472', '    bridge forward_delay 1500 stp_state 0 vlan_filtering 0'].join('\n'));
    expect(r.records[0]?.linkinfo).toEqual({ info_kind: 'vxlan', info_data: { id: 1, local: '192.168.1.52', link: 'enp1s0', port: 8472 } });
    expect(r.warnings.map((w) => [w.line, w.kind])).toEqual([[4, 'unrecognized']]);
  });
  it('a lifetime value that is neither forever nor seconds is named, not read as NaN', () => {
    const r = parse([HDR, '    inet 10.0.0.4/16 scope global eth0', '       valid_lft forever preferred_lft fore}er'].join('\n'));
    expect(r.records[0]?.addr_info[0]?.preferred_life_time).toBeUndefined();
    expect(r.warnings.map((w) => w.line)).toEqual([3]);
  });
  it('a lifetime line pasted twice over: the first pair read, the rest named', () => {
    const r = parse([HDR, '    inet 10.0.0.4/16 scope global eth0',
      '       valid_lft forever preferred_lft forever       valid_lft forever preferred_lft forever'].join('\n'));
    expect(r.records[0]?.addr_info[0]?.valid_life_time).toBe(4294967295);
    expect(r.warnings.map((w) => w.line)).toEqual([3]);
  });
  it('a second lifetime line under one address (the inet line of its own lost) is named, the first kept', () => {
    const r = parse([HDR, '    inet 10.0.0.4/16 scope global eth0', '       valid_lft 74404sec preferred_lft 74404sec',
      '       valid_lft 86204sec preferred_lft 14204sec'].join('\n'));
    expect(r.records[0]?.addr_info[0]?.valid_life_time).toBe(74404);
    expect(r.warnings.map((w) => [w.line, w.message])).toEqual([[4, expect.stringContaining('a second lifetime line under 10.0.0.4')]]);
  });
  it('translated unit words after the lifetimes are still read', () => {
    const r = parse([HDR, '    inet 10.0.0.4/16 scope global eth0', '       valid_lft 3453 秒 preferred_lft 3453 秒'].join('\n'));
    expect(r.records[0]?.addr_info[0]?.preferred_life_time).toBe(3453);
    expect(r.warnings).toEqual([]);
  });
  it('a second link/ line under one header (its own header lost) is named; a cut link/ line too', () => {
    const r = parse(['1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00', '    link/ether da:ab:42:26:64:0b brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      HDR, '    link/e'].join('\n'));
    expect(r.records[0]?.link_type).toBe('loopback');
    expect(r.records[1]?.link_type).toBeUndefined();
    expect(r.warnings.map((w) => w.line)).toEqual([3, 5]);
  });
});
