#!/usr/bin/env bash
# Captures `sysctl` output in a scratch network namespace shaped like a node (a cbr0 bridge, a vxlan.calico
# device), with bridge-netfilter turned off and forwarding on, for the sysctl parser's fixtures. The kernel's own
# answer, read from /proc/sys, is saved beside it (.kernel.json); src/core/parsers/kernel.test.ts compares the two.
# Root; creates and deletes its own namespace. Run from the repository root.
set -euo pipefail
NS="pp-sysctl-$$"
DIR=src/core/parsers/sysctl/fixtures
BASE="$DIR/sysctl--kernel-node"
trap 'ip netns del "$NS" 2>/dev/null || true' EXIT
X() { ip netns exec "$NS" "$@"; }

ip netns add "$NS"
X ip link add cbr0 type bridge
X ip link add vxlan.calico type vxlan id 4096 dstport 4789
X sysctl -qw net.ipv4.ip_forward=1
X sysctl -qw net.bridge.bridge-nf-call-iptables=0
X sysctl -qw net.ipv4.conf.cbr0.proxy_arp=1

KEYS=(net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables net.ipv4.ip_forward net.ipv4.conf.all.rp_filter
  net.ipv4.conf.cbr0.proxy_arp net.ipv4.conf.vxlan/calico.proxy_arp net.ipv4.ip_local_port_range)
mkdir -p "$DIR"
X sysctl "${KEYS[@]}" > "$BASE.txt"
# the kernel's answer: each key's file under /proc/sys (a `/` in a key is a `.` in the interface's name)
X python3 - "${KEYS[@]}" > "$BASE.kernel.json" <<'PY'
import json, sys
out = []
for key in sys.argv[1:]:
    path = '/proc/sys/' + '/'.join(part.replace('/', '.') for part in key.split('.'))
    with open(path) as f:
        out.append({'key': key, 'value': ' '.join(f.read().split())})
print(json.dumps(out, indent=2))
PY
echo "wrote $BASE.txt and $BASE.kernel.json"
