#!/usr/bin/env python3
"""Real, bounded probes between network namespaces, and what the kernel says about them.

Used by scripts/capture-trace-scenarios.sh (root); nothing here runs during the tests.

  kernel-probe.py serve tcp|udp PORT LOG        listen in the current netns; one JSON line per peer to LOG
  kernel-probe.py probe SPEC.json               run a probe described by SPEC (see below), print the kernel's answer
  kernel-probe.py plan MODE                     the mode cluster's pods, one line each (see modes_plan)
  kernel-probe.py rules MODE NODE               that node's iptables-restore input under MODE
  kernel-probe.py ipsets MODE NODE              that node's `ipset restore` input under MODE

SPEC: {"name", "from_ns", "server_ns": [..], "proto": "tcp"|"udp"|"icmp", "dst", "port", "listen_port",
       "repeat", "timeout" (the client's, seconds), "watch": {"netns": "node|netns-label"}, "nodes": {"node": "netns"}}

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
        f's.settimeout({spec.get("timeout", 1.5)})\n'
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


# ─── the mode clusters: one inventory (nodes, pods, a service, a NetworkPolicy) wired by each plugin and policy
# engine. The addresses follow the conventions PacketPath's what-if uses (nodes in name order, pods in ns/name order),
# so a what-if of another mode's capture can be held to this cluster's kernel answers pod for pod.

NODES = [('aks-pool-0', '10.240.0.4'), ('aks-pool-1', '10.240.0.5')]
PODS = [('aks-pool-0', 'default/client-0', 'client'), ('aks-pool-0', 'default/web-0', 'web'),
        ('aks-pool-1', 'default/db-0', 'db'), ('aks-pool-1', 'default/web-1', 'web')]
VNET = '10.240.0.0/16'
SERVICE_IP, SERVICE_PORT, TARGET_PORT = '10.0.100.10', 80, 8080


def modes_plan(mode):
    """{'pods': [{node, ref, app, ip, prefix, ifname, style}], 'nodes': {node: {block, gateway}}, 'cidr': cluster range}."""
    plugin, policy = mode.split('+')
    out = {'plugin': plugin, 'policy': policy, 'pods': [], 'nodes': {}}
    style = 'veth' if plugin == 'kubenet' and policy != 'calico' else 'cali' if plugin in ('kubenet', 'calico-vxlan') else 'azv'
    for i, (node, _ip) in enumerate(NODES):
        pods = [p for p in PODS if p[0] == node]
        if plugin in ('kubenet', 'azure-cni-overlay'):
            block, first, gw = f'10.244.{i}.0/24', 2, f'10.244.{i}.1'
            ips = [f'10.244.{i}.{first + k}' for k in range(len(pods))]
            prefix = 24 if style == 'veth' else 16 if plugin == 'azure-cni-overlay' else 32
            out['cidr'] = '10.244.0.0/16'
        elif plugin == 'calico-vxlan':
            base = 64 * i
            block, gw = f'192.168.0.{base}/26', f'192.168.0.{base}'
            ips = [f'192.168.0.{base + 1 + k}' for k in range(len(pods))]
            prefix = 32
            out['cidr'] = '192.168.0.0/16'
        else:  # VNet IPs: each node pre-allocates 30 (Azure CNI's default max-pods), after the nodes' own
            block, gw = None, None
            ips = [f'10.240.0.{6 + 30 * i + k}' for k in range(len(pods))]
            prefix = 16
            out['cidr'] = VNET
        out['nodes'][node] = {'block': block, 'gateway': gw, 'index': i}
        for (n, ref, app), ip in zip(pods, ips):
            name = ref.split('/')[1]
            h = format(abs(hash_str(ref)), 'x').rjust(11, '0')[:11]
            ifname = f'veth{h[:8]}' if style == 'veth' else f'{style}{h}'
            out['pods'].append({'node': n, 'ref': ref, 'name': name, 'app': app, 'ip': ip, 'prefix': prefix, 'ifname': ifname, 'style': style})
    return out


def hash_str(s):
    """FNV-1a 64 bits: stable interface names across runs (Python's hash() is salted)."""
    h = 0xcbf29ce484222325
    for c in s.encode():
        h = ((h ^ c) * 0x100000001b3) & 0xffffffffffffffff
    return h


def pods_of(plan, app=None, node=None):
    return [p for p in plan['pods'] if (app is None or p['app'] == app) and (node is None or p['node'] == node)]


def modes_ipsets(mode, node):
    plan = modes_plan(mode)
    sets = {}
    if plan['policy'] == 'azure':  # NPM: the same sets on every node, cluster-wide members
        sets['azure-npm-3922407721'] = [p['ip'] for p in pods_of(plan, 'db')]   # pods selected by default/db-from-web
        sets['azure-npm-2837910840'] = [p['ip'] for p in pods_of(plan, 'web')]  # its peer app=web
    if plan['policy'] == 'calico':
        sets['cali40s:bd5BdOF9C2sAWd8OSr9_aA'] = [p['ip'] for p in pods_of(plan, 'web')]
    if plan['plugin'] == 'calico-vxlan':
        sets['cali40masq-ipam-pools'] = [plan['cidr']]
        sets['cali40all-ipam-pools'] = [plan['cidr']]
    lines = []
    for name, members in sets.items():
        lines.append(f'create {name} hash:net family inet')
        lines += [f'add {name} {m}' for m in members]
    return '\n'.join(lines) + '\n'


def modes_rules(mode, node):
    """kube-proxy (a ClusterIP with both web pods), the plugin's masquerade, the policy engine's filter chains."""
    plan = modes_plan(mode)
    plugin, policy, cidr = plan['plugin'], plan['policy'], plan['cidr']
    web = pods_of(plan, 'web')
    nat_chains = ['KUBE-MARK-MASQ', 'KUBE-POSTROUTING', 'KUBE-SERVICES', 'KUBE-SVC-WEB', 'KUBE-SEP-WEB0', 'KUBE-SEP-WEB1']
    nat = ['-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
           '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES']
    if plugin == 'calico-vxlan':
        nat_chains += ['cali-POSTROUTING', 'cali-nat-outgoing']
        nat.append('-A POSTROUTING -m comment --comment "cali:O3lYWMrLQYEMJtB5" -j cali-POSTROUTING')
    nat.append('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING')
    if plugin == 'kubenet':
        nat.append(f'-A POSTROUTING ! -d {cidr} -m comment --comment "kubenet: SNAT for outbound traffic from cluster" -m addrtype ! --dst-type LOCAL -j MASQUERADE')
    elif plugin != 'calico-vxlan':
        nat_chains.append('IP-MASQ-AGENT')
        nat.append('-A POSTROUTING -m comment --comment "ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom IP-MASQ-AGENT chain" -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT')
        for keep in [VNET] + (['10.244.0.0/16'] if plugin == 'azure-cni-overlay' else []):
            nat.append(f'-A IP-MASQ-AGENT -d {keep} -m comment --comment "ip-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN')
        nat.append('-A IP-MASQ-AGENT -m comment --comment "ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)" -j MASQUERADE')
    if plugin == 'calico-vxlan':
        nat += ['-A cali-POSTROUTING -m comment --comment "cali:Z-c7XtVd2Bq7s_hA" -j cali-nat-outgoing',
                '-A cali-nat-outgoing -m comment --comment "cali:flqWnvo8yq4ULQLa" -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully']
    nat += ['-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
            '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
            '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
            '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
            f'-A KUBE-SERVICES -d {SERVICE_IP}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport {SERVICE_PORT} -j KUBE-SVC-WEB',
            f'-A KUBE-SVC-WEB ! -s {cidr} -d {SERVICE_IP}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport {SERVICE_PORT} -j KUBE-MARK-MASQ',
            f'-A KUBE-SVC-WEB -m comment --comment "default/web -> {web[0]["ip"]}:{TARGET_PORT}" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-WEB0',
            f'-A KUBE-SVC-WEB -m comment --comment "default/web -> {web[1]["ip"]}:{TARGET_PORT}" -j KUBE-SEP-WEB1']
    for i, w in enumerate(web):
        nat += [f'-A KUBE-SEP-WEB{i} -s {w["ip"]}/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ',
                f'-A KUBE-SEP-WEB{i} -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination {w["ip"]}:{TARGET_PORT}']
    filt_chains = ['KUBE-FORWARD']
    first, after, chains = [], [], []
    if policy == 'calico':
        prefix = plan['pods'][0]['style']
        filt_chains += ['cali-FORWARD', 'cali-from-wl-dispatch', 'cali-to-wl-dispatch', 'cali-pro-kns.default', 'cali-pri-kns.default']
        first = ['-A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD',
                 '-A FORWARD -m comment --comment "cali:S93hcgKJrXEqnTfs" -m comment --comment "Policy explicitly accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT',
                 '-A FORWARD -m comment --comment "cali:mp77cMpurHhyjLrM" -j MARK --set-xmark 0x10000/0x10000']
        chains += ['-A cali-FORWARD -m comment --comment "cali:vjrMJCRpqwy5oRoX" -j MARK --set-xmark 0x0/0xe0000',
                   f'-A cali-FORWARD -i {prefix}+ -m comment --comment "cali:8ZoYfO5HKXWbB3pk" -j cali-from-wl-dispatch',
                   f'-A cali-FORWARD -o {prefix}+ -m comment --comment "cali:jdEuaPBe14V2hutn" -j cali-to-wl-dispatch']
        for p in ('pro', 'pri'):
            chains += [f'-A cali-{p}-kns.default -j MARK --set-xmark 0x10000/0x10000', f'-A cali-{p}-kns.default -m mark --mark 0x10000/0x10000 -j RETURN']
        here = pods_of(plan, node=node)
        policy_chain = 'cali-pi-_Hc2jXy4Ue9QnbQy1v3d'
        if any(p['app'] == 'db' for p in here):
            filt_chains.append(policy_chain)
            chains += [f'-A {policy_chain} -p tcp -m set --match-set cali40s:bd5BdOF9C2sAWd8OSr9_aA src -m multiport --dports 5432 -m comment --comment "Policy default/knp.default.db-from-web ingress" -j MARK --set-xmark 0x10000/0x10000',
                       f'-A {policy_chain} -m mark --mark 0x10000/0x10000 -m comment --comment "Return if policy accepted" -j RETURN']
        for p in here:
            fw, tw, ifn = f'cali-fw-{p["ifname"]}', f'cali-tw-{p["ifname"]}', p['ifname']
            filt_chains += [fw, tw]
            chains += [f'-A cali-from-wl-dispatch -i {ifn} -m comment --comment "cali:from-{ifn}" -g {fw}',
                       f'-A cali-to-wl-dispatch -o {ifn} -m comment --comment "cali:to-{ifn}" -g {tw}']
            for c, prof, pol in ((fw, 'cali-pro-kns.default', None), (tw, 'cali-pri-kns.default', policy_chain if p['app'] == 'db' else None)):
                chains += [f'-A {c} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', f'-A {c} -m conntrack --ctstate INVALID -j DROP',
                           f'-A {c} -j MARK --set-xmark 0x0/0x10000']
                if pol:
                    chains += [f'-A {c} -m comment --comment "Start of policies" -j MARK --set-xmark 0x0/0x20000', f'-A {c} -m mark --mark 0x0/0x20000 -j {pol}',
                               f'-A {c} -m mark --mark 0x10000/0x10000 -m comment --comment "Return if policy accepted" -j RETURN',
                               f'-A {c} -m mark --mark 0x0/0x20000 -m comment --comment "Drop if no policies passed packet" -j DROP']
                chains += [f'-A {c} -j {prof}', f'-A {c} -m mark --mark 0x10000/0x10000 -m comment --comment "Return if profile accepted" -j RETURN',
                           f'-A {c} -m comment --comment "Drop if no profiles matched" -j DROP']
        chains += ['-A cali-from-wl-dispatch -m comment --comment "Unknown interface" -j DROP', '-A cali-to-wl-dispatch -m comment --comment "Unknown interface" -j DROP']
    if policy == 'azure':
        filt_chains += ['AZURE-NPM', 'AZURE-NPM-ACCEPT', 'AZURE-NPM-INGRESS', 'AZURE-NPM-EGRESS', 'AZURE-NPM-INGRESS-ALLOW-MARK', 'AZURE-NPM-INGRESS-1837416292']
        after = ['-A FORWARD -m conntrack --ctstate NEW -j AZURE-NPM']
        chains += ['-A AZURE-NPM -j AZURE-NPM-INGRESS', '-A AZURE-NPM -j AZURE-NPM-EGRESS', '-A AZURE-NPM -j AZURE-NPM-ACCEPT',
                   '-A AZURE-NPM-ACCEPT -m comment --comment CLEAR-AZURE-NPM-MARKS -j MARK --set-xmark 0x0/0xffffffff', '-A AZURE-NPM-ACCEPT -j ACCEPT',
                   '-A AZURE-NPM-INGRESS-ALLOW-MARK -m comment --comment SET-INGRESS-ALLOW-MARK-0x200/0x200 -j MARK --set-xmark 0x200/0x200',
                   '-A AZURE-NPM-INGRESS-ALLOW-MARK -j AZURE-NPM-EGRESS',
                   '-A AZURE-NPM-INGRESS -m set --match-set azure-npm-3922407721 dst -m comment --comment "INGRESS-POLICY-default/db-from-web" -j AZURE-NPM-INGRESS-1837416292',
                   '-A AZURE-NPM-INGRESS -m mark --mark 0x400/0x400 -m comment --comment DROP-ON-INGRESS-DROP-MARK-0x400/0x400 -j DROP',
                   '-A AZURE-NPM-INGRESS-1837416292 -m set --match-set azure-npm-2837910840 src -p tcp -m tcp --dport 5432 -m comment --comment "ALLOW-default/db-from-web" -j AZURE-NPM-INGRESS-ALLOW-MARK',
                   '-A AZURE-NPM-INGRESS-1837416292 -m comment --comment "DROP-ALL-INGRESS-default/db-from-web" -j MARK --set-xmark 0x400/0x400',
                   '-A AZURE-NPM-EGRESS -m mark --mark 0x800/0x800 -m comment --comment DROP-ON-EGRESS-DROP-MARK-0x800/0x800 -j DROP',
                   '-A AZURE-NPM-EGRESS -m mark --mark 0x200/0x200 -m comment --comment ACCEPT-ON-INGRESS-ALLOW-MARK-0x200/0x200 -j AZURE-NPM-ACCEPT']
    filt = first + ['-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD'] + after + chains + [
        '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT']
    head = lambda builtins, names: [f':{b} ACCEPT [0:0]' for b in builtins] + [f':{n} - [0:0]' for n in names]
    return '\n'.join(['*nat', *head(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], nat_chains), *nat, 'COMMIT',
                      '*filter', *head(['INPUT', 'FORWARD', 'OUTPUT'], filt_chains), *filt, 'COMMIT']) + '\n'


if __name__ == '__main__':
    if sys.argv[1] == 'serve':
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == 'probe':
        print(json.dumps(probe(json.load(open(sys.argv[2])))))
    elif sys.argv[1] == 'plan':
        for p in modes_plan(sys.argv[2])['pods']:
            print(p['node'], p['ref'], p['app'], p['ip'], p['prefix'], p['ifname'], p['style'])
    elif sys.argv[1] == 'nodes':
        plan = modes_plan(sys.argv[2])
        for (node, ip) in NODES:
            n = plan['nodes'][node]
            print(node, ip, n['block'] or '-', n['gateway'] or '-', plan['cidr'])
    elif sys.argv[1] == 'rules':
        sys.stdout.write(modes_rules(sys.argv[2], sys.argv[3]))
    elif sys.argv[1] == 'ipsets':
        sys.stdout.write(modes_ipsets(sys.argv[2], sys.argv[3]))
