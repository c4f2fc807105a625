#!/usr/bin/env bash
# Installs the benchmark tools the real-tool tests and `npm run bench:harness` need, on Debian 12
# as root (CI's .ci/run calls it). Idempotent: a second run changes nothing.
#   - PostgreSQL server + pgbench from Debian (initdb/postgres/pg_ctl under /usr/lib/postgresql/N/bin)
#   - unshare, ip, openssl, curl for scripts/with-control-plane.sh (Debian packages)
#   - redis-server + redis-cli from Debian (7.0 on Debian 12): the Redis config-file auth is proven on it
#   - nginx and HAProxy from Debian: the real proxies of the phase-04 local k6 comparison
#   - chromium from Debian: the `lab report` browser test opens the HTML report in it, headless
# The Go-built tools (k6, helm, the Kubernetes control plane) come from scripts/install-go-tools.sh.
set -euo pipefail


need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-bench-tools: $1 needs root (apt-get); run as root or install it yourself" >&2
    exit 1
  fi
}

pg_bin_dir() {
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then echo "$d"; return 0; fi
  done
  return 1
}

if command -v pgbench >/dev/null 2>&1 && pg_bin_dir >/dev/null; then
  echo "postgresql: already installed"
else
  need_root "PostgreSQL"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # postgresql pulls the server and client (pgbench ships in postgresql-client-N on Debian 12).
  apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
  # The package starts a cluster on 5432; the benchmarks start their own throwaway servers.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    for c in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do pg_ctlcluster "${c%/*}" "${c#*/}" stop 2>/dev/null || true; done
  fi
fi

# scripts/with-control-plane.sh (the control-plane tests) needs a network namespace with loopback
# up, a per-run PKI and health checks: unshare, ip, openssl, curl.
missing_cp_tools=()
for pair in unshare:util-linux ip:iproute2 openssl:openssl curl:curl; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing_cp_tools+=("${pair#*:}")
done
if [ ${#missing_cp_tools[@]} -eq 0 ]; then
  echo "control-plane harness tools: already installed"
else
  need_root "${missing_cp_tools[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_cp_tools[@]}" ca-certificates >/dev/null
fi

if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
  echo "redis: already installed"
else
  need_root "Redis"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
  # The package may start a server on 6379; the tests start their own on a free loopback port.
  if command -v systemctl >/dev/null 2>&1; then systemctl stop redis-server 2>/dev/null || true; fi
fi

# The phase-04 local proof puts the generated k6 script through real reverse proxies on loopback
# (benchmarks/local/loopbackProxies.ts): nginx (also the backend) and HAProxy from Debian. The
# packages' own services are stopped: the lab starts its own, on free loopback ports.
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then proxies_installed=1; fi
fi
if [ "${proxies_installed:-0}" = 1 ]; then
  echo "nginx, haproxy: already installed"
else
  need_root "nginx and HAProxy"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nginx haproxy >/dev/null
  for svc in nginx haproxy; do
    if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" 2>/dev/null || true; fi
    service "$svc" stop >/dev/null 2>&1 || true
  done
fi

# phase-08's broker setup scripts run for real against Debian's brokers on loopback
# (test/phase08/*.real.test.ts): RabbitMQ 3.10 with its management plugin, nats-server 2.9 with
# JetStream. Their own services are stopped: the tests start throwaway nodes on free ports.
if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && command -v nats-server >/dev/null 2>&1; then
  echo "rabbitmq-server, nats-server: already installed"
else
  need_root "RabbitMQ and NATS"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends rabbitmq-server nats-server >/dev/null
  if command -v systemctl >/dev/null 2>&1; then systemctl stop rabbitmq-server 2>/dev/null || true; fi
  service rabbitmq-server stop >/dev/null 2>&1 || true
  epmd -kill >/dev/null 2>&1 || true
fi

# The phase-03 local proof (benchmarks/local/localMetrics.ts) runs the two metrics backends and a
# real fixed-shape target from Debian 12: Prometheus 2.42, VictoriaMetrics 1.79, node_exporter 1.5
# (`apt-cache policy` on 2026-12-07: 2.42.0+ds-5+deb12u1, 1.79.5+ds1-2+b5, 1.5.0-1+b6). Another
# distribution serves other minors (Ubuntu 24.04, CI's runner): said loudly, not refused, since the
# self-metrics the parsers read exist in later minors too but were checked against these only.
# The packages' services are stopped: the lab
# starts its own on free loopback ports with throwaway data directories.
if command -v prometheus >/dev/null 2>&1 && command -v victoria-metrics >/dev/null 2>&1 && command -v prometheus-node-exporter >/dev/null 2>&1; then
  echo "prometheus, victoria-metrics, node_exporter: already installed"
else
  need_root "Prometheus, VictoriaMetrics and node_exporter"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus victoria-metrics prometheus-node-exporter >/dev/null
  for svc in prometheus victoria-metrics prometheus-node-exporter; do
    if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" 2>/dev/null || true; fi
    service "$svc" stop >/dev/null 2>&1 || true
  done
fi
for pair in prometheus:2.42. victoria-metrics:1.79. prometheus-node-exporter:1.5.; do
  installed="$(dpkg-query -W -f='${Version}' "${pair%%:*}" 2>/dev/null || true)"
  case "$installed" in
    "${pair#*:}"*) ;;
    "") echo "install-bench-tools: WARNING ${pair%%:*} is not from a Debian package: its version is unchecked" >&2 ;;
    *) echo "install-bench-tools: WARNING ${pair%%:*} $installed, the lab's self-metrics parsers were checked against ${pair#*:}x" >&2 ;;
  esac
done

# `lab report`'s browser test (test/report/browser.test.ts) renders the HTML report in a headless
# Chromium kept off the network. Any Chromium or Chrome already here will do (GitHub's Ubuntu
# runners ship google-chrome; the test takes $CHROMIUM, else the first of these found).
chromium_bin=""
for c in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/google-chrome; do
  if [ -n "$c" ] && [ -x "$c" ]; then chromium_bin=$c; break; fi
done
if [ -n "$chromium_bin" ]; then
  echo "chromium: already installed ($chromium_bin)"
else
  need_root "chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  chromium_bin=/usr/bin/chromium
fi

echo "tools:"
echo "  pgbench:  $(command -v pgbench) ($(pgbench --version))"
echo "  postgres: $(pg_bin_dir)"
echo "  redis:    $(command -v redis-server) ($(redis-server --version | awk '{print $3}'))"
echo "  nginx:    $( (/usr/sbin/nginx -v 2>&1 || nginx -v 2>&1) | head -1)"
echo "  haproxy:  $( (/usr/sbin/haproxy -v 2>/dev/null || haproxy -v) | head -1)"
echo "  rabbitmq: $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null)"
echo "  nats:     $(nats-server --version)"
echo "  chromium: $chromium_bin ($("$chromium_bin" --version 2>/dev/null | head -1))"
