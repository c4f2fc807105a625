#!/usr/bin/env bash
# Builds the Go tools the tests run for real, from the Go module proxy only, into a cache keyed by
# version ($PLATFORM_LAB_TOOLS, default ~/.cache/platform-lab/bin): a warm run rebuilds nothing.
#   - a Kubernetes control plane at the version the kind stack pins: kube-apiserver,
#     kube-controller-manager, kube-scheduler, kubectl (a wrapper module: k8s.io/kubernetes replaces
#     its staging modules with ./staging paths, so `go install` of it refuses), etcd 3.6 (Debian's
#     3.4 loses KWOK's watches) and KWOK with its stage definitions (simulated nodes)
#   - helm (renders charts; `helm template` and `helm lint`)
#   - k6 (the local HTTP proof runs the lab's generated k6 script on the real binary)
#   - the NATS CLI (natscli: phase-08's stream setup script runs on it against a real nats-server)
# Usage: install-go-tools.sh [tool ...]   (default: all). Prints how long each build took.
set -euo pipefail

K8S_VERSION="v1.34.11"
K8S_STAGING_VERSION="v0.34.11"
ETCD_VERSION="v3.6.4"
KWOK_VERSION="v0.8.0"
HELM_VERSION="v3.19.0"
K6_VERSION="v1.8.1"
NATSCLI_VERSION="v0.3.0"

BIN_DIR="${PLATFORM_LAB_TOOLS:-$HOME/.cache/platform-lab/bin}"
STAMPS="$BIN_DIR/.versions"
mkdir -p "$BIN_DIR" "$STAMPS"
export GOFLAGS=-mod=mod
command -v go >/dev/null 2>&1 || export PATH="$PATH:/usr/local/go/bin"

# The version of Go module $2 that binary $1 was built from (its build info), or nothing.
module_version() { go version -m "$1" 2>/dev/null | awk -v m="$2" '($1 == "mod" || $1 == "dep") && $2 == m { print $3; exit }'; }
# A tool is fresh when its binary exists, its stamp names the wanted version and, given module $3,
# the binary's own build info says it was built from that module at that version.
fresh() {
  [ -x "$BIN_DIR/$1" ] && [ "$(cat "$STAMPS/$1" 2>/dev/null)" = "$2" ] || return 1
  [ -z "${3:-}" ] || [ "$(module_version "$BIN_DIR/$1" "$3")" = "$2" ]
}
# Refuses a binary built from another version than pinned (a wrapper module's `go mod tidy` can
# drop a requirement, and the build then resolves the newest), then records the version.
stamp() {
  if [ -n "${3:-}" ]; then
    local got
    got=$(module_version "$BIN_DIR/$1" "$3")
    [ "$got" = "$2" ] || { echo "install-go-tools: $1 was built from $3 ${got:-?}, not $2" >&2; rm -f "$BIN_DIR/$1"; exit 1; }
  fi
  echo "$2" > "$STAMPS/$1"
}
timed() {
  local label=$1; shift
  local start=$SECONDS
  "$@"
  echo "  built $label in $((SECONDS - start)) s"
}

# Writes a throwaway module that requires $1@$2 and (for Kubernetes) pins every staging module to
# its published version, then builds the named packages into BIN_DIR.
wrapper_dir() {
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/platform-lab-wrapper.XXXXXX")
  echo "$dir"
}

build_kubernetes() {
  local dir mod_file cmd stale=0
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    fresh "$cmd" "$K8S_VERSION" k8s.io/kubernetes || stale=1
  done
  if [ "$stale" = 0 ]; then echo "  kube-apiserver, kube-controller-manager, kube-scheduler, kubectl: $K8S_VERSION cached"; return; fi
  dir=$(wrapper_dir)
  (
    cd "$dir"
    go mod init platform-lab/k8s-tools >/dev/null 2>&1
    mod_file=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    # Every staging module k8s.io/kubernetes replaces, at its published version; two samples are
    # not served at this version (403) and nothing here needs them.
    local replaces=()
    while read -r module; do
      case "$module" in k8s.io/sample-cli-plugin|k8s.io/sample-controller) continue ;; esac
      replaces+=("-replace=$module=$module@$K8S_STAGING_VERSION")
    done < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$mod_file")
    go mod edit "${replaces[@]}" "-require=k8s.io/kubernetes@$K8S_VERSION"
    cat > tools.go <<'EOF'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubectl/pkg/cmd"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
EOF
    go mod tidy -e >/dev/null 2>&1 || true
    local minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
    local ldflags=""
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
    done
    for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
      if fresh "$cmd" "$K8S_VERSION" k8s.io/kubernetes; then echo "  $cmd: $K8S_VERSION cached"; continue; fi
      timed "$cmd" go build -trimpath -ldflags "-s -w $ldflags" -o "$BIN_DIR/$cmd" "k8s.io/kubernetes/cmd/$cmd"
      stamp "$cmd" "$K8S_VERSION" k8s.io/kubernetes
    done
  )
  rm -rf "$dir"
}

build_etcd() {
  if fresh etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3; then echo "  etcd: $ETCD_VERSION cached"; return; fi
  local dir
  dir=$(wrapper_dir)
  (
    cd "$dir"
    go mod init platform-lab/etcd >/dev/null 2>&1
    go mod edit "-require=go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    # Without an import, tidy drops the requirement and the build takes the newest etcd.
    printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > tools.go
    go mod tidy -e >/dev/null 2>&1 || true
    timed etcd go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcd" go.etcd.io/etcd/server/v3
  )
  rm -rf "$dir"
  stamp etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3
}

build_kwok() {
  if fresh kwok "$KWOK_VERSION" sigs.k8s.io/kwok && [ -d "$BIN_DIR/kwok-stages" ]; then echo "  kwok: $KWOK_VERSION cached"; return; fi
  timed kwok env GOBIN="$BIN_DIR" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  # The binary has no built-in stages: keep the module's own stage definitions beside it.
  local src
  src=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  rm -rf "$BIN_DIR/kwok-stages"
  mkdir -p "$BIN_DIR/kwok-stages"
  cp -r "$src/kustomize/stage/." "$BIN_DIR/kwok-stages/"
  chmod -R u+w "$BIN_DIR/kwok-stages"
  stamp kwok "$KWOK_VERSION" sigs.k8s.io/kwok
}

build_helm() {
  if fresh helm "$HELM_VERSION" helm.sh/helm/v3; then echo "  helm: $HELM_VERSION cached"; return; fi
  timed helm env GOBIN="$BIN_DIR" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  stamp helm "$HELM_VERSION" helm.sh/helm/v3
}

build_natscli() {
  if fresh nats "$NATSCLI_VERSION" github.com/nats-io/natscli; then echo "  nats: $NATSCLI_VERSION cached"; return; fi
  timed nats env GOBIN="$BIN_DIR" go install -trimpath -ldflags "-s -w" "github.com/nats-io/natscli/nats@$NATSCLI_VERSION"
  stamp nats "$NATSCLI_VERSION" github.com/nats-io/natscli
}

build_k6() {
  if fresh k6 "$K6_VERSION" go.k6.io/k6; then echo "  k6: $K6_VERSION cached"; return; fi
  timed k6 env GOBIN="$BIN_DIR" go install -trimpath -ldflags "-s -w" "go.k6.io/k6@$K6_VERSION"
  stamp k6 "$K6_VERSION" go.k6.io/k6
}

tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(k6 helm natscli etcd kwok kubernetes)
for tool in "${tools[@]}"; do
  case "$tool" in
    kubernetes) build_kubernetes ;;
    etcd) build_etcd ;;
    kwok) build_kwok ;;
    helm) build_helm ;;
    k6) build_k6 ;;
    natscli) build_natscli ;;
    *) echo "install-go-tools: unknown tool '$tool' (kubernetes, etcd, kwok, helm, k6, natscli)" >&2; exit 2 ;;
  esac
done

echo "go tools in $BIN_DIR:"
for f in "$STAMPS"/*; do echo "  $(basename "$f"): $(cat "$f")"; done
