#!/usr/bin/env bash
# Builds a small kubenet-like node in network namespaces it creates (ppi-*, deleted on exit) and captures real
# outputs in the shapes people paste (issue #16): a nat listing pasted without its command (class 1), `route`
# without -n resolving names from the namespace's /etc/hosts and /etc/networks (class 6), a grep of a chain and
# its full listing, counters before and after traffic, two `route -n` around a route change (class 5), `tcpdump -e`
# with ARP (class 7), and a node's dumps as loose files (class 9). Each paste gets a `.kernel.txt` twin: what the
# kernel itself says (iptables-save, ip -j route, tcpdump's packet count), which the fixture's expectations use.
# Nothing here runs during the tests.
#
#   sudo bash scripts/capture-paste-fixtures.sh        (needs root, iproute2, iptables, net-tools, tcpdump)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=src/core/ingest/fixtures/pastes
NS=(ppi-node ppi-up ppi-pod)
cleanup() { for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done; rm -rf /etc/netns/ppi-node; rmdir /etc/netns 2>/dev/null || true; }
trap cleanup EXIT
cleanup
for n in "${NS[@]}"; do ip netns add "$n"; ip -n "$n" link set lo up; done
N="ip netns exec ppi-node"
P="ip netns exec ppi-pod"

# the node: eth0 to the "VNet", bridge cbr0 with one pod
ip link add eth0 netns ppi-node type veth peer name uplink netns ppi-up
ip -n ppi-up addr add 10.0.9.1/24 dev uplink && ip -n ppi-up link set uplink up
ip -n ppi-node addr add 10.0.9.4/24 dev eth0 && ip -n ppi-node link set eth0 up
ip -n ppi-node route add default via 10.0.9.1 dev eth0
$N sysctl -qw net.ipv4.ip_forward=1
ip -n ppi-node link add cbr0 type bridge && ip -n ppi-node addr add 10.244.7.1/24 dev cbr0 && ip -n ppi-node link set cbr0 up
ip link add veth7a0c1d2e netns ppi-node type veth peer name eth0 netns ppi-pod
ip -n ppi-node link set veth7a0c1d2e master cbr0 up
ip -n ppi-pod addr add 10.244.7.10/24 dev eth0 && ip -n ppi-pod link set eth0 up
ip -n ppi-pod route add default via 10.244.7.1

# kube-proxy's shape: a ClusterIP 10.96.7.7:80 → the pod's 8080, masquerade off the pod CIDR
$N iptables-restore <<'EOF'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-TESTSVC7WEBAPP - [0:0]
:KUBE-SEP-TESTSEP7WEBAPP - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING -s 10.244.7.0/24 ! -d 10.244.0.0/16 -m comment --comment "kubenet: SNAT for outbound traffic from cluster" -m addrtype ! --dst-type LOCAL -j MASQUERADE
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SERVICES -d 10.96.7.7/32 -p tcp -m comment --comment "default/webapp cluster IP" -m tcp --dport 80 -j KUBE-SVC-TESTSVC7WEBAPP
-A KUBE-SVC-TESTSVC7WEBAPP ! -s 10.244.0.0/16 -d 10.96.7.7/32 -p tcp -m comment --comment "default/webapp cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-TESTSVC7WEBAPP -m comment --comment "default/webapp -> 10.244.7.10:8080" -j KUBE-SEP-TESTSEP7WEBAPP
-A KUBE-SEP-TESTSEP7WEBAPP -s 10.244.7.10/32 -m comment --comment "default/webapp" -j KUBE-MARK-MASQ
-A KUBE-SEP-TESTSEP7WEBAPP -p tcp -m comment --comment "default/webapp" -m tcp -j DNAT --to-destination 10.244.7.10:8080
COMMIT
EOF

# class 1: the nat table listed with counters, pasted under a line of prose instead of its command
{ echo "nat table on the node, before any traffic:"; echo; $N iptables -t nat -nvL; } > "$OUT/1-kernel-nat-listing.txt"
$N iptables-save -t nat | grep -v '^#' > "$OUT/1-kernel-nat-listing.kernel.txt"

# class 6: `route` without -n names addresses from the namespace's /etc/hosts and /etc/networks (ip netns exec mounts them)
mkdir -p /etc/netns/ppi-node
printf '10.0.9.1\tppi-gateway\n10.0.9.254\tip-10-0-9-254.internal\n' > /etc/netns/ppi-node/hosts
printf 'podnet\t10.244.7.0\n' > /etc/netns/ppi-node/networks
$N ip route add 10.30.0.0/16 via 10.0.9.254 dev eth0
{ echo "root@ppi-node:~# route"; $N route; } > "$OUT/6-kernel-route-names.txt"
$N ip -j route > "$OUT/6-kernel-route-names.kernel.txt"
$N ip route del 10.30.0.0/16
rm -rf /etc/netns/ppi-node; rmdir /etc/netns 2>/dev/null || true

# class 5: a grep of a chain, its full listing, counters before and after a connection, two route -n around a change
prompt() { echo "root@ppi-node:~# $1"; }
{
  prompt 'iptables-save | grep TESTSVC7WEBAPP'; $N iptables-save | grep TESTSVC7WEBAPP
  prompt 'iptables -t nat -S KUBE-SVC-TESTSVC7WEBAPP'; $N iptables -t nat -S KUBE-SVC-TESTSVC7WEBAPP
  prompt 'iptables -t nat -L KUBE-SERVICES -n -v -x'; $N iptables -t nat -L KUBE-SERVICES -n -v -x
  $P timeout 2 bash -c 'echo > /dev/tcp/10.96.7.7/80' 2>/dev/null || true
  prompt 'iptables -t nat -L KUBE-SERVICES -n -v -x'; $N iptables -t nat -L KUBE-SERVICES -n -v -x
  prompt 'route -n'; $N route -n
  $N ip route add 10.20.0.0/16 via 10.0.9.1 dev eth0
  prompt 'route -n'; $N route -n
  prompt 'ip route'; $N ip route
} > "$OUT/5-kernel-views-and-snapshots.txt"
{ $N iptables-save -t nat | grep -v '^#'; echo '---'; $N ip -j route; } > "$OUT/5-kernel-views-and-snapshots.kernel.txt"

# class 7: tcpdump -e in the pod while it ARPs for its gateway and connects to the service
$P ip neigh flush dev eth0
$P tcpdump -e -n -l -i eth0 -c 6 > /tmp/ppi-tcpdump.out 2> /tmp/ppi-tcpdump.err &
dump=$!
sleep 1
$P timeout 2 bash -c 'echo > /dev/tcp/10.96.7.7/80' 2>/dev/null || true
$P ping -c 2 -W 1 10.244.7.1 > /dev/null || true
wait "$dump" || true
{ echo "root@ppi-pod:/# tcpdump -e -n -i eth0 -c 6"; grep -v '^$' /tmp/ppi-tcpdump.err | grep -v 'packets captured\|received by filter\|dropped by kernel' || true
  cat /tmp/ppi-tcpdump.out; grep 'packets captured' /tmp/ppi-tcpdump.err || true; } > "$OUT/7-kernel-tcpdump-e-arp.txt"
grep -c . /tmp/ppi-tcpdump.out > "$OUT/7-kernel-tcpdump-e-arp.kernel.txt"
rm -f /tmp/ppi-tcpdump.out /tmp/ppi-tcpdump.err

# class 9: the node's dumps as loose files, dropped together with no node named
mkdir -p "$OUT/9-kernel-loose-files"
$N ip addr > "$OUT/9-kernel-loose-files/ip-addr.txt"
$N ip route > "$OUT/9-kernel-loose-files/ip-route.txt"
$N iptables-save > "$OUT/9-kernel-loose-files/iptables-save.txt"
{ $N ip -j addr; echo '---'; $N ip -j route; } > "$OUT/9-kernel-loose-files.kernel.txt"
echo "captured into $OUT"
