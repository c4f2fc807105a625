#!/usr/bin/env bash
# Runs a command against a throwaway Kubernetes control plane (ladder step 4), then stops it:
#   scripts/with-control-plane.sh <command> [args...]
# The plane: etcd, kube-apiserver (Pod Security admission, Node,RBAC authorization), the controller
# manager (one service account per controller, so RBAC problems show), the scheduler and KWOK with
# its stages (one fake Node: pods become Ready, Job pods Succeed, PVCs bind; no container runs).
# Binaries come from scripts/install-go-tools.sh ($PLATFORM_LAB_TOOLS, default
# ~/.cache/platform-lab/bin). Everything runs inside a new network namespace with only loopback and
# with the proxy variables unset: the API server honours HTTPS_PROXY for webhook calls, and a chart's
# webhook Service that no pod serves must fail at once instead of leaving the machine. The command
# runs inside that namespace with KUBECONFIG (cluster-admin) and CONTROL_PLANE_DIR (PKI, logs) set;
# its exit code is the script's. Every process this script started is stopped by its pid and the
# directory removed, whatever happens.
# Environment: CONTROL_PLANE_KEEP=1 keeps the directory (logs) for a post-mortem.
set -euo pipefail

BIN_DIR="${PLATFORM_LAB_TOOLS:-$HOME/.cache/platform-lab/bin}"
NODE_NAME="kwok-node-0"

die() { echo "with-control-plane: $*" >&2; exit 1; }
[ $# -gt 0 ] || die "usage: scripts/with-control-plane.sh <command> [args...]"

# --- outside: re-run this script inside a loopback-only network namespace ---------------------
if [ -z "${PLATFORM_LAB_IN_NETNS:-}" ]; then
  for tool in etcd kube-apiserver kube-controller-manager kube-scheduler kwok kubectl; do
    [ -x "$BIN_DIR/$tool" ] || die "$BIN_DIR/$tool is missing: run scripts/install-go-tools.sh"
  done
  [ -d "$BIN_DIR/kwok-stages" ] || die "$BIN_DIR/kwok-stages is missing: run scripts/install-go-tools.sh kwok"
  for tool in unshare ip openssl curl; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (Debian: util-linux, iproute2, openssl, curl; scripts/install-bench-tools.sh installs them)"
  done
  # Root makes the namespace directly; anyone else needs an unprivileged user namespace too.
  unshare_flags=(--net)
  [ "$(id -u)" -eq 0 ] || unshare_flags=(--net --map-root-user)
  exec env -u HTTPS_PROXY -u HTTP_PROXY -u https_proxy -u http_proxy -u ALL_PROXY -u all_proxy -u NO_PROXY -u no_proxy \
    PLATFORM_LAB_IN_NETNS=1 unshare "${unshare_flags[@]}" -- bash "$0" "$@"
fi

# --- inside the namespace ------------------------------------------------------------------------
# Not inherited by the command: a nested call makes its own namespace and plane.
unset PLATFORM_LAB_IN_NETNS
ip link set lo up
t0=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/platform-lab-cp.XXXXXX")
PIDS=()
cleanup() {
  local code=$?
  # Stop what this script started, newest first, and wait for each so no port or file stays held.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[$i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${CONTROL_PLANE_KEEP:-}" = "1" ]; then echo "with-control-plane: kept $DIR" >&2; else rm -rf "$DIR"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prints a component's last log lines and fails.
fail_with_log() {
  echo "with-control-plane: $1" >&2
  [ -f "$DIR/logs/$2.log" ] && tail -n 30 "$DIR/logs/$2.log" >&2
  exit 1
}

# Waits up to $2 seconds for a command to succeed.
wait_for() {
  local what=$1 seconds=$2 log=$3; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail_with_log "$what not ready within ${seconds} s" "$log"
    sleep 0.2
  done
}

# Starts a component in the background, logging to logs/<name>.log, and remembers its pid.
start() {
  local name=$1; shift
  "$@" >"$DIR/logs/$name.log" 2>&1 &
  PIDS+=("$!")
}

# --- PKI: a CA, a front-proxy CA, a service-account key pair, one client cert per identity ------
mkdir -p "$DIR/pki" "$DIR/logs" "$DIR/etcd"
PKI="$DIR/pki"
(
  cd "$PKI"
  umask 077
  key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
  ca() {
    key "$1"
    openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 2 -out "$1.crt" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  }
  # cert <file> <ca> <subject> <extendedKeyUsage> [subjectAltName]
  cert() {
    key "$1"
    openssl req -new -key "$1.key" -subj "$3" -out "$1.csr" 2>/dev/null
    {
      echo "basicConstraints=CA:FALSE"
      echo "keyUsage=critical,digitalSignature,keyEncipherment"
      echo "extendedKeyUsage=$4"
      [ -z "${5:-}" ] || echo "subjectAltName=$5"
    } >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 2 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
  }
  ca ca platform-lab-control-plane-ca
  ca front-proxy-ca platform-lab-front-proxy-ca
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
  openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
  cert apiserver ca "/CN=kube-apiserver" serverAuth \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1"
  cert admin ca "/O=system:masters/CN=platform-lab-admin" clientAuth
  cert controller-manager ca "/CN=system:kube-controller-manager" clientAuth
  cert scheduler ca "/CN=system:kube-scheduler" clientAuth
  cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" clientAuth
)

API="https://127.0.0.1:6443"
kubeconfig() {
  cat >"$DIR/$1.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: platform-lab
  cluster:
    server: $API
    certificate-authority: $PKI/ca.crt
users:
- name: $1
  user:
    client-certificate: $PKI/$2.crt
    client-key: $PKI/$2.key
contexts:
- name: platform-lab
  context: {cluster: platform-lab, user: $1}
current-context: platform-lab
EOF
}
kubeconfig admin admin
kubeconfig controller-manager controller-manager
kubeconfig scheduler scheduler
pki_ms=$(ms_since "$t0")

# --- etcd and the API server ---------------------------------------------------------------------
start etcd "$BIN_DIR/etcd" --name default --data-dir "$DIR/etcd" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster default=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381 \
  --unsafe-no-fsync --log-level warn
wait_for "etcd" 30 etcd curl -fsS http://127.0.0.1:2381/health

# PodSecurity is among the default admission plugins; privileged pods must be allowed at all for a
# namespace that enforces `privileged` (MetalLB's speaker) to mean anything.
start kube-apiserver "$BIN_DIR/kube-apiserver" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port=6443 \
  --etcd-servers=http://127.0.0.1:2379 \
  --client-ca-file="$PKI/ca.crt" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --service-cluster-ip-range=10.96.0.0/16 --endpoint-reconciler-type=none \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --allow-privileged=true \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
  --profiling=false
readyz() { curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$API/readyz"; }
wait_for "kube-apiserver /readyz" 90 kube-apiserver readyz
apiserver_ms=$(ms_since "$t0")

# --- controllers, scheduler, KWOK ----------------------------------------------------------------
start kube-controller-manager "$BIN_DIR/kube-controller-manager" \
  --kubeconfig="$DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$DIR/controller-manager.kubeconfig" --authorization-kubeconfig="$DIR/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port=10257 --leader-elect=false \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --profiling=false
start kube-scheduler "$BIN_DIR/kube-scheduler" \
  --kubeconfig="$DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig="$DIR/scheduler.kubeconfig" --authorization-kubeconfig="$DIR/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port=10259 --leader-elect=false --profiling=false

# KWOK's stages from its module source: nodes become Ready and keep a lease, pods become Ready and
# Job pods Succeed, deleted pods go away, PVCs get a PV and bind. The volume stages only look at
# their own StorageClass; here they provision for any class, as a cluster's default provisioner
# would. The binary must not see a KwokConfiguration document in the same file.
STAGES="$BIN_DIR/kwok-stages"
{
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml \
    volume/fast/pvc-provision.yaml volume/fast/pv-bind.yaml volume/fast/pv-delete.yaml volume/fast/pvc-delete.yaml; do
    echo "---"
    sed "s/self.spec.storageClassName == 'kwok-volume'/has(self.spec.storageClassName)/; s/self.spec.storageClassName == \"kwok-volume\"/has(self.spec.storageClassName)/" "$STAGES/$f"
  done
} >"$DIR/kwok-stages.yaml"
start kwok "$BIN_DIR/kwok" --kubeconfig="$DIR/admin.kubeconfig" --config="$DIR/kwok-stages.yaml" \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-ip=127.0.0.1 --node-name=kwok-controller --node-port=10247 --server-address=127.0.0.1:10247 \
  --cidr=10.244.0.0/16 --node-lease-duration-seconds=40

export KUBECONFIG="$DIR/admin.kubeconfig"
export CONTROL_PLANE_DIR="$DIR"
KUBECTL="$BIN_DIR/kubectl"
# The command finds the cached kubectl (v1.34, the plane's version) before any other.
export PATH="$BIN_DIR:$PATH"

# One fake node sized well above a real one (pods: 110 is the kubelet default), and a default
# StorageClass named like kind's, so claims that name `standard` bind as on the kind stack.
"$KUBECTL" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $NODE_NAME
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: $NODE_NAME
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
spec: {}
status:
  allocatable: {cpu: "64", memory: 256Gi, pods: "1000", ephemeral-storage: 1Ti}
  capacity: {cpu: "64", memory: 256Gi, pods: "1000", ephemeral-storage: 1Ti}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rancher.io/local-path
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
EOF

node_ready() { [ "$("$KUBECTL" get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" = "True" ]; }
wait_for "node $NODE_NAME Ready" 60 kwok node_ready
# The service-account controller runs under its own credentials: its default ServiceAccount in
# `default` shows the controller manager is up and authorized.
wait_for "the default ServiceAccount" 60 kube-controller-manager "$KUBECTL" get serviceaccount default -n default
ready_ms=$(ms_since "$t0")
echo "with-control-plane: started in $((ready_ms / 1000)).$(printf '%03d' $((ready_ms % 1000))) s (PKI $pki_ms ms, apiserver ready at $apiserver_ms ms, node Ready and default ServiceAccount at $ready_ms ms)" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
