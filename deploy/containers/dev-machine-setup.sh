#!/bin/sh
# Only for the development machine (a sandbox, Debian 12, as root), never for a server: podman from Debian's packages,
# with the two changes this sandbox needs. It refuses setrlimit() even to the current values, so the OCI runtime is
# wrapped to drop the spec's rlimits; its cgroups are a v1/v2 hybrid crun refuses, so runc runs the containers; and
# netavark with aardvark-dns gives compose's services their names (db, app1 ...). Writes
# /etc/containers/containers.conf and /usr/local/lib/oci-wrap/runc.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends podman runc netavark aardvark-dns debootstrap uidmap slirp4netns >/dev/null
mkdir -p /usr/local/lib/oci-wrap /etc/containers
cat > /usr/local/lib/oci-wrap/runc <<'WRAP'
#!/bin/sh
# create/run: the bundle's config.json; exec: the --process file.
prev=""; spec=""
for a in "$@"; do
  if [ "$prev" = "--bundle" ] || [ "$prev" = "-b" ]; then spec="$a/config.json"; fi
  if [ "$prev" = "--process" ]; then spec="$a"; fi
  case "$a" in --bundle=*) spec="${a#--bundle=}/config.json";; --process=*) spec="${a#--process=}";; esac
  prev="$a"
done
if [ -n "$spec" ] && [ -f "$spec" ]; then
  python3 -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); (c.get('process') or c).pop('rlimits',None); json.dump(c,open(p,'w'))" "$spec"
fi
exec /usr/sbin/runc "$@"
WRAP
chmod +x /usr/local/lib/oci-wrap/runc
cat > /etc/containers/containers.conf <<'CONF'
[engine]
runtime = "runc"
[engine.runtimes]
runc = ["/usr/local/lib/oci-wrap/runc"]
[network]
network_backend = "netavark"
CONF
# The default network with the host's MTU (1400 here: larger packets from the bridge were lost), and no CNI bridge
# left from a first start under CNI (it holds the same 10.88.0.1 and takes the bridge's traffic).
mtu=$(cat "/sys/class/net/$(ip route show default | awk '{print $5; exit}')/mtu")
mkdir -p /etc/containers/networks
cat > /etc/containers/networks/podman.json <<NET
{"name": "podman", "id": "2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9", "driver": "bridge",
 "network_interface": "podman0", "subnets": [{"subnet": "10.88.0.0/16", "gateway": "10.88.0.1"}],
 "ipv6_enabled": false, "internal": false, "dns_enabled": false, "options": {"mtu": "$mtu"},
 "ipam_options": {"driver": "host-local"}}
NET
for link in $(ip -o link show | awk -F': ' '/cni-podman/ {print $2}'); do ip link del "$link"; done
podman info --format '{{.Host.OCIRuntime.Name}} {{.Host.NetworkBackend}}'
