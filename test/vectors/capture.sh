#!/usr/bin/env bash
# Captures the golden packets in test/vectors/ from real DHCP clients.
#
# Needs root and Debian packages: isc-dhcp-client udhcpc dhcpcd-base isc-dhcp-relay
# dnsmasq-base tcpdump. Everything happens in network namespaces this script makes
# (cap-srv, cap-rly, cap-cli) and tears down on exit; no packet leaves them.
#
#   cap-cli (client) ==veth== cap-srv (dnsmasq, tcpdump)       direct captures
#   cap-cli (client) ==veth "p5"== cap-rly (dhcrelay -a) ==veth== cap-srv   relayed
#
# dnsmasq answers so each client completes DISCOVER/OFFER/REQUEST/ACK; tcpdump on
# the server side records what arrives, i.e. the relayed packets carry the option
# 82 that dhcrelay -a added (circuit-id = the name of its downstream interface).
# Then `tsx scripts/pcap-to-vectors.ts` writes the commented hex files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/pcap"
work=$(mktemp -d)
mkdir -p "$out"

cleanup() {
  set +e
  for p in $(cat "$work"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null; done
  sleep 0.3
  for n in cap-cli cap-rly cap-srv; do ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del "$n" 2>/dev/null; done
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# (not a function: a backgrounded function forks a subshell and $! would not be the program)
ns="ip netns exec"
for n in cap-srv cap-rly cap-cli; do ip netns add "$n"; ip -n "$n" link set lo up; done

# server <-> relay (10.77.0.0/24), relay <-> client on "p5" (10.77.1.0/24)
ip link add s-up netns cap-srv type veth peer name r-up netns cap-rly
ip -n cap-srv addr add 10.77.0.1/24 dev s-up; ip -n cap-rly addr add 10.77.0.2/24 dev r-up
ip -n cap-srv link set s-up up; ip -n cap-rly link set r-up up
ip -n cap-srv route add 10.77.1.0/24 via 10.77.0.2

dnsmasq_conf="$work/dnsmasq.conf"
cat > "$dnsmasq_conf" <<CONF
port=0
no-resolv
no-hosts
log-facility=-
dhcp-range=10.77.1.100,10.77.1.200,255.255.255.0,1h
dhcp-range=10.77.2.100,10.77.2.200,255.255.255.0,1h
dhcp-option=3
dhcp-leasefile=$work/dnsmasq.leases
pid-file=$work/dnsmasq.pidfile
CONF

# Debian 12's stock /etc/dhcpcd.conf, IPv4 parts (client-id from a DUID, rapid commit...)
cat > "$work/dhcpcd.conf" <<CONF
duid
persistent
vendorclassid
option domain_name_servers, domain_name, domain_search
option classless_static_routes
option interface_mtu
option host_name
option rapid_commit
require dhcp_server_identifier
CONF

start_dnsmasq() {
  $ns cap-srv dnsmasq --conf-file="$dnsmasq_conf" --keep-in-foreground --log-dhcp >"$work/dnsmasq.log" 2>&1 &
  echo $! > "$work/dnsmasq.pid"
  sleep 0.5
}

# Clients are run until they hold a lease (or 20 s), with scripts that change nothing.
run_client() { # name iface netns
  local name=$1 ifc=$2 n=$3
  # no remembered lease: every client starts in INIT and sends DISCOVER
  rm -f "$work"/dhclient.*.leases /var/lib/dhcpcd/"$ifc"*.lease /var/lib/dhcpcd/duid
  case "$name" in
    dhclient) $ns "$n" timeout 20 dhclient -4 -1 -d -v -sf /bin/true -lf "$work/dhclient.$ifc.leases" -pf "$work/dhclient.pid.$ifc" "$ifc" >"$work/$name.log" 2>&1 & ;;
    udhcpc) $ns "$n" timeout 20 udhcpc -i "$ifc" -f -q -n -t 5 -s /bin/true >"$work/$name.log" 2>&1 & ;;
    dhcpcd) $ns "$n" timeout 20 dhcpcd -4 -1 -B -d -f "$work/dhcpcd.conf" -c /bin/true --noarp "$ifc" >"$work/$name.log" 2>&1 & ;;
  esac
  local pid=$!
  for _ in $(seq 1 100); do
    if grep -qiE 'bound to|lease of .* obtained|leased .* for' "$work/$name.log"; then break; fi
    sleep 0.2
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.3
}

capture() { # name mode
  local name=$1 mode=$2 cap_if
  # a fresh client link each time so each capture holds one client's exchange
  if [ "$mode" = direct ]; then
    ip link add s-cli netns cap-srv type veth peer name eth0 netns cap-cli address 02:00:00:00:0${#name}:01
    ip -n cap-srv addr add 10.77.2.1/24 dev s-cli; ip -n cap-srv link set s-cli up
    cap_if=s-cli
  else
    ip link add p5 netns cap-rly type veth peer name eth0 netns cap-cli address 02:00:00:00:0${#name}:02
    ip -n cap-rly addr add 10.77.1.1/24 dev p5; ip -n cap-rly link set p5 up
    $ns cap-rly dhcrelay -4 -d -a --no-pid -iu r-up -id p5 10.77.0.1 >"$work/dhcrelay.log" 2>&1 &
    echo $! > "$work/dhcrelay.pid"
    cap_if=s-up
  fi
  ip -n cap-cli link set eth0 up
  start_dnsmasq
  $ns cap-srv tcpdump -i "$cap_if" -U -s 0 -w "$out/$name-$mode.pcap" 'udp port 67' >"$work/tcpdump.log" 2>&1 &
  echo $! > "$work/tcpdump.pid"
  sleep 1
  run_client "$name" eth0 cap-cli
  sleep 1
  kill "$(cat "$work/tcpdump.pid")" "$(cat "$work/dnsmasq.pid")" 2>/dev/null || true
  [ -f "$work/dhcrelay.pid" ] && kill "$(cat "$work/dhcrelay.pid")" 2>/dev/null && rm -f "$work/dhcrelay.pid"
  rm -f "$work/dnsmasq.leases"; cp "$work/dnsmasq.log" "$work/dnsmasq.$name-$mode.log"
  sleep 0.5
  ip -n cap-cli link del eth0 2>/dev/null || true
  echo "$name $mode: $(tcpdump -r "$out/$name-$mode.pcap" 2>/dev/null | wc -l) packets"
}

for client in dhclient udhcpc dhcpcd; do
  capture "$client" direct
  capture "$client" relayed
done
