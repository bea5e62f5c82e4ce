#!/usr/bin/env bash
# Builds small Kubernetes-like topologies in network namespaces it creates (and deletes on exit), then captures
# the text outputs of ip/route/brctl/bridge/iptables/ipset together with the kernel's own `ip -j` twins.
# The parser tests compare the text parse with the kernel's JSON; nothing here runs during the tests.
#
#   sudo bash scripts/capture-kernel-fixtures.sh            (needs root, iproute2, iptables, ipset, bridge-utils, net-tools)
#
# Topology (all inside namespaces named pp-*, never the root namespace):
#   pp-underlay ── eth0 ── pp-node (the "node": 10.0.0.4/24)
#   pp-node: bridge cbr0 10.244.0.1/24 with pods pp-kubenet-a (10.244.0.10) and pp-kubenet-b (10.244.0.11)   [kubenet]
#            azv-style veth with a /32 route and proxy ARP to pp-transparent (10.224.0.24, gw 169.254.1.1) [Azure CNI transparent]
#            vxlan.calico (VNI 4096, UDP 4789), an fwmark ip rule with table 2004, a multipath and a blackhole route,
#            iptables (nat + filter, kube-proxy and Calico shapes) and an ipset.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=src/core/parsers
NS=(pp-node pp-underlay pp-kubenet-a pp-kubenet-b pp-transparent)
cleanup() { for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
for n in "${NS[@]}"; do ip netns add "$n"; ip -n "$n" link set lo up; done
N="ip netns exec pp-node"

# underlay
ip link add eth0 netns pp-node type veth peer name uplink netns pp-underlay
ip -n pp-underlay addr add 10.0.0.1/24 dev uplink && ip -n pp-underlay link set uplink up
ip -n pp-underlay addr add 10.0.0.2/24 dev uplink
ip -n pp-node addr add 10.0.0.4/24 dev eth0 && ip -n pp-node link set eth0 up
ip -n pp-node route add default via 10.0.0.1 dev eth0 metric 100
$N sysctl -qw net.ipv4.ip_forward=1

# kubenet: bridge cbr0 and two pods
ip -n pp-node link add cbr0 type bridge && ip -n pp-node addr add 10.244.0.1/24 dev cbr0 && ip -n pp-node link set cbr0 up
for p in a b; do
  ip=$([ $p = a ] && echo 10 || echo 11)
  ip link add "veth${p}0000001" netns pp-node type veth peer name eth0 netns "pp-kubenet-$p"
  ip -n pp-node link set "veth${p}0000001" master cbr0 up
  ip -n "pp-kubenet-$p" addr add "10.244.0.$ip/24" dev eth0 && ip -n "pp-kubenet-$p" link set eth0 up
  ip -n "pp-kubenet-$p" route add default via 10.244.0.1
done

# Azure CNI transparent: /32 route to the azv link, proxy ARP, pod default via 169.254.1.1 with a static neighbour
ip link add azvc440f455693 netns pp-node type veth peer name eth0 netns pp-transparent
ip -n pp-node link set azvc440f455693 address aa:aa:aa:aa:aa:aa up
$N sysctl -qw net.ipv4.conf.azvc440f455693.proxy_arp=1
ip -n pp-node route add 10.224.0.24/32 dev azvc440f455693
ip -n pp-transparent addr add 10.224.0.24/16 dev eth0 && ip -n pp-transparent link set eth0 up
ip -n pp-transparent route del 10.224.0.0/16 dev eth0
ip -n pp-transparent route add 169.254.1.1 dev eth0 scope link
ip -n pp-transparent route add default via 169.254.1.1 dev eth0
ip -n pp-transparent neigh add 169.254.1.1 lladdr aa:aa:aa:aa:aa:aa dev eth0 nud permanent

# Calico VXLAN device, policy routing, multipath and blackhole routes
ip -n pp-node link add vxlan.calico type vxlan id 4096 local 10.0.0.4 dev eth0 dstport 4789
ip -n pp-node addr add 192.168.1.0/32 dev vxlan.calico && ip -n pp-node link set vxlan.calico up
ip -n pp-node route add 192.168.2.0/26 via 192.168.2.0 dev vxlan.calico onlink
ip -n pp-node neigh add 192.168.2.0 lladdr 66:1b:3a:02:00:01 dev vxlan.calico nud permanent
ip -n pp-node rule add fwmark 0x200/0xf00 lookup 2004 priority 9
ip -n pp-node route add local default dev lo table 2004
ip -n pp-node route add 198.51.100.0/24 nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via 10.0.0.2 dev eth0 weight 2
ip -n pp-node route add blackhole 10.244.9.0/24
$N ping -c1 -W1 10.0.0.1 >/dev/null
$N ping -c1 -W1 10.244.0.10 >/dev/null

# iptables and ipsets shaped like kube-proxy and Calico
$N ipset create cali40s:d0vaXDV0OjdKq6czssWe9SI hash:net
for m in 10.244.0.10 10.244.0.11 10.13.76.0/24; do $N ipset add cali40s:d0vaXDV0OjdKq6czssWe9SI "$m"; done
$N ipset create KUBE-CLUSTER-IP hash:ip,port
$N ipset add KUBE-CLUSTER-IP 10.96.0.10,udp:53
$N iptables-restore <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-NGINX - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING ! -d 10.244.0.0/16 -m comment --comment "kubenet: SNAT for outbound traffic from cluster" -m addrtype ! --dst-type LOCAL -j MASQUERADE
-A KUBE-SERVICES -d 10.0.48.181/32 -p tcp -m comment --comment "default/nginx cluster IP" -m tcp --dport 8080 -j KUBE-SVC-NGINX
-A KUBE-SVC-NGINX ! -s 10.244.0.0/16 -d 10.0.48.181/32 -p tcp -m tcp --dport 8080 -j KUBE-MARK-MASQ
-A KUBE-SVC-NGINX -m comment --comment "default/nginx -> 10.244.0.10:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A
-A KUBE-SVC-NGINX -m comment --comment "default/nginx -> 10.244.0.11:80" -j KUBE-SEP-B
-A KUBE-SEP-A -s 10.244.0.10/32 -j KUBE-MARK-MASQ
-A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.0.10:80
-A KUBE-SEP-B -s 10.244.0.11/32 -j KUBE-MARK-MASQ
-A KUBE-SEP-B -p tcp -m tcp -j DNAT --to-destination 10.244.0.11:80
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:cali-FORWARD - [0:0]
:cali-to-wl-dispatch - [0:0]
:cali-tw-vetha0000001 - [0:0]
:cali-pi-_FSXf14qKl1ZqjRcvUXU - [0:0]
-A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD
-A FORWARD -i cbr0 -o cbr0 -j ACCEPT
-A FORWARD -s 10.244.0.0/16 -j ACCEPT
-A FORWARD -d 10.244.0.0/16 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A cali-FORWARD -o veth+ -m comment --comment "cali:vjrMJCRpqwy5oRoX" -j cali-to-wl-dispatch
-A cali-to-wl-dispatch -o vetha0000001 -m comment --comment "cali:y3O234FtkeR9ducV" -g cali-tw-vetha0000001
-A cali-tw-vetha0000001 -m comment --comment "cali:7XHdmNu1zVtvWUdb" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A cali-tw-vetha0000001 -m comment --comment "cali:hHFW5V6wHLc8mcEK" -j MARK --set-xmark 0x0/0x10000
-A cali-tw-vetha0000001 -m comment --comment "cali:kE02v2aA1qh8HxxR" -m mark --mark 0x0/0x20000 -j cali-pi-_FSXf14qKl1ZqjRcvUXU
-A cali-tw-vetha0000001 -m comment --comment "cali:2HPKw4B7yxk7mqMM" -m comment --comment "Return if policy accepted" -m mark --mark 0x10000/0x10000 -j RETURN
-A cali-tw-vetha0000001 -m comment --comment "cali:U1Sl_cfTEErYbbZL" -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP
-A cali-pi-_FSXf14qKl1ZqjRcvUXU -p tcp -m comment --comment "cali:grRCxE4BRKEgkFyx" -m set --match-set cali40s:d0vaXDV0OjdKq6czssWe9SI src -m multiport --dports 80,8080:8090 -j MARK --set-xmark 0x10000/0x10000
-A cali-pi-_FSXf14qKl1ZqjRcvUXU -p udp -m udp --sport 53 -j ACCEPT
-A cali-pi-_FSXf14qKl1ZqjRcvUXU -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A cali-pi-_FSXf14qKl1ZqjRcvUXU -d 168.63.129.16/32 -p tcp -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable
COMMIT
RULES
# counters from real packets: pod a pings pod b across cbr0 (bridged, FORWARD not traversed without br_netfilter)
ip netns exec pp-kubenet-a ping -c2 -W1 10.244.0.11 >/dev/null
ip netns exec pp-transparent ping -c1 -W1 10.0.0.4 >/dev/null || true

cap() { # cap KIND CASE NETNS COMMAND… → fixtures/KIND--kernel-CASE.txt
  local kind=$1 case=$2 ns=$3; shift 3
  mkdir -p "$OUT/$kind/fixtures"
  ip netns exec "$ns" "$@" > "$OUT/$kind/fixtures/$kind--kernel-$case.txt"
}
twin() { # twin KIND CASE NETNS COMMAND… → the kernel's JSON next to a text fixture
  local kind=$1 case=$2 ns=$3; shift 3
  ip netns exec "$ns" "$@" | python3 -m json.tool > "$OUT/$kind/fixtures/$kind--kernel-$case.kernel.json"
}
for ns in pp-node pp-kubenet-a pp-transparent; do
  c=${ns#pp-}
  cap ip-addr "$c-addr" "$ns" ip addr;            twin ip-addr "$c-addr" "$ns" ip -j addr
  cap ip-route "$c-route" "$ns" ip route;         twin ip-route "$c-route" "$ns" ip -j route
  cap ip-neigh "$c-neigh" "$ns" ip neigh;         twin ip-neigh "$c-neigh" "$ns" ip -j neigh
  cap route-n "$c-route-n" "$ns" route -n;        twin route-n "$c-route-n" "$ns" ip -j -4 route show table main
done
cap ip-addr node-d-link pp-node ip -d link;      twin ip-addr node-d-link pp-node ip -j -d link
cap ip-route node-table-all pp-node ip route show table all; twin ip-route node-table-all pp-node ip -j route show table all
cap ip-rule node-rule pp-node ip rule;           twin ip-rule node-rule pp-node ip -j rule
cap route-n node-route-ne pp-node route -ne;     twin route-n node-route-ne pp-node ip -j -4 route show table main
cap route-n node-netstat-rn pp-node netstat -rn; twin route-n node-netstat-rn pp-node ip -j -4 route show table main
cap ip-json node-addr pp-node ip -j addr
cap ip-json node-route pp-node ip -j route
cap ip-json transparent-neigh pp-transparent ip -j neigh
cap ip-json node-rule pp-node ip -j rule
cap brctl node-brctl-show pp-node brctl show
cap bridge node-bridge-link pp-node bridge link; twin bridge node-bridge-link pp-node bridge -j link
cap bridge node-bridge-fdb pp-node bridge fdb show br cbr0
cap iptables-save node-save pp-node iptables-save
cap iptables-save node-save-c pp-node iptables-save -c
cap iptables-rules node-S-filter pp-node iptables -S
cap iptables-rules node-S-v-nat pp-node iptables -t nat -S -v
# each listing is followed at once by the kernel's own counters (iptables-save -c), for the counter comparison
cap iptables-list node-nvL-filter pp-node iptables -L -n -v
ip netns exec pp-node iptables-save -c -t filter > "$OUT/iptables-list/fixtures/iptables-list--kernel-node-nvL-filter.kernel-save.txt"
cap iptables-list node-nvxL-nat-line-numbers pp-node iptables -t nat -L -n -v -x --line-numbers
ip netns exec pp-node iptables-save -c -t nat > "$OUT/iptables-list/fixtures/iptables-list--kernel-node-nvxL-nat-line-numbers.kernel-save.txt"
# without -n iptables resolves names (and sends packets doing so): last, so it moves no counter captured above
cap iptables-list node-L-resolved-nat pp-node iptables -t nat -L
cap ipset node-list pp-node ipset list
echo "captured into $OUT/*/fixtures/*--kernel-*"
