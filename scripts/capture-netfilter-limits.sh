#!/usr/bin/env bash
# Asks the kernel what it does with the rule sets the trace must bound (issue 17): a chain that -g goes to itself,
# two that go to each other, a -j loop, and nested -j chains of growing depth — loaded with iptables-legacy-restore
# and iptables-nft-restore into a scratch network namespace (created and deleted here), and the
# three targets that are not chains (NFQUEUE, TPROXY, SYNPROXY) as iptables-save prints them back.
# Writes src/core/netfilter/fixtures/kernel-limits.txt; src/core/netfilter/budget.ts quotes what it found.
#   sudo bash scripts/capture-netfilter-limits.sh      (needs root, iptables with both backends)
set -euo pipefail
NS=ppr-nflimits
OUT="$(cd "$(dirname "$0")/.." && pwd)/src/core/netfilter/fixtures/kernel-limits.txt"
TMP=$(mktemp -d)
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
ip netns add "$NS"
save() { local table=$1; shift; printf '*%s\n' "$table"; printf '%s\n' "$@"; printf 'COMMIT\n'; }
save filter ':FORWARD ACCEPT [0:0]' ':LOOP - [0:0]' '-A FORWARD -j LOOP' '-A LOOP -g LOOP' > "$TMP/goto-self"
save filter ':FORWARD ACCEPT [0:0]' ':LOOP-A - [0:0]' ':LOOP-B - [0:0]' '-A FORWARD -j LOOP-A' '-A LOOP-A -g LOOP-B' '-A LOOP-B -g LOOP-A' > "$TMP/goto-pair"
save filter ':FORWARD ACCEPT [0:0]' ':LOOP-A - [0:0]' ':LOOP-B - [0:0]' '-A FORWARD -j LOOP-A' '-A LOOP-A -j LOOP-B' '-A LOOP-B -j LOOP-A' > "$TMP/jump-loop"
for n in 15 16 300; do
  { printf '*filter\n:FORWARD ACCEPT [0:0]\n'; for i in $(seq 1 "$n"); do printf ':DEEP-%s - [0:0]\n' "$i"; done
    printf -- '-A FORWARD -j DEEP-1\n'; for i in $(seq 1 $((n - 1))); do printf -- '-A DEEP-%s -j DEEP-%s\n' "$i" $((i + 1)); done
    printf -- '-A DEEP-%s -j RETURN\nCOMMIT\n' "$n"; } > "$TMP/deep-$n"
done
save mangle ':PREROUTING ACCEPT [0:0]' '-A PREROUTING -p tcp --dport 8080 -j TPROXY --on-port 15001 --on-ip 127.0.0.1 --tproxy-mark 0x1/0x1' > "$TMP/targets"
save filter ':FORWARD ACCEPT [0:0]' '-A FORWARD -p tcp --dport 9000 -j NFQUEUE --queue-num 3 --queue-bypass' \
  '-A FORWARD -p tcp --dport 22 -m conntrack --ctstate INVALID,UNTRACKED -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460' >> "$TMP/targets"
{
  echo "# $(uname -r); $(iptables-legacy --version); $(iptables-nft --version)"
  for backend in legacy nft; do
    for f in goto-self goto-pair jump-loop deep-15 deep-16 deep-300; do
      ip netns exec "$NS" "iptables-$backend" -F; ip netns exec "$NS" "iptables-$backend" -X
      if msg=$(ip netns exec "$NS" "iptables-$backend-restore" < "$TMP/$f" 2>&1); then echo "$backend $f: loaded"
      else echo "$backend $f: refused: $(echo "$msg" | tr -s "\n " " " | cut -c1-140)"; fi
    done
    ip netns exec "$NS" "iptables-$backend" -F; ip netns exec "$NS" "iptables-$backend" -X
  done
  echo "# the targets, loaded with iptables-nft-restore and printed back by iptables-nft-save"
  ip netns exec "$NS" iptables-nft-restore < "$TMP/targets"
  ip netns exec "$NS" iptables-nft-save 2>/dev/null | grep -E '^(\*|-A)'
} > "$OUT"
cat "$OUT"
