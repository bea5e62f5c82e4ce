#!/usr/bin/env python3
"""Real, bounded probes between network namespaces, and what the kernel says about them.

Used by scripts/capture-trace-scenarios.sh (root); nothing here runs during the tests.

  kernel-probe.py serve tcp|udp PORT LOG        listen in the current netns; one JSON line per peer to LOG
  kernel-probe.py probe SPEC.json               run a probe described by SPEC (see below), print the kernel's answer

SPEC: {"name", "from_ns", "server_ns": [..], "proto": "tcp"|"udp"|"icmp", "dst", "port", "listen_port",
       "repeat", "watch": {"netns": "node|netns-label"}, "nodes": {"node": "netns"}}

The answer, per distinct outcome of the repeated probe:
  delivered      the server logged the connection (tcp, udp) or the echo came back (icmp)
  error          what the client saw otherwise (timeout, refused, unreachable)
  server         {"local": "ip:port" the server was addressed as (after any DNAT), "peer": the client address it saw
                 (after any SNAT), "at": "node|netns" of the server that answered}
  interfaces     [node, netns, ifname] whose packet counters moved during the probe
  rules          iptables rules whose packet counters moved during the probe: [node, table, chain, index, text]
"""
import json
import os
import socket
import subprocess
import sys
import time


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def serve(proto, port, log):
    kind = socket.SOCK_STREAM if proto == 'tcp' else socket.SOCK_DGRAM
    s = socket.socket(socket.AF_INET, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('0.0.0.0', port))
    if proto == 'tcp':
        s.listen(64)
    while True:
        if proto == 'tcp':
            conn, peer = s.accept()
            local = conn.getsockname()
            conn.close()
        else:
            # IP_PKTINFO would give the datagram's destination; recvmsg with it
            s.setsockopt(socket.IPPROTO_IP, socket.IP_PKTINFO, 1)
            _, anc, _, peer = s.recvmsg(2048, 1024)
            local = ('?', port)
            for level, typ, data in anc:
                if level == socket.IPPROTO_IP and typ == socket.IP_PKTINFO:
                    local = (socket.inet_ntoa(data[8:12]), port)
        with open(log, 'a') as f:
            f.write(json.dumps({'peer': f'{peer[0]}:{peer[1]}', 'local': f'{local[0]}:{local[1]}'}) + '\n')


def link_counters(netns):
    out = json.loads(sh(['ip', 'netns', 'exec', netns, 'ip', '-s', '-j', 'link']))
    return {l['ifname']: l['stats64']['rx']['packets'] + l['stats64']['tx']['packets'] for l in out if l['ifname'] != 'lo'}


def rule_counters(netns):
    """{(table, chain, index): (packets, text)} and chain policies as index 0, from iptables-save -c."""
    counters = {}
    table = None
    per_chain = {}
    for line in sh(['ip', 'netns', 'exec', netns, 'iptables-save', '-c']).splitlines():
        if line.startswith('*'):
            table = line[1:]
            per_chain = {}
        elif line.startswith(':'):
            name, policy, cnt = line[1:].split(' ', 2)
            if policy != '-':
                counters[(table, name, 0)] = (int(cnt.strip('[]').split(':')[0]), f'policy {policy}')
        elif line.startswith('['):
            cnt, rest = line.split(' ', 1)
            chain = rest.split(' ', 2)[1]
            per_chain[chain] = per_chain.get(chain, 0) + 1
            counters[(table, chain, per_chain[chain])] = (int(cnt.strip('[]').split(':')[0]), rest)
    return counters


def client(spec):
    ns = ['ip', 'netns', 'exec', spec['from_ns']]
    if spec['proto'] == 'icmp':
        r = subprocess.run(ns + ['ping', '-c1', '-W1', spec['dst']], capture_output=True, text=True)
        return None if r.returncode == 0 else ('timeout' if '100% packet loss' in r.stdout else r.stdout.strip().splitlines()[-1])
    code = (
        'import socket,sys\n'
        f's=socket.socket(socket.AF_INET,socket.SOCK_{"STREAM" if spec["proto"] == "tcp" else "DGRAM"})\n'
        's.settimeout(1.5)\n'
        'try:\n'
        f'  s.connect(("{spec["dst"]}",{spec["port"]}))\n'
        '  s.send(b"packetpath probe")\n'
        'except socket.timeout: print("timeout"); sys.exit(1)\n'
        'except OSError as e: print(e.strerror or str(e)); sys.exit(1)\n'
    )
    r = subprocess.run(ns + [sys.executable, '-c', code], capture_output=True, text=True)
    return None if r.returncode == 0 else r.stdout.strip() or r.stderr.strip()


def probe(spec):
    logs = {}
    servers = []
    if spec['proto'] != 'icmp':
        for sns in spec['server_ns']:
            log = f'/tmp/pp-probe-{sns}.log'
            if os.path.exists(log):
                os.unlink(log)
            logs[sns] = log
            servers.append(subprocess.Popen(['ip', 'netns', 'exec', sns, sys.executable, __file__, 'serve', spec['proto'], str(spec['listen_port']), log]))
        time.sleep(0.4)
    # warm the neighbour caches so ARP does not count as the probe's packets
    subprocess.run(['ip', 'netns', 'exec', spec['from_ns'], 'ping', '-c1', '-W1', spec.get('warm', spec['dst'])], capture_output=True)
    time.sleep(0.2)
    outcomes = {}
    try:
        for _ in range(spec.get('repeat', 1)):
            for log in logs.values():
                open(log, 'a').close()
            seen = {sns: sum(1 for _ in open(log)) for sns, log in logs.items()}
            links0 = {ns: link_counters(ns) for ns in spec['watch']}
            rules0 = {node: rule_counters(ns) for node, ns in spec['nodes'].items()}
            error = client(spec)
            time.sleep(0.3)
            links1 = {ns: link_counters(ns) for ns in spec['watch']}
            rules1 = {node: rule_counters(ns) for node, ns in spec['nodes'].items()}
            server = None
            for sns, log in logs.items():
                lines = open(log).read().splitlines()
                if len(lines) > seen[sns]:
                    server = json.loads(lines[-1])
                    # the peer's port is the client's (or MASQUERADE's random) choice: only its address is an answer
                    server['peer'] = server['peer'].rsplit(':', 1)[0]
                    server['at'] = spec['watch'].get(sns, sns)
            delivered = server is not None if spec['proto'] != 'icmp' else error is None
            interfaces = sorted(
                spec['watch'][ns].split('|') + [ifname]
                for ns in spec['watch'] for ifname, n in links1[ns].items() if n != links0[ns].get(ifname))
            rules = sorted(
                [node, t, c, i, rules1[node][(t, c, i)][1]]
                for node in rules1 for (t, c, i), (n, _) in rules1[node].items() if n != rules0[node].get((t, c, i), (0, ''))[0])
            key = json.dumps([delivered, server and server['local'], server and server['peer']])
            if key not in outcomes:
                outcomes[key] = {'count': 0, 'delivered': delivered, **({'error': error} if error and not delivered else {}),
                                 **({'server': server} if server else {}), 'interfaces': interfaces, 'rules': rules}
            outcomes[key]['count'] += 1
    finally:
        for s in servers:
            s.terminate()
            s.wait()
    return {'name': spec['name'], 'flow': spec['flow'], 'proto': spec['proto'], 'dst': spec['dst'],
            **({'port': spec['port']} if spec['proto'] != 'icmp' else {}), 'repeat': spec.get('repeat', 1),
            'outcomes': sorted(outcomes.values(), key=lambda o: json.dumps(o.get('server')))}


if __name__ == '__main__':
    if sys.argv[1] == 'serve':
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == 'probe':
        print(json.dumps(probe(json.load(open(sys.argv[2])))))
