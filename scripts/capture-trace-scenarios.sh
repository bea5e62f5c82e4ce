#!/usr/bin/env bash
# Kernel-checked trace scenarios. Builds small AKS-shaped clusters in network namespaces it creates (and deletes),
# captures each node's dumps the way a user would, then runs real, bounded probes between pods, nodes and an
# "internet" host and records what the kernel did: delivered or not, the address the server was reached at
# (DNAT) and the client address it saw (SNAT), the interfaces whose counters moved, and the iptables rules
# whose counters moved (the dropping rule). src/core/trace/kernel.test.ts asks the trace engine the same
# questions on the captured dumps and compares. Nothing here runs during the tests.
#
#   sudo bash scripts/capture-trace-scenarios.sh [kubenet|azure-cni|azure-cni-overlay|calico-vxlan ...]
#
# Needs root, iproute2, iptables (nft or legacy), ipset, bridge-utils and python3 (scripts/kernel-probe.py).
# Every namespace is named ppt-*; the root namespace is never touched.
#
# The fabric: namespace ppt-vnet is the Azure VNet — bridge vnet0 (10.240.0.1/16) joins every node's eth0 and
# routes to ppt-inet (203.0.113.10, "the internet"). In kubenet it carries the route table (pod CIDR → node); for
# Azure CNI the VNet delivers a pod IP to the node holding it, emulated with proxy ARP on the node's eth0.
# The kubectl outputs beside the dumps are written by this script: they describe the cluster it built, in the
# format kubectl prints (there is no API server here).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=src/core/trace/fixtures/kernel
PROBE=scripts/kernel-probe.py
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(kubenet kubenet-sysctl azure-cni azure-cni-overlay calico-vxlan modes)
# every mode PacketPath can toggle: one cluster inventory built in each (`modes`, or `modes:<plugin>+<policy>`)
MODES=(kubenet+none kubenet+calico azure-cni-bridge+none azure-cni+none azure-cni+azure azure-cni+calico
  azure-cni-overlay+none azure-cni-overlay+azure azure-cni-overlay+calico calico-vxlan+calico calico-vxlan+none)

cleanup() { for n in $(ip netns list | awk '/^ppt-/{print $1}'); do ip netns del "$n" 2>/dev/null || true; done; }
trap cleanup EXIT

X() { ip netns exec "$@"; }
mkns() { # a namespace with loopback up and no IPv6 (router solicitations would move the counters)
  ip netns add "$1"
  X "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$1" link set lo up
}

fabric() {
  CLUSTER_NODES=(); CLUSTER_PODS=()
  mkns ppt-vnet; mkns ppt-inet
  ip -n ppt-vnet link add vnet0 type bridge && ip -n ppt-vnet addr add 10.240.0.1/16 dev vnet0 && ip -n ppt-vnet link set vnet0 up
  X ppt-vnet sysctl -qw net.ipv4.ip_forward=1
  ip link add inet0 netns ppt-vnet type veth peer name eth0 netns ppt-inet
  ip -n ppt-vnet addr add 203.0.113.1/24 dev inet0 && ip -n ppt-vnet link set inet0 up
  ip -n ppt-inet addr add 203.0.113.10/24 dev eth0 && ip -n ppt-inet link set eth0 up
  ip -n ppt-inet route add default via 203.0.113.1
}

# The scenario's cluster, one line per node ("NAME NETNS") and per pod ("NODE NODE_NETNS POD_NETNS NS/NAME APP IP"):
# the captures, the kubectl tables and the namespaces the probes watch are all derived from these two lists.
CLUSTER_NODES=()
CLUSTER_PODS=()

# node NAME NETNS IP MAC: the node's eth0 on the VNet, default route via the VNet's gateway
node() {
  local name=$1 ns=$2 ip=$3 mac=$4
  CLUSTER_NODES+=("$name $ns")
  mkns "$ns"
  ip link add eth0 netns "$ns" type veth peer name "v-${ns#ppt-}" netns ppt-vnet
  ip -n ppt-vnet link set "v-${ns#ppt-}" master vnet0 up
  ip -n "$ns" link set eth0 address "$mac"
  ip -n "$ns" addr add "$ip/16" dev eth0 && ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via 10.240.0.1 dev eth0
  X "$ns" sysctl -qw net.ipv4.ip_forward=1
}

# register_pod NODE NS/NAME APP IP: sets $node (the node's netns) and $pod (the pod's: ppt-kn0 → ppt-kn-<name>)
register_pod() {
  local name=$1 ref=$2 app=$3 ip=$4 entry n ns
  for entry in "${CLUSTER_NODES[@]}"; do read -r n ns <<<"$entry"; if [ "$n" = "$name" ]; then node=$ns; fi; done
  pod="${node%[0-9]}-${ref#*/}"
  CLUSTER_PODS+=("$name $node $pod $ref $app $ip")
}

# kubenet_pod NODE NS/NAME APP VETH IP GW: a pod on cbr0
kubenet_pod() {
  local node pod veth=$4 ip=$5 gw=$6
  register_pod "$1" "$2" "$3" "$ip"
  mkns "$pod"
  ip link add "$veth" netns "$node" type veth peer name eth0 netns "$pod"
  ip -n "$node" link set "$veth" master cbr0 up
  ip -n "$pod" addr add "$ip/24" dev eth0 && ip -n "$pod" link set eth0 up
  ip -n "$pod" route add default via "$gw"
}

# routed_pod NODE NS/NAME APP HOSTIF HOSTMAC IP PREFIX static|proxy: Azure CNI transparent / Calico pod — a /32
# route to the host end, the pod's default via 169.254.1.1 (a static neighbour, or proxy ARP on the host end)
routed_pod() {
  local node pod hostif=$4 hostmac=$5 ip=$6 prefix=$7 static=$8
  register_pod "$1" "$2" "$3" "$ip"
  mkns "$pod"
  ip link add "$hostif" netns "$node" type veth peer name eth0 netns "$pod"
  ip -n "$node" link set "$hostif" address "$hostmac" up
  ip -n "$pod" addr add "$ip/$prefix" dev eth0 && ip -n "$pod" link set eth0 up
  [ "$prefix" != 32 ] && ip -n "$pod" route del "$(python3 -c "import ipaddress;print(ipaddress.ip_interface('$ip/$prefix').network)")" dev eth0
  ip -n "$pod" route add 169.254.1.1 dev eth0 scope link
  ip -n "$pod" route add default via 169.254.1.1 dev eth0
  if [ "$static" = static ]; then ip -n "$pod" neigh add 169.254.1.1 lladdr "$hostmac" dev eth0 nud permanent
  else X "$node" sysctl -qw "net.ipv4.conf.$hostif.proxy_arp=1"; fi
  ip -n "$node" route add "$ip/32" dev "$hostif" proto static
}

# capture_node DIR NETNS: what a user runs on a node
capture_node() {
  local dir=$1 ns=$2
  mkdir -p "$dir"
  X "$ns" ip addr > "$dir/ip-addr.txt"
  X "$ns" ip -d link > "$dir/ip-d-link.txt"
  X "$ns" ip route > "$dir/ip-route.txt"
  X "$ns" ip neigh > "$dir/ip-neigh.txt"
  X "$ns" iptables-save -c > "$dir/iptables-save.txt"
  # the settings the trace reads: bridge-netfilter, forwarding, and proxy ARP per interface (as `sysctl -a | grep proxy_arp`)
  { X "$ns" sysctl net.bridge.bridge-nf-call-iptables net.ipv4.ip_forward; X "$ns" sysctl -a -r '\.proxy_arp$'; } > "$dir/sysctl.txt"
  if X "$ns" ipset list -n | grep -q .; then X "$ns" ipset list > "$dir/ipset-list.txt"; fi
  if X "$ns" ip -d link show type bridge | grep -q .; then X "$ns" brctl show > "$dir/brctl-show.txt"; fi
  if X "$ns" ip link show type vxlan | grep -q .; then X "$ns" bridge fdb show dev vxlan.calico > "$dir/bridge-fdb.txt"; fi
}
# capture_pod DIR NETNS NAME: the view from inside a pod (kubectl exec / nsenter), files named pod-<name>-*
capture_pod() {
  local dir=$1 ns=$2 name=$3
  X "$ns" ip addr > "$dir/pod-$name-ip-addr.txt"
  X "$ns" ip route > "$dir/pod-$name-ip-route.txt"
  X "$ns" ip neigh > "$dir/pod-$name-ip-neigh.txt"
}

# capture_cluster DIR: every node's and pod's dumps (a folder per node), `kubectl get pods|nodes -o wide`, and the
# WATCH / NODES lists the probes read; first, each pod talks to the VNet gateway so the neighbour tables are warm
capture_cluster() {
  local dir=$1 entry name ns node_ns pod_ns ref app ip
  for entry in "${CLUSTER_PODS[@]}"; do read -r _ _ pod_ns _ _ _ <<<"$entry"; X "$pod_ns" ping -c1 -W1 10.240.0.1 >/dev/null || true; done
  # the nodes re-check the neighbours that traffic used (DELAY → PROBE, a unicast ARP 5 s later): let those pass
  # before a probe counts packets, or they show up as interfaces it crossed
  sleep 6
  WATCH="ppt-inet=external|external"
  NODES=""
  local names=()
  for entry in "${CLUSTER_NODES[@]}"; do
    read -r name ns <<<"$entry"
    capture_node "$dir/$name" "$ns"
    WATCH+=" $ns=$name|host"; NODES+=" $name=$ns"; names+=("$name")
  done
  local row='%-12s%-13s%-8s%-10s%-11s%-6s%-15s%-18s%-17s%-18s%s\n'
  { printf "$row" NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE 'NOMINATED NODE' 'READINESS GATES' LABELS
    for entry in "${CLUSTER_PODS[@]}"; do
      read -r name node_ns pod_ns ref app ip <<<"$entry"
      capture_pod "$dir/$name" "$pod_ns" "${ref#*/}"
      printf "$row" "${ref%/*}" "${ref#*/}" 1/1 Running 0 5m "$ip" "$name" '<none>' '<none>' "app=$app"
    done | sort; } > "$dir/kubectl-get-pods.txt"
  kubectl_nodes "$dir/kubectl-get-nodes.txt" "${names[@]}"
  # (not in the loop above: a loop feeding `sort` runs in a subshell, and WATCH would not survive it)
  for entry in "${CLUSTER_PODS[@]}"; do read -r name node_ns pod_ns ref app ip <<<"$entry"; WATCH+=" $pod_ns=$name|pod:$ref"; done
}

# kubectl_nodes FILE NAME…: `kubectl get nodes -o wide` for the nodes built here (10.240.0.4, .5, … in order)
kubectl_nodes() {
  local file=$1 ip=4; shift
  local row='%-16s%-9s%-8s%-6s%-10s%-14s%-14s%-21s%-20s%s\n'
  { printf "$row" NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME
    for n in "$@"; do
      printf "$row" "$n" Ready agent 9m v1.29.7 "10.240.0.$ip" '<none>' 'Ubuntu 22.04.4 LTS' 5.15.0-1068-azure containerd://1.7.15-1
      ip=$((ip + 1))
    done; } > "$file"
}
# ingress_policy FILE NAME NAMESPACE APP FROM_APP PORT: a NetworkPolicy letting only FROM_APP reach APP on TCP PORT
ingress_policy() {
  cat > "$1" <<K
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: $2
  namespace: $3
spec:
  podSelector:
    matchLabels:
      app: $4
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: $5
    ports:
    - protocol: TCP
      port: $6
K
}

# probe NAME FLOW(from→to as the CLI takes it) FROM_NS PROTO DST PORT LISTEN_PORT REPEAT "SERVER_NS…" — the
# watched namespaces and the node namespaces come from WATCH and NODES (set by capture_cluster)
ANSWERS=()
probe() {
  local name=$1 from=$2 to=$3 from_ns=$4 proto=$5 dst=$6 port=$7 listen=$8 repeat=$9 servers=${10}
  local spec; spec=$(mktemp)
  python3 - "$spec" <<PY
import json, sys
watch = dict(w.split('=', 1) for w in """$WATCH""".split())
nodes = dict(w.split('=', 1) for w in """$NODES""".split())
json.dump({'name': '$name', 'flow': {'from': '$from', 'to': '$to'}, 'from_ns': '$from_ns', 'proto': '$proto', 'dst': '$dst',
           'port': int('$port' or 0), 'listen_port': int('$listen' or 0), 'repeat': $repeat, 'timeout': float('${PROBE_TIMEOUT:-1.5}'),
           'server_ns': '$servers'.split(), 'watch': watch, 'nodes': nodes}, open(sys.argv[1], 'w'))
PY
  ANSWERS+=("$(python3 "$PROBE" probe "$spec")")
  rm -f "$spec"
  echo "  probe $name: $(echo "${ANSWERS[-1]}" | python3 -c 'import json,sys; a=json.load(sys.stdin); print([(o["count"], o["delivered"], o.get("server", o.get("error"))) for o in a["outcomes"]])')"
}
write_answers() { # the kernel's answers, one file per scenario, beside (not inside) the folder the CLI reads
  printf '%s\n' "${ANSWERS[@]}" | python3 -c '
import json, sys
answers = [json.loads(l) for l in sys.stdin if l.strip()]
json.dump({"scenario": sys.argv[1], "probes": answers}, open(sys.argv[2], "w"), indent=1)
print(f"  {len(answers)} probes → {sys.argv[2]}")' "$1" "$OUT/$1.kernel.json"
  ANSWERS=()
}

# ─── kubenet with kube-proxy: route table between nodes, cbr0, ClusterIP, NodePort, MASQUERADE ───────────────
kube_proxy_rules() { # $1: this node's cbr0 address family (cluster CIDR 10.244.0.0/16)
  cat <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-EXT-WEB - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-WEB0 - [0:0]
:KUBE-SEP-WEB1 - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-WEB - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING ! -d 10.244.0.0/16 -m comment --comment "kubenet: SNAT for outbound traffic from cluster" -m addrtype ! --dst-type LOCAL -j MASQUERADE
-A KUBE-EXT-WEB -m comment --comment "masquerade traffic for default/web external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-WEB -j KUBE-SVC-WEB
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web" -m tcp --dport 30080 -j KUBE-EXT-WEB
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-WEB0 -s 10.244.0.10/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ
-A KUBE-SEP-WEB0 -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.0.10:8080
-A KUBE-SEP-WEB1 -s 10.244.1.10/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ
-A KUBE-SEP-WEB1 -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.1.10:8080
-A KUBE-SERVICES -d 10.0.100.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-WEB
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-WEB ! -s 10.244.0.0/16 -d 10.0.100.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.244.0.10:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-WEB0
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.244.1.10:8080" -j KUBE-SEP-WEB1
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-FORWARD - [0:0]
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
RULES
}

# kubenet_cluster NAME NETNS MAC: two kubenet nodes NAME-0/1 (namespaces NETNS0/1, eth0 MACs 00:0d:3a:MAC:00:04/05)
# with the route table on the VNet, cbr0, bridge-netfilter on and kube-proxy's rules; web-0 and client-0 on node 0,
# web-1 on node 1
kubenet_cluster() {
  local name=$1 ns=$2 mac=$3 i
  # the kubenet route table on the VNet: each node's pod CIDR via the node
  ip -n ppt-vnet route add 10.244.0.0/24 via 10.240.0.4
  ip -n ppt-vnet route add 10.244.1.0/24 via 10.240.0.5
  for i in 0 1; do
    node "$name-$i" "$ns$i" "10.240.0.$((4 + i))" "00:0d:3a:$mac:00:0$((4 + i))"
    ip -n "$ns$i" link add cbr0 type bridge && ip -n "$ns$i" addr add "10.244.$i.1/24" dev cbr0 && ip -n "$ns$i" link set cbr0 promisc on up
    X "$ns$i" sysctl -qw net.bridge.bridge-nf-call-iptables=1
    kube_proxy_rules | X "$ns$i" iptables-restore
  done
  kubenet_pod "$name-0" default/web-0 web veth5c3e7a01 10.244.0.10 10.244.0.1
  kubenet_pod "$name-0" default/client-0 client veth9b21f4e2 10.244.0.11 10.244.0.1
  kubenet_pod "$name-1" default/web-1 web vethd07c66b3 10.244.1.10 10.244.1.1
}

kubenet() {
  local D=$OUT/kubenet
  rm -rf "$D"; mkdir -p "$D"
  fabric
  kubenet_cluster aks-kubenet ppt-kn 10

  capture_cluster "$D"

  cat > "$D/kubectl-get-svc.txt" <<'K'
NAMESPACE   NAME   TYPE       CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE
default     web    NodePort   10.0.100.10   <none>        80:30080/TCP   5m
K
  # every node's pod CIDR (kubectl get nodes -o yaml, trimmed): the route table the VNet holds, complete
  { echo 'apiVersion: v1'; echo 'kind: List'; echo 'items:'
    for i in 0 1; do cat <<K
- apiVersion: v1
  kind: Node
  metadata:
    name: aks-kubenet-$i
  spec:
    podCIDR: 10.244.$i.0/24
  status:
    addresses:
    - type: InternalIP
      address: 10.240.0.$((4 + i))
K
    done; } > "$D/kubectl-get-nodes-o-yaml.txt"

  probe pod-to-pod-other-node default/client-0 default/web-1:8080 ppt-kn-client-0 tcp 10.244.1.10 8080 8080 1 "ppt-kn-web-1"
  probe pod-to-pod-same-bridge default/client-0 default/web-0:8080 ppt-kn-client-0 tcp 10.244.0.10 8080 8080 1 "ppt-kn-web-0"
  probe pod-to-clusterip default/client-0 10.0.100.10:80 ppt-kn-client-0 tcp 10.0.100.10 80 8080 24 "ppt-kn-web-0 ppt-kn-web-1"
  # a pod reaching its own ClusterIP: cbr0 is promiscuous but its ports are not in hairpin mode (issue 16). The client
  # gives up before TCP retransmits its SYN (1 s), so that each attempt is one choice of endpoint and the counters tell
  # the two apart
  PROBE_TIMEOUT=0.8 probe pod-to-own-clusterip default/web-0 10.0.100.10:80 ppt-kn-web-0 tcp 10.0.100.10 80 8080 24 "ppt-kn-web-0 ppt-kn-web-1"
  probe internet-to-nodeport 203.0.113.10 10.240.0.4:30080 ppt-inet tcp 10.240.0.4 30080 8080 24 "ppt-kn-web-0 ppt-kn-web-1"
  probe pod-to-internet default/client-0 203.0.113.10:443 ppt-kn-client-0 tcp 203.0.113.10 443 443 1 "ppt-inet"
  # an address of the pod CIDR no node holds: the route table has no route for it (issue 16)
  probe pod-to-unrouted-pod-ip default/client-0 10.244.7.9:8080 ppt-kn-client-0 tcp 10.244.7.9 8080 8080 1 ""
  probe pod-ping-other-node default/client-0 default/web-1/icmp ppt-kn-client-0 icmp 10.244.1.10 "" "" 1 ""
  write_answers kubenet
  cleanup
}

# ─── kubenet with the node settings that change the path: on node 0 bridge-netfilter is off (bridged frames skip
# iptables: a FORWARD rule that would drop web-0's port shows it) and forwarding is off (the node routes nothing) ───
kubenet_sysctl() {
  local D=$OUT/kubenet-sysctl
  rm -rf "$D"; mkdir -p "$D"
  fabric
  kubenet_cluster aks-sysctl ppt-sy 40
  X ppt-sy0 sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.ipv4.ip_forward=0
  X ppt-sy0 iptables -I FORWARD 1 -d 10.244.0.10/32 -p tcp --dport 8080 -m comment --comment "drops web-0 if iptables sees bridged frames" -j DROP

  capture_cluster "$D"

  probe bridged-skips-iptables default/client-0 default/web-0:8080 ppt-sy-client-0 tcp 10.244.0.10 8080 8080 1 "ppt-sy-web-0"
  probe no-forwarding default/client-0 default/web-1:8080 ppt-sy-client-0 tcp 10.244.1.10 8080 8080 1 "ppt-sy-web-1"
  write_answers kubenet-sysctl
  cleanup
}

# ─── Azure CNI (transparent): pod IPs from the VNet, /32 routes to azv*, static 169.254.1.1, NPM, ip-masq-agent ─
azure_rules() { # $1: extra filter rules (NPM) for this node; $2: more ip-masq-agent nonMasqueradeCIDRs
  cat <<RULES
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:IP-MASQ-AGENT - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SERVICES - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING -m comment --comment "ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom IP-MASQ-AGENT chain" -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT
-A IP-MASQ-AGENT -d 10.240.0.0/16 -m comment --comment "ip-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN
-A IP-MASQ-AGENT -d 10.0.0.0/16 -m comment --comment "ip-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN
$(for c in ${2:-}; do echo "-A IP-MASQ-AGENT -d $c -m comment --comment \"ip-masq-agent: local traffic is not subject to MASQUERADE\" -j RETURN"; done)
-A IP-MASQ-AGENT -m comment --comment "ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)" -j MASQUERADE
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:AZURE-NPM - [0:0]
:AZURE-NPM-ACCEPT - [0:0]
:AZURE-NPM-INGRESS - [0:0]
:AZURE-NPM-INGRESS-ALLOW-MARK - [0:0]
-A FORWARD -m conntrack --ctstate NEW -j AZURE-NPM
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A AZURE-NPM -j AZURE-NPM-INGRESS
-A AZURE-NPM -m mark --mark 0x2000 -m comment --comment "ACCEPT-on-INGRESS-allow-mark-0x2000" -j AZURE-NPM-ACCEPT
-A AZURE-NPM-ACCEPT -m comment --comment "CLEAR-AZURE-NPM-MARKS" -j MARK --set-xmark 0x0/0xffffffff
-A AZURE-NPM-ACCEPT -j ACCEPT
-A AZURE-NPM-INGRESS-ALLOW-MARK -j MARK --set-xmark 0x2000/0xffffffff
-A AZURE-NPM-INGRESS-ALLOW-MARK -j RETURN
$1
COMMIT
RULES
}

azure_cni() {
  local D=$OUT/azure-cni
  rm -rf "$D"; mkdir -p "$D"
  fabric
  node aks-nodepool1-0 ppt-az0 10.240.0.4 00:0d:3a:20:00:04
  node aks-nodepool1-1 ppt-az1 10.240.0.5 00:0d:3a:20:00:05
  for i in 0 1; do X ppt-az$i sysctl -qw net.ipv4.conf.eth0.proxy_arp=1; done   # the VNet knows which NIC holds a pod IP
  azure_rules "" | X ppt-az0 iptables-restore
  # node 1 runs the db pod with an NPM ingress policy: only app=web may reach it on 5432
  X ppt-az1 ipset create azure-npm-2837910840 nethash
  X ppt-az1 ipset add azure-npm-2837910840 10.240.0.40
  X ppt-az1 ipset create azure-npm-3922407721 nethash
  X ppt-az1 ipset add azure-npm-3922407721 10.240.0.20
  azure_rules '-A AZURE-NPM-INGRESS -p tcp -m set --match-set azure-npm-2837910840 dst -m set --match-set azure-npm-3922407721 src -m tcp --dport 5432 -m comment --comment "ALLOW-app:web-TO-app:db-ON-TCP-5432" -j AZURE-NPM-INGRESS-ALLOW-MARK
-A AZURE-NPM-INGRESS -m mark ! --mark 0x2000 -m set --match-set azure-npm-2837910840 dst -m comment --comment "DROP-ALL-TO-app:db" -j DROP' | X ppt-az1 iptables-restore
  routed_pod aks-nodepool1-0 default/web-0 web azv4f1b2c3d4e5 aa:aa:aa:aa:aa:aa 10.240.0.20 16 static
  routed_pod aks-nodepool1-0 default/tools-0 tools azv9a8b7c6d5e4 aa:aa:aa:aa:aa:aa 10.240.0.21 16 static
  routed_pod aks-nodepool1-1 default/db-0 db azv1e2d3c4b5a6 aa:aa:aa:aa:aa:aa 10.240.0.40 16 static

  capture_cluster "$D"

  ingress_policy "$D/networkpolicy.yaml" db-from-web default db web 5432

  probe pod-to-pod-other-node-allowed default/web-0 default/db-0:5432 ppt-az-web-0 tcp 10.240.0.40 5432 5432 1 "ppt-az-db-0"
  probe pod-to-pod-other-node-denied default/tools-0 default/db-0:5432 ppt-az-tools-0 tcp 10.240.0.40 5432 5432 1 "ppt-az-db-0"
  probe pod-to-pod-same-node default/tools-0 default/web-0:8080 ppt-az-tools-0 tcp 10.240.0.20 8080 8080 1 "ppt-az-web-0"
  probe pod-to-internet default/web-0 203.0.113.10:443 ppt-az-web-0 tcp 203.0.113.10 443 443 1 "ppt-inet"
  probe pod-ping-other-node default/web-0 default/db-0/icmp ppt-az-web-0 icmp 10.240.0.40 "" "" 1 ""
  write_answers azure-cni
  cleanup
}

# ─── Azure CNI Overlay: pod CIDR outside the VNet, a /24 per node that the VNet routes to it, azv* veths ─────────
azure_overlay() {
  local D=$OUT/azure-cni-overlay
  rm -rf "$D"; mkdir -p "$D"
  fabric
  # Overlay: the VNet (Azure's SDN) routes each node's pod range to the node; no route table in the subscription
  ip -n ppt-vnet route add 10.244.0.0/24 via 10.240.0.4
  ip -n ppt-vnet route add 10.244.1.0/24 via 10.240.0.5
  node aks-overlay-0 ppt-ov0 10.240.0.4 00:0d:3a:40:00:04
  node aks-overlay-1 ppt-ov1 10.240.0.5 00:0d:3a:40:00:05
  for i in 0 1; do azure_rules "" "10.244.0.0/16" | X ppt-ov$i iptables-restore; done
  routed_pod aks-overlay-0 default/web-0 web azv3c5e7a9b1d2 aa:aa:aa:aa:aa:aa 10.244.0.5 16 static
  routed_pod aks-overlay-1 default/api-0 api azv8b6d4f2a0c9 aa:aa:aa:aa:aa:aa 10.244.1.5 16 static

  capture_cluster "$D"

  # the conflist AKS writes for Overlay (copied from the corpus: Azure/azure-container-networking)
  for i in 0 1; do
    cp src/core/parsers/cni-conflist/fixtures/cni-conflist--corpus-aks-15-azure-swift-overlay-conflist.txt "$D/aks-overlay-$i/15-azure-swift-overlay.conflist"
  done

  probe pod-to-pod-other-node default/web-0 default/api-0:8080 ppt-ov-web-0 tcp 10.244.1.5 8080 8080 1 "ppt-ov-api-0"
  probe node-to-pod-other-node 10.240.0.5 default/web-0:8080 ppt-ov1 tcp 10.244.0.5 8080 8080 1 "ppt-ov-web-0"
  probe pod-to-internet default/web-0 203.0.113.10:443 ppt-ov-web-0 tcp 203.0.113.10 443 443 1 "ppt-inet"
  write_answers azure-cni-overlay
  cleanup
}

# ─── Calico VXLAN with Calico policy: cali* /32 routes with proxy ARP, vxlan.calico, cali-tw/pi chains, nat-outgoing ─
calico_rules() { # $1: the to-workload dispatch and policy chains of this node
  cat <<RULES
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:cali-POSTROUTING - [0:0]
:cali-nat-outgoing - [0:0]
-A POSTROUTING -m comment --comment "cali:O3lYWMrLQYEMJtB5" -j cali-POSTROUTING
-A cali-POSTROUTING -m comment --comment "cali:Z-c7XtVd2Bq7s_hA" -j cali-nat-outgoing
-A cali-nat-outgoing -m comment --comment "cali:flqWnvo8yq4ULQLa" -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:cali-FORWARD - [0:0]
:cali-from-wl-dispatch - [0:0]
:cali-to-wl-dispatch - [0:0]
:cali-pri-kns.default - [0:0]
:cali-pri-kns.prod - [0:0]
:cali-pro-kns.default - [0:0]
:cali-pro-kns.prod - [0:0]
$(grep '^:' <<<"$1")
$(grep '^-A' <<<"$1")
-A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD
-A FORWARD -m comment --comment "cali:S93hcgKJrXEqnTfs" -m comment --comment "Policy explicitly accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT
-A FORWARD -m comment --comment "cali:mp77cMpurHhyjLrM" -j MARK --set-xmark 0x10000/0x10000
-A cali-FORWARD -m comment --comment "cali:vjrMJCRpqwy5oRoX" -j MARK --set-xmark 0x0/0xe0000
-A cali-FORWARD -i cali+ -m comment --comment "cali:8ZoYfO5HKXWbB3pk" -j cali-from-wl-dispatch
-A cali-FORWARD -o cali+ -m comment --comment "cali:jdEuaPBe14V2hutn" -j cali-to-wl-dispatch
-A cali-pri-kns.default -m comment --comment "cali:7Fnh7Pv3_98FtLW7" -j MARK --set-xmark 0x10000/0x10000
-A cali-pri-kns.default -m comment --comment "cali:ZbV6bJXWSRefjK0u" -m mark --mark 0x10000/0x10000 -j RETURN
-A cali-pri-kns.prod -m comment --comment "cali:7Fnh7Pv3_98FtLW7" -j MARK --set-xmark 0x10000/0x10000
-A cali-pri-kns.prod -m comment --comment "cali:ZbV6bJXWSRefjK0u" -m mark --mark 0x10000/0x10000 -j RETURN
-A cali-pro-kns.default -m comment --comment "cali:dHOkYOB8vJUxUmSg" -j MARK --set-xmark 0x10000/0x10000
-A cali-pro-kns.default -m comment --comment "cali:8jbA3WdSnQk4rN-M" -m mark --mark 0x10000/0x10000 -j RETURN
-A cali-pro-kns.prod -m comment --comment "cali:dHOkYOB8vJUxUmSg" -j MARK --set-xmark 0x10000/0x10000
-A cali-pro-kns.prod -m comment --comment "cali:8jbA3WdSnQk4rN-M" -m mark --mark 0x10000/0x10000 -j RETURN
COMMIT
RULES
}
# calico_wl_start fw|tw HOSTIF: how every workload chain starts (accept established, drop invalid, clear the accept mark)
calico_wl_start() {
  cat <<R
-A cali-$1-$2 -m comment --comment "cali:$1-est-$2" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A cali-$1-$2 -m comment --comment "cali:$1-inv-$2" -m conntrack --ctstate INVALID -j DROP
-A cali-$1-$2 -m comment --comment "cali:$1-clr-$2" -j MARK --set-xmark 0x0/0x10000
R
}
# calico_fw HOSTIF NS: a workload's from-workload chain (egress: namespace profile, no policy)
calico_fw() {
  cat <<R
:cali-fw-$1 - [0:0]
-A cali-from-wl-dispatch -i $1 -m comment --comment "cali:from-$1" -g cali-fw-$1
$(calico_wl_start fw "$1")
-A cali-fw-$1 -p udp -m comment --comment "cali:fw-vxl-$1" -m comment --comment "Drop VXLAN encapped packets originating in workloads" -m multiport --dports 4789 -j DROP
-A cali-fw-$1 -m comment --comment "cali:fw-pro-$1" -j cali-pro-kns.$2
-A cali-fw-$1 -m comment --comment "cali:fw-ret-$1" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN
-A cali-fw-$1 -m comment --comment "cali:fw-drp-$1" -m comment --comment "Drop if no profiles matched" -j DROP
R
}
# calico_tw HOSTIF NS [POLICY]: a workload's to-workload chain, through POLICY's chain when the pod has one
calico_tw() {
  cat <<R
:cali-tw-$1 - [0:0]
-A cali-to-wl-dispatch -o $1 -m comment --comment "cali:to-$1" -g cali-tw-$1
$(calico_wl_start tw "$1")
R
  if [ -n "${3:-}" ]; then cat <<R
-A cali-tw-$1 -m comment --comment "cali:tw-pol-$1" -m comment --comment "Start of policies" -j MARK --set-xmark 0x0/0x20000
-A cali-tw-$1 -m comment --comment "cali:tw-pi-$1" -m mark --mark 0x0/0x20000 -j $3
-A cali-tw-$1 -m comment --comment "cali:tw-ret-$1" -m comment --comment "Return if policy accepted" -m mark --mark 0x10000/0x10000 -j RETURN
-A cali-tw-$1 -m comment --comment "cali:tw-drp-$1" -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP
R
  else cat <<R
-A cali-tw-$1 -m comment --comment "cali:tw-pri-$1" -j cali-pri-kns.$2
-A cali-tw-$1 -m comment --comment "cali:tw-ret-$1" -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN
-A cali-tw-$1 -m comment --comment "cali:tw-drp-$1" -m comment --comment "Drop if no profiles matched" -j DROP
R
  fi
}

calico_vxlan() {
  local D=$OUT/calico-vxlan
  rm -rf "$D"; mkdir -p "$D"
  fabric
  node aks-calico-0 ppt-ca0 10.240.0.4 00:0d:3a:30:00:04
  node aks-calico-1 ppt-ca1 10.240.0.5 00:0d:3a:30:00:05
  # VXLAN: each node's block (/26) behind the other's vxlan.calico, VTEP MACs in the neighbour table and the fdb
  local vtep0=66:c8:0a:00:00:04 vtep1=66:c8:14:00:00:05
  for i in 0 1; do
    ns=ppt-ca$i; me=$([ $i = 0 ] && echo 10 || echo 20); peer=$([ $i = 0 ] && echo 20 || echo 10)
    mac=$([ $i = 0 ] && echo $vtep0 || echo $vtep1); pmac=$([ $i = 0 ] && echo $vtep1 || echo $vtep0)
    pip=$([ $i = 0 ] && echo 10.240.0.5 || echo 10.240.0.4); myip=$([ $i = 0 ] && echo 10.240.0.4 || echo 10.240.0.5)
    ip -n $ns link add vxlan.calico type vxlan id 4096 local "$myip" dev eth0 dstport 4789 nolearning
    ip -n $ns link set vxlan.calico address "$mac" mtu 1450
    ip -n $ns addr add "192.168.$me.0/32" dev vxlan.calico && ip -n $ns link set vxlan.calico up
    ip -n $ns route add blackhole "192.168.$me.0/26" proto 80
    ip -n $ns neigh add "192.168.$peer.0" lladdr "$pmac" dev vxlan.calico nud permanent
    bridge -n $ns fdb add "$pmac" dev vxlan.calico dst "$pip" self permanent
    ip -n $ns route add "192.168.$peer.0/26" via "192.168.$peer.0" dev vxlan.calico onlink proto 80
    X $ns ipset create cali40masq-ipam-pools hash:net
    X $ns ipset add cali40masq-ipam-pools 192.168.0.0/16
    X $ns ipset create cali40all-ipam-pools hash:net
    X $ns ipset add cali40all-ipam-pools 192.168.0.0/16
  done
  # node 0: prod/frontend-0 and default/tester-0; node 1: prod/api-0 with policy prod/api-allow-frontend
  X ppt-ca1 ipset create cali40s:Qd3FqvgTzyT7c_xk8rOZnzw hash:net
  X ppt-ca1 ipset add cali40s:Qd3FqvgTzyT7c_xk8rOZnzw 192.168.10.5/32
  calico_rules "$(calico_fw cali1f3a9c2e7b4 prod; calico_fw cali8d2e4f6a1c3 default; calico_tw cali1f3a9c2e7b4 prod; calico_tw cali8d2e4f6a1c3 default)" | X ppt-ca0 iptables-restore
  calico_rules "$(calico_fw cali5b7d9e1f3a2 prod; calico_tw cali5b7d9e1f3a2 prod cali-pi-_Lt2oKq4yH9Xv0rRfB3a
cat <<R
:cali-pi-_Lt2oKq4yH9Xv0rRfB3a - [0:0]
-A cali-pi-_Lt2oKq4yH9Xv0rRfB3a -p tcp -m comment --comment "cali:pi-frontend" -m comment --comment "Policy prod/knp.default.api-allow-frontend ingress" -m set --match-set cali40s:Qd3FqvgTzyT7c_xk8rOZnzw src -m multiport --dports 8080 -j MARK --set-xmark 0x10000/0x10000
-A cali-pi-_Lt2oKq4yH9Xv0rRfB3a -m comment --comment "cali:pi-ret" -m mark --mark 0x10000/0x10000 -j RETURN
R
)" | X ppt-ca1 iptables-restore
  routed_pod aks-calico-0 prod/frontend-0 frontend cali1f3a9c2e7b4 ee:ee:ee:ee:ee:ee 192.168.10.5 32 proxy
  routed_pod aks-calico-0 default/tester-0 tester cali8d2e4f6a1c3 ee:ee:ee:ee:ee:ee 192.168.10.6 32 proxy
  routed_pod aks-calico-1 prod/api-0 api cali5b7d9e1f3a2 ee:ee:ee:ee:ee:ee 192.168.20.5 32 proxy

  capture_cluster "$D"

  ingress_policy "$D/networkpolicy.yaml" api-allow-frontend prod api frontend 8080

  probe vxlan-policy-allows prod/frontend-0 prod/api-0:8080 ppt-ca-frontend-0 tcp 192.168.20.5 8080 8080 1 "ppt-ca-api-0"
  probe vxlan-policy-denies-source default/tester-0 prod/api-0:8080 ppt-ca-tester-0 tcp 192.168.20.5 8080 8080 1 "ppt-ca-api-0"
  probe vxlan-policy-denies-port prod/frontend-0 prod/api-0:9090 ppt-ca-frontend-0 tcp 192.168.20.5 9090 9090 1 "ppt-ca-api-0"
  probe same-node-profile prod/frontend-0 default/tester-0:8080 ppt-ca-frontend-0 tcp 192.168.10.6 8080 8080 1 "ppt-ca-tester-0"
  probe pod-to-internet default/tester-0 203.0.113.10:443 ppt-ca-tester-0 tcp 203.0.113.10 443 443 1 "ppt-inet"
  write_answers calico-vxlan
  cleanup
}

# ─── one cluster in every mode ────────────────────────────────────────────────────────────────────────────────
# The same inventory — nodes aks-pool-0/1, pods default/client-0 and web-0 on node 0, db-0 and web-1 on node 1, the
# ClusterIP default/web on both web pods, the NetworkPolicy default/db-from-web (only app=web reaches app=db on TCP
# 5432) — wired by each plugin and policy engine, captured and probed. scripts/kernel-probe.py holds the inventory
# (plan, rules, ipsets), so every mode draws the same pods; src/cli/trace-modes.test.ts traces each mode's captures
# as every other mode (the what-if) and holds the answer to that mode's kernel.
#
# The VNet here is routed, as Azure's is: ppt-vnet answers ARP for every address it routes (proxy ARP on each node's
# port) and routes node IPs, and per mode the pod IPs or blocks, to their node — kubenet's route table, the VNet
# knowing which NIC holds an Azure CNI pod IP, Overlay's per-node pod CIDR. Frames between nodes are therefore
# always addressed to a node, never bridged across, which is what Azure CNI bridge mode meets on a real VNet.
m_vnet() {
  CLUSTER_NODES=(); CLUSTER_PODS=()
  mkns ppt-vnet; mkns ppt-inet
  ip -n ppt-vnet addr add 10.240.0.1/32 dev lo   # the VNet's gateway address
  X ppt-vnet sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
  ip link add inet0 netns ppt-vnet type veth peer name eth0 netns ppt-inet
  ip -n ppt-vnet addr add 203.0.113.1/24 dev inet0 && ip -n ppt-vnet link set inet0 up
  ip -n ppt-inet addr add 203.0.113.10/24 dev eth0 && ip -n ppt-inet link set eth0 up
  ip -n ppt-inet route add default via 203.0.113.1
}

# m_node NAME NETNS IP MAC: the node's eth0 and its port on the routed VNet
m_node() {
  local name=$1 ns=$2 ip=$3 mac=$4 port="v-${2#ppt-}"
  CLUSTER_NODES+=("$name $ns")
  mkns "$ns"
  ip link add eth0 netns "$ns" type veth peer name "$port" netns ppt-vnet
  X ppt-vnet sysctl -qw "net.ipv4.conf.$port.proxy_arp=1" "net.ipv4.neigh.$port.proxy_delay=0" "net.ipv4.conf.$port.rp_filter=0"
  ip -n ppt-vnet link set "$port" up
  ip -n ppt-vnet route add "$ip/32" dev "$port"
  ip -n "$ns" link set eth0 address "$mac"
  ip -n "$ns" addr add "$ip/16" dev eth0 && ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via 10.240.0.1 dev eth0
  X "$ns" sysctl -qw net.ipv4.ip_forward=1
}

# bridge_pod NODE NS/NAME APP HOSTIF IP: Azure CNI bridge mode — the host end on azure0, the pod on the VNet subnet
bridge_pod() {
  local node pod hostif=$4 ip=$5
  register_pod "$1" "$2" "$3" "$ip"
  mkns "$pod"
  ip link add "$hostif" netns "$node" type veth peer name eth0 netns "$pod"
  ip -n "$node" link set "$hostif" master azure0 up
  ip -n "$pod" addr add "$ip/16" dev eth0 && ip -n "$pod" link set eth0 up
  ip -n "$pod" route add default via 10.240.0.1
}

modes_cluster() {
  local mode=$1 D=$OUT/modes/${1/+/-} plugin=${1%+*} policy=${1#*+}
  local node ip block gw cidr ref app pip prefix ifname style i=0 nns pns
  rm -rf "$D"; mkdir -p "$D"
  m_vnet
  while read -r node ip block gw cidr; do
    nns=ppt-m$i
    m_node "$node" "$nns" "$ip" "00:0d:3a:50:00:0$((4 + i))"
    [ "$plugin" = azure-cni-bridge ] || [ "$plugin" = kubenet ] && X "$nns" sysctl -qw net.bridge.bridge-nf-call-iptables=1
    case $plugin in
      kubenet)
        ip -n ppt-vnet route add "$block" via "$ip"   # the route table
        if [ "$policy" = none ]; then
          ip -n "$nns" link add cbr0 type bridge && ip -n "$nns" addr add "$gw/24" dev cbr0 && ip -n "$nns" link set cbr0 promisc on up
        fi ;;
      azure-cni-overlay) ip -n ppt-vnet route add "$block" via "$ip" ;;   # Azure routes each node's pod CIDR to it
      azure-cni-bridge)   # azure0 takes eth0 and the node IP
        ip -n "$nns" link add azure0 type bridge && ip -n "$nns" link set azure0 address "00:0d:3a:50:00:0$((4 + i))"
        ip -n "$nns" addr del "$ip/16" dev eth0 && ip -n "$nns" link set eth0 master azure0
        ip -n "$nns" addr add "$ip/16" dev azure0 && ip -n "$nns" link set azure0 up
        ip -n "$nns" route add default via 10.240.0.1 dev azure0 ;;
      calico-vxlan)
        ip -n "$nns" link add vxlan.calico type vxlan id 4096 local "$ip" dev eth0 dstport 4789 nolearning
        ip -n "$nns" link set vxlan.calico address "66:c8:00:00:00:0$((4 + i))" mtu 1450
        ip -n "$nns" addr add "$gw/32" dev vxlan.calico && ip -n "$nns" link set vxlan.calico up
        ip -n "$nns" route add blackhole "$block" proto 80 ;;
    esac
    i=$((i + 1))
  done < <(python3 "$PROBE" nodes "$mode")
  if [ "$plugin" = calico-vxlan ]; then   # each node's block behind the other's tunnel address
    python3 "$PROBE" nodes "$mode" > /tmp/ppt-nodes.txt
    i=0
    while read -r node ip block gw cidr; do
      local j=0
      while read -r _ pip pblock pgw _; do
        if [ "$j" != "$i" ]; then
          ip -n "ppt-m$i" neigh add "$pgw" lladdr "66:c8:00:00:00:0$((4 + j))" dev vxlan.calico nud permanent
          bridge -n "ppt-m$i" fdb add "66:c8:00:00:00:0$((4 + j))" dev vxlan.calico dst "$pip" self permanent
          ip -n "ppt-m$i" route add "$pblock" via "$pgw" dev vxlan.calico onlink proto 80
        fi
        j=$((j + 1))
      done < /tmp/ppt-nodes.txt
      i=$((i + 1))
    done < /tmp/ppt-nodes.txt
    rm -f /tmp/ppt-nodes.txt
  fi
  while read -r node ref app pip prefix ifname style; do
    case $style in
      veth) kubenet_pod "$node" "$ref" "$app" "$ifname" "$pip" "${pip%.*}.1" ;;
      cali) routed_pod "$node" "$ref" "$app" "$ifname" ee:ee:ee:ee:ee:ee "$pip" 32 proxy ;;
      azv)
        if [ "$plugin" = azure-cni-bridge ]; then bridge_pod "$node" "$ref" "$app" "$ifname" "$pip"
        else
          routed_pod "$node" "$ref" "$app" "$ifname" aa:aa:aa:aa:aa:aa "$pip" "$prefix" static
        fi
        # the VNet knows which node holds an Azure CNI pod IP (not Overlay's: its /24 per node is routed above)
        [ "$plugin" = azure-cni-overlay ] || ip -n ppt-vnet route add "$pip/32" via "$(awk -v n="$node" '$1 == n {print $2}' < <(python3 "$PROBE" nodes "$mode"))" ;;
    esac
  done < <(python3 "$PROBE" plan "$mode")
  i=0
  while read -r node _; do
    python3 "$PROBE" ipsets "$mode" "$node" | X "ppt-m$i" ipset restore
    python3 "$PROBE" rules "$mode" "$node" | X "ppt-m$i" iptables-restore
    i=$((i + 1))
  done < <(python3 "$PROBE" nodes "$mode")

  capture_cluster "$D"
  cat > "$D/kubectl-get-svc.txt" <<'K'
NAMESPACE   NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE
default     web    ClusterIP   10.0.100.10   <none>        80/TCP    5m
K
  ingress_policy "$D/networkpolicy.yaml" db-from-web default db web 5432
  ip_of() { python3 "$PROBE" plan "$mode" | awk -v r="$1" '$2 == r {print $4}'; }
  probe pod-to-pod-other-node default/client-0 default/web-1:8080 ppt-m-client-0 tcp "$(ip_of default/web-1)" 8080 8080 1 "ppt-m-web-1"
  probe pod-to-pod-same-node default/client-0 default/web-0:8080 ppt-m-client-0 tcp "$(ip_of default/web-0)" 8080 8080 1 "ppt-m-web-0"
  probe policy-allows default/web-0 default/db-0:5432 ppt-m-web-0 tcp "$(ip_of default/db-0)" 5432 5432 1 "ppt-m-db-0"
  probe policy-denies default/client-0 default/db-0:5432 ppt-m-client-0 tcp "$(ip_of default/db-0)" 5432 5432 1 "ppt-m-db-0"
  probe pod-to-clusterip default/client-0 10.0.100.10:80 ppt-m-client-0 tcp 10.0.100.10 80 8080 24 "ppt-m-web-0 ppt-m-web-1"
  probe pod-to-internet default/client-0 203.0.113.10:443 ppt-m-client-0 tcp 203.0.113.10 443 443 1 "ppt-inet"
  mkdir -p "$OUT/modes"
  write_answers "modes/${mode/+/-}"
  cleanup
}

cleanup
for s in "${SCENARIOS[@]}"; do
  echo "scenario $s"
  case $s in
    kubenet) kubenet ;;
    kubenet-sysctl) kubenet_sysctl ;;
    azure-cni) azure_cni ;;
    azure-cni-overlay) azure_overlay ;;
    calico-vxlan) calico_vxlan ;;
    modes) for m in "${MODES[@]}"; do echo " mode $m"; modes_cluster "$m"; done ;;
    modes:*) modes_cluster "${s#modes:}" ;;
    *) echo "unknown scenario $s" >&2; exit 2 ;;
  esac
done
