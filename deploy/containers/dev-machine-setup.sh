#!/bin/sh
# For the development and CI machines (sandboxes, Debian 12, as root), never for a server: a container engine from
# Debian's packages, with the changes these sandboxes need. .ci/install-system-deps.sh runs it with `docker` where no
# engine is installed (tests/deploy/test_containers.py).
#   sh deploy/containers/dev-machine-setup.sh podman   podman 4.3 (no health conditions: the check starts in order)
#   sh deploy/containers/dev-machine-setup.sh docker   Docker 20.10 with Compose v2 (follows the file's conditions)
# The sandbox refuses setrlimit() even to the current values, so the OCI runtime is wrapped to drop the spec's
# rlimits; its cgroups are a v1/v2 hybrid crun refuses, so runc runs the containers. podman: netavark with
# aardvark-dns gives compose's services their names (db, app1 ...); writes /etc/containers/containers.conf. docker:
# Debian 12 has no Compose v2, so the plugin and buildx come from Debian 13's packages (pinned, checked by their
# SHA-256; they need only libc); writes /etc/docker/daemon.json and starts dockerd (no systemd in the sandbox).
# Both write /usr/local/lib/oci-wrap/runc.
set -eu
export DEBIAN_FRONTEND=noninteractive
engine="${1:-podman}"
wrap_runc() {
mkdir -p /usr/local/lib/oci-wrap
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
}

if [ "$engine" = docker ]; then
  apt-get install -y --no-install-recommends docker.io debootstrap curl >/dev/null
  wrap_runc
  tmp=$(mktemp -d)
  for deb in "docker-compose/docker-compose_2.26.1-4_amd64.deb 47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea" \
             "docker-buildx/docker-buildx_0.13.1+ds1-3_amd64.deb fcf8c48204d1603c8f209451d7827eb91bf30759578baf7704e9e1a87e5f1d7f"; do
    set -- $deb
    curl -fsS -o "$tmp/${1#*/}" "http://deb.debian.org/debian/pool/main/d/$1"
    echo "$2  $tmp/${1#*/}" | sha256sum -c --quiet
  done
  dpkg -i "$tmp"/*.deb >/dev/null
  rm -r "$tmp"
  mtu=$(cat "/sys/class/net/$(ip route show default | awk '{print $5; exit}')/mtu")
  mkdir -p /etc/docker
  printf '{"runtimes": {"wrapped": {"path": "/usr/local/lib/oci-wrap/runc"}}, "default-runtime": "wrapped", "mtu": %s}\n' "$mtu" \
    > /etc/docker/daemon.json
  if ! docker info >/dev/null 2>&1; then
    nohup dockerd >/var/log/dockerd.log 2>&1 &
    for _ in $(seq 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
  fi
  docker compose version
  docker info --format '{{.DefaultRuntime}} {{.Driver}}'
  exit 0
fi

apt-get install -y --no-install-recommends podman runc netavark aardvark-dns debootstrap uidmap slirp4netns >/dev/null
wrap_runc
mkdir -p /etc/containers
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
