/** Every Helm chart and image the lab deploys, pinned in one place; a bump is a deliberate commit. */

/*
 * How these pins were chosen (research date 2026-11-23, no live registry access):
 * each version below was seen in a primary source (the chart's own Chart.yaml /
 * release tag / index) or, where noted, in several independent public
 * deployments or release notes. `source` names the URL to re-check before a bump.
 * The values keys in the comments were read from the chart's values.yaml as
 * stored in its repository (a recent snapshot of the default branch, not
 * necessarily byte-identical to the pinned tag); re-run
 * `helm show values <repo>/<chart> --version <v>` when bumping.
 */

export interface PinnedChart {
  /** Chart name in its repository. */
  readonly chart: string;
  /** Helm repository URL (https://...) or OCI registry prefix (oci://...) */
  readonly repo: string;
  /** Exact chart version. */
  readonly version: string;
  /** The application version the chart ships (for the README and plan output). */
  readonly appVersion: string;
  /** Where the pin was verified (URL of Chart.yaml / release page). */
  readonly source: string;
}

export interface PinnedImage {
  readonly repository: string;
  readonly tag: string;
  readonly source: string;
}

export const charts = {
  /*
   * Phase-01's and phase-05's charts: rendered on 2026-12-07 by `lab charts check --all` and
   * `lab charts check --all --cluster hub` (helm v3.19.0, lint --strict, template --include-crds
   * --kube-version 1.34.0, the values the components build for each profile) from chart sources
   * taken from fetched repository snapshots (not committed). Where a snapshot lacked the pinned tag
   * the nearest earlier release was rendered, and the RENDERED line says so: a bump or a first
   * deployment should re-run `lab charts check` against the pinned package (the default, which
   * pulls it). Every one rendered with: no values key the chart does not define, lint clean, every
   * object valid against the plan's schemas, no CPU limit, and the Service or Secret key the
   * component dials present (components/helm/releaseConnection.ts).
   */

  /*
   * argo/argo-cd. Values (laptop profile):
   *   configs.params."server.insecure": true      # TLS terminated outside / port-forward
   *   controller.replicas: 1, controller.resources
   *   server.replicas: 1, server.resources, server.service.type: ClusterIP
   *   repoServer.replicas: 1, repoServer.resources
   *   applicationSet.replicas: 1, applicationSet.resources
   *   redis.resources ; redis-ha.enabled: false   # HA off
   *   dex.enabled: false ; notifications.enabled: false (or notifications.resources)
   * RENDERED argo-cd 10.1.1 (nearest to 10.10.0): 44 objects, Service argocd-server port 80.
   */
  argoCd: {
    chart: "argo-cd",
    repo: "https://argoproj.github.io/argo-helm",
    version: "10.10.0",
    appVersion: "v3.5.4",
    source: "https://github.com/argoproj/argo-helm/releases/tag/argo-cd-10.10.0",
  },

  /*
   * argo/argo-workflows. Values:
   *   controller.replicas: 1, controller.resources, controller.serviceType: ClusterIP
   *   server.enabled: true, server.replicas: 1, server.resources, server.serviceType: ClusterIP
   *   executor.resources (init/wait containers), mainContainer.resources (workflow default)
   *   crds.install: true, workflow.serviceAccount.create, controller.workflowNamespaces
   * RENDERED argo-workflows 1.0.18 (nearest to 2.0.1): 25 objects, Service argo-workflows-server 2746.
   */
  argoWorkflows: {
    chart: "argo-workflows",
    repo: "https://argoproj.github.io/argo-helm",
    version: "2.0.1",
    appVersion: "v4.1.0",
    source:
      "https://github.com/argoproj/argo-helm/blob/argo-workflows-2.0.1/charts/argo-workflows/Chart.yaml",
  },

  /*
   * crossplane-stable/crossplane (chart version == Crossplane version). Values:
   *   replicas: 1, resourcesCrossplane.{requests,limits}.{cpu,memory}
   *   rbacManager.deploy: true, rbacManager.replicas: 1,
   *   resourcesRBACManager.{requests,limits}.{cpu,memory}
   *   provider.packages / configuration.packages / function.packages, metrics.enabled
   *   (no Service to expose; webhooks.enabled: true)
   * RENDERED crossplane v2.3.4 (nearest to 2.4.2): 23 objects; securityContext* keys taken whole by `with`.
   */
  crossplane: {
    chart: "crossplane",
    repo: "https://charts.crossplane.io/stable",
    version: "2.4.2",
    appVersion: "2.4.2",
    source: "https://github.com/crossplane/crossplane/releases/tag/v2.4.2",
  },

  /*
   * openbao/openbao. 0.29.6 is the last 0.29.x; its default server image is 2.6.3.
   * 0.30.0 (server 2.7.x) exists but switches the *standalone* default storage to
   * PebbleDB; not pinned here because its appVersion was not verifiable.
   * Values:
   *   server.dev.enabled: true, server.dev.devRootToken: "root"   # throwaway lab, in-memory
   *   -- or --
   *   server.standalone.enabled: true, server.standalone.config: (HCL with
   *     storage "file" { path = "/openbao/data" }), server.dataStorage.enabled/size
   *   server.ha.enabled: false (server.ha.raft.enabled: false)
   *   server.resources ; injector.enabled: false ; injector.resources
   *   ui.enabled, ui.serviceType: ClusterIP ; csi.enabled: false
   * RENDERED openbao 0.29.2 (nearest to 0.29.6): 7 objects, Service openbao 8200, the server reads key
   * token of Secret openbao-root-token.
   */
  openBao: {
    chart: "openbao",
    repo: "https://openbao.github.io/openbao-helm",
    version: "0.29.6",
    appVersion: "v2.6.3",
    source: "https://github.com/openbao/openbao-helm/releases/tag/openbao-0.29.6",
  },

  /*
   * external-secrets/external-secrets. Values:
   *   installCRDs: true
   *   replicaCount: 1, resources
   *   webhook.create: true, webhook.replicaCount: 1, webhook.resources
   *   certController.create: true, certController.replicaCount: 1, certController.resources
   *   leaderElect: false (single replica)
   * RENDERED external-secrets 2.9.0 (nearest to 2.12.0): 19 objects, the webhook Service.
   */
  externalSecrets: {
    chart: "external-secrets",
    repo: "https://charts.external-secrets.io",
    version: "2.12.0",
    appVersion: "v2.12.0",
    source:
      "https://github.com/external-secrets/external-secrets/releases/tag/helm-chart-2.12.0",
  },

  /*
   * metallb/metallb. Values:
   *   controller.resources, speaker.resources
   *   speaker.frr.enabled: false ; frrk8s.enabled: false   # L2-only lab: skip the FRR/BGP stack
   *   crds.enabled: true ; loadBalancerClass: "" (handle every LoadBalancer Service)
   *   (IPAddressPool / L2Advertisement are CRs applied after the chart, not values)
   * RENDERED metallb 0.16.1 (the pin; hub only): 25 objects, Service metallb-webhook-service.
   */
  metallb: {
    chart: "metallb",
    repo: "https://metallb.github.io/metallb",
    version: "0.16.1",
    appVersion: "v0.16.1",
    source: "https://github.com/metallb/metallb/releases/tag/metallb-chart-0.16.1",
  },

  /*
   * ori-edge k8s_gateway (CoreDNS plugin serving A records for Ingress/Service/Gateway).
   * WARNING: 2.4.0 is the last chart in ori-edge/k8s_gateway; its default image
   * quay.io/oriedge/k8s_gateway was reported private (HTTP 401) in 2026. Either
   * override image.registry/image.repository/image.tag, or use externalDns below.
   * Values:
   *   domain: "lab.example"                 # delegated zone
   *   watchedResources: ["Ingress", "Service", "HTTPRoute"]
   *   service.type: LoadBalancer (default; MetalLB assigns the IP), service.loadBalancerIP
   *   resources, replicaCount: 1, ttl, fallthrough.enabled, extraZonePlugins
   * RENDERED k8s-gateway 2.4.0 (the pin): 6 objects.
   */
  k8sGateway: {
    chart: "k8s-gateway",
    repo: "https://ori-edge.github.io/k8s_gateway/",
    version: "2.4.0",
    appVersion: "0.4.0",
    source: "https://github.com/ori-edge/k8s_gateway/tree/master/charts",
  },

  /*
   * kubernetes-sigs/external-dns. Values:
   *   provider.name (e.g. "webhook" / "rfc2136" / "cloudflare"), sources: ["service", "ingress", "gateway-httproute"]
   *   domainFilters, policy: sync | upsert-only, txtOwnerId
   *   resources ; service.port
   * NOT in `lab charts check --all`: the default lab:clusterDns provider is k8s-gateway; render it
   * with a plan whose phase-01 config picks external-dns (`lab charts check --plan`).
   */
  externalDns: {
    chart: "external-dns",
    repo: "https://kubernetes-sigs.github.io/external-dns/",
    version: "1.23.0",
    appVersion: "0.23.0",
    source:
      "https://github.com/kubernetes-sigs/external-dns/releases/tag/external-dns-helm-chart-1.23.0",
  },

  /*
   * cloudnative-pg/cloudnative-pg (operator only; Clusters are CRs). Values:
   *   replicaCount: 1, resources
   *   crds.create: true ; monitoring.podMonitorEnabled: false
   *   service.type: ClusterIP (webhook service; leave it)
   *   config.data (operator ConfigMap, e.g. WATCH_NAMESPACE)
   * RENDERED cloudnative-pg 0.29.0 (nearest to 0.29.1): 22 objects, the webhook Service.
   */
  cloudNativePg: {
    chart: "cloudnative-pg",
    repo: "https://cloudnative-pg.github.io/charts",
    version: "0.29.1",
    appVersion: "1.30.1",
    source:
      "https://github.com/cloudnative-pg/charts/blob/cloudnative-pg-v0.29.1/charts/cloudnative-pg/Chart.yaml",
  },

  /*
   * seaweedfs/seaweedfs: S3-compatible target for CNPG / OpenBao backups.
   * Laptop profile: a single all-in-one pod instead of master+volume+filer+s3.
   * Values:
   *   allInOne.enabled: true, allInOne.replicas: 1, allInOne.resources
   *   allInOne.s3.enabled: true, allInOne.s3.enableAuth, s3.credentials (read by s3-secret.yaml)
   *   allInOne.data.type: "persistentVolumeClaim" | "emptyDir", allInOne.data.size
   *   allInOne.service.type: ClusterIP
   *   master.enabled / volume.enabled / filer.enabled: false when allInOne is used
   *   (split mode: master.resources, volume.resources, filer.resources, s3.enabled, s3.resources;
   *    master.data.type defaults to "hostPath", change it on kind)
   * RENDERED seaweedfs 4.44 (nearest to 4.48): 9 objects, Service seaweedfs-all-in-one 8333 (S3),
   * Secret seaweedfs-s3-config key seaweedfs_s3_config read by the all-in-one pod.
   */
  seaweedfs: {
    chart: "seaweedfs",
    repo: "https://seaweedfs.github.io/seaweedfs/helm",
    version: "4.48.0",
    appVersion: "4.48",
    source: "https://github.com/seaweedfs/seaweedfs/releases/tag/4.48",
  },

  /*
   * Phase-04's three Gateway API contenders and the Gateway API CRDs. Chart sources were taken at
   * the pinned tags (fetched repository snapshots, not committed) and rendered here with
   * /root/.cache/platform-lab/bin/helm v3.19.0 (`helm template --kube-version 1.34.0` and
   * `helm lint --strict`) with the values components/traffic/ builds for both profiles: see
   * RENDERED below each entry for what was checked.
   */

  /*
   * envoyproxy/gateway-crds-helm: the Gateway API CRDs, standard channel, bundle v1.6.1 (the
   * `gateway.networking.k8s.io/bundle-version` annotation in the v1.9.0 chart), plus Envoy Gateway's
   * own CRDs. Installed once by the lab (components/traffic/GatewayApiCrds.ts) so no gateway chart
   * installs or upgrades them: gateway-helm runs with `crds.enabled: false`, Traefik's chart ships no
   * Gateway API CRDs, NGINX Gateway Fabric's only its own gateway.nginx.org ones.
   * Values: crds.gatewayAPI.enabled, crds.gatewayAPI.channel ("standard"), crds.envoyGateway.enabled.
   * RENDERED (v1.9.0 tag; Chart.yaml version and values.yaml made from values.tmpl.yaml as the
   * release does): 18 CRDs, the 10 Gateway API ones (gatewayclasses, gateways, httproutes,
   * grpcroutes, referencegrants, backendtlspolicies, listenersets, tcproutes, tlsroutes, udproutes
   * .gateway.networking.k8s.io, all `channel: standard`, bundle v1.6.1) and Envoy Gateway's 8;
   * with crds.envoyGateway.enabled false only the 10. helm lint --strict: 0 failed.
   */
  gatewayCrds: {
    chart: "gateway-crds-helm",
    repo: "oci://docker.io/envoyproxy",
    version: "v1.9.0",
    appVersion: "v1.9.0",
    source: "https://github.com/envoyproxy/gateway/tree/v1.9.0/charts/gateway-crds-helm",
  },

  /*
   * envoyproxy/gateway-helm: the Envoy Gateway controller. It provisions one Envoy Deployment and
   * Service per Gateway from the EnvoyProxy the GatewayClass points at (resources, Service name and
   * type are set there, not in these values). Values:
   *   crds.enabled: false (GatewayApiCrds installs them), deployment.replicas,
   *   deployment.envoyGateway.resources
   * RENDERED: Deployment envoy-gateway with the lab's requests (laptop 50m/128Mi, hub 100m/256Mi),
   * Service envoy-gateway (grpc 18000, for the Envoy fleet), the certgen Job; no CRD in the output
   * with crds.enabled false (the chart has no values schema: keys checked against values.yaml).
   */
  envoyGateway: {
    chart: "gateway-helm",
    repo: "oci://docker.io/envoyproxy",
    version: "v1.9.0",
    appVersion: "v1.9.0",
    source: "https://github.com/envoyproxy/gateway/releases/tag/v1.9.0",
  },

  /*
   * traefik/traefik with its Kubernetes Gateway provider. Traefik serves Gateways itself: the
   * listener port must be an entry point's container port (web: 8000); the Service maps 80 to it.
   * Values:
   *   providers.kubernetesGateway.enabled: true, providers.kubernetesCRD.enabled: false,
   *   providers.kubernetesIngress.enabled: false, gateway.enabled: false, gatewayClass.enabled: false
   *   (the lab writes its own), ingressClass.enabled: false, ingressRoute.dashboard.enabled: false,
   *   api.dashboard: false, global.checkNewVersion: false, global.sendAnonymousUsage: false,
   *   deployment.replicas, resources, service.spec.type (not service.type, which the chart ignores), ports.web.port (8000), ports.web.exposedPort (80)
   * RENDERED: Deployment and Service `traefik` (release name traefik) in the release namespace,
   * Service port 80 (web) -> targetPort web, `--entryPoints.web.address=:8000/tcp`,
   * `--providers.kubernetesgateway` with its status address taken from Service traefik; Service type
   * ClusterIP on kind, LoadBalancer for the hub's active gateway; requests as set;
   * helm lint --strict (values.schema.json) 0 failed.
   */
  traefik: {
    chart: "traefik",
    repo: "https://traefik.github.io/charts",
    version: "41.3.0",
    appVersion: "v3.7.11",
    source: "https://github.com/traefik/traefik-helm-chart/releases/tag/v41.3.0",
  },

  /*
   * nginx/nginx-gateway-fabric: the NGINX-based contender. Upstream ingress-nginx was retired
   * (best-effort maintenance ended March 2026) and is not a Gateway API implementation anyway;
   * NGINX Gateway Fabric is NGINX's own Gateway API implementation, maintained by F5/NGINX under
   * Apache-2.0. The chart always renders its GatewayClass (named by nginxGateway.gatewayClassName)
   * bound to an NginxProxy built from the `nginx.*` values; the controller provisions one NGINX
   * Deployment and Service per Gateway, named `<gateway>-<gatewayclass>` in the Gateway's namespace.
   * Values:
   *   nginxGateway.gatewayClassName, nginxGateway.replicas, nginxGateway.resources,
   *   nginxGateway.productTelemetry.enable: false, nginx.replicas, nginx.container.resources,
   *   nginx.service.type (ClusterIP on kind, LoadBalancer for the hub's active gateway)
   * RENDERED: GatewayClass lab-nginx (controller gateway.nginx.org/nginx-gateway-controller) ->
   * NginxProxy nginx-gateway-proxy-config carrying the NGINX requests and Service type (the
   * provisioner drops externalTrafficPolicy for ClusterIP: provisioner/objects.go at v2.6.7);
   * Deployment/Service nginx-gateway (control plane, 443 agent gRPC) with `--product-telemetry-disable`;
   * helm lint --strict (values.schema.json) 0 failed.
   */
  nginxGatewayFabric: {
    chart: "nginx-gateway-fabric",
    repo: "oci://ghcr.io/nginx/charts",
    version: "2.6.7",
    appVersion: "2.6.7",
    source: "https://github.com/nginx/nginx-gateway-fabric/releases/tag/v2.6.7",
  },

  /*
   * Phase-03's metrics backends, collector and SLOs. Versions taken from the charts' release tags in
   * public repository snapshots of 2026-08 (the newest each held; chart repositories are not
   * reachable from the development machines), rendered there with `lab charts check` (RENDERED).
   *
   * RENDERED kube-prometheus-stack 88.5.3 at its tag, its dependencies put in charts/ at the
   * versions its Chart.yaml asks (kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1,
   * grafana-community grafana 12.11.1; the disabled windows exporter left out), kind and hub: 72
   * objects; Services prometheus-stack-prometheus 9090, grafana 80, kube-state-metrics 8080,
   * node-exporter 9100 (in lab-node-exporter); the Prometheus CR with the lab's scrape jobs as
   * additionalScrapeConfigs, remote-write receiver on, ruleSelector {} (Pyrra's rules); every pod's
   * security context restricted-compatible but node-exporter's (host network, its own namespace).
   */
  kubePrometheusStack: {
    chart: "kube-prometheus-stack",
    repo: "https://prometheus-community.github.io/helm-charts",
    version: "88.5.3",
    appVersion: "v0.93.1",
    source: "https://github.com/prometheus-community/helm-charts/releases/tag/kube-prometheus-stack-88.5.3",
  },
  /*
   * RENDERED victoria-metrics-single 0.45.0 (victoria-metrics-common 0.3.16): StatefulSet with
   * --promscrape.config from the lab's scrape jobs and --retentionPeriod, Service victoria-metrics
   * 8428, restricted security contexts (the chart's `enabled` switch kept).
   */
  victoriaMetricsSingle: {
    chart: "victoria-metrics-single",
    repo: "https://victoriametrics.github.io/helm-charts/",
    version: "0.45.0",
    appVersion: "v1.150.0",
    source: "https://github.com/VictoriaMetrics/helm-charts/releases/tag/victoria-metrics-single-0.45.0",
  },
  /*
   * RENDERED opentelemetry-collector 0.170.0: Deployment, Service otel-collector 4317/4318 only
   * (jaeger/zipkin ports off); relay.yaml with OTLP in, prometheusremotewrite per backend, the
   * chart's jaeger/zipkin/prometheus receivers deleted (null values).
   */
  openTelemetryCollector: {
    chart: "opentelemetry-collector",
    repo: "https://open-telemetry.github.io/opentelemetry-helm-charts",
    version: "0.170.0",
    appVersion: "0.158.0",
    source: "https://github.com/open-telemetry/opentelemetry-helm-charts/releases/tag/opentelemetry-collector-0.170.0",
  },
  /*
   * Pyrra has no chart of its own; rlex/helm-charts' is the one Artifact Hub lists. Its last
   * release (0.14.3, 2025-04) ships Pyrra v0.8.1 and the matching ServiceLevelObjective CRD: pinned
   * as it is rather than mixing a newer image with an older CRD.
   * RENDERED: one Deployment (kubernetes operator and API containers), Service pyrra 9099, the
   * ServiceLevelObjective CRD (crds/) the lab's SLO schema in cli/plan/crdSchemas.ts follows.
   */
  pyrra: {
    chart: "pyrra",
    repo: "https://rlex.github.io/helm-charts",
    version: "0.14.3",
    appVersion: "v0.8.1",
    source: "https://github.com/rlex/helm-charts/blob/pyrra-0.14.3/charts/pyrra/Chart.yaml",
  },
  /*
   * Phase-08's brokers. Strimzi's chart source at its 1.2.0 tag carries the released values
   * (defaultImageTag 1.2.0) but a placeholder Chart.yaml version; the published chart is
   * oci://quay.io/strimzi-helm/strimzi-kafka-operator:1.2.0. NATS's chart 2.14.2 ships nats-server
   * 2.14.2. Both read from the repositories' release tags (snapshots of 2026-08 and 2026-06).
   * RENDERED both at those tags, kind and hub: Strimzi 27 objects (the cluster operator watching
   * its own namespace, restricted container context, the chart's CPU limit deleted); NATS 5
   * objects: StatefulSet nats with JetStream on a file-store PVC (clustered with 3 on the hub),
   * Service nats 4222, pods non-root (uid 1000) with restricted contexts.
   */
  strimzi: {
    chart: "strimzi-kafka-operator",
    repo: "oci://quay.io/strimzi-helm",
    version: "1.2.0",
    appVersion: "1.2.0",
    source: "https://github.com/strimzi/strimzi-kafka-operator/releases/tag/1.2.0",
  },
  nats: {
    chart: "nats",
    repo: "https://nats-io.github.io/k8s/helm/charts/",
    version: "2.14.2",
    appVersion: "2.14.2",
    source: "https://github.com/nats-io/k8s/releases/tag/nats-2.14.2",
  },
} as const satisfies Record<string, PinnedChart>;

/*
 * Redis: no chart. Bitnami moved its images behind a paywall in 2025, so the lab
 * runs the official `redis` image from its own one-replica StatefulSet (images.redis).
 * That keeps one image pin, no third-party chart defaults, and the same image
 * pgbench-style Jobs can use for redis-benchmark. (Alternatives considered and NOT
 * verified here: the cloudpirates OCI chart and the valkey chart.)
 */

export const images = {
  /** Load generator for HTTP benchmarks. */
  k6: {
    repository: "grafana/k6",
    tag: "2.3.0",
    source: "https://hub.docker.com/r/grafana/k6/tags?name=2.3.0",
  },
  /** Official PostgreSQL image, major 17, used only by pgbench Jobs. */
  postgres: {
    repository: "postgres",
    tag: "17.11",
    source: "https://hub.docker.com/_/postgres/tags?name=17.11",
  },
  /** CloudNativePG operand image (Cluster.spec.imageName), PostgreSQL 17. */
  cnpgPostgres: {
    repository: "ghcr.io/cloudnative-pg/postgresql",
    tag: "17.11-standard-trixie",
    source: "https://github.com/cloudnative-pg/postgres-containers/pkgs/container/postgresql",
  },
  /** Official Redis image for the lab's own StatefulSet. */
  redis: {
    repository: "redis",
    tag: "8.10.2-alpine",
    source: "https://hub.docker.com/_/redis/tags?name=8.10.2",
  },
  /** Kind node image, digest as printed in the kind v0.33.0 release notes. */
  kindNode: {
    repository: "kindest/node",
    tag: "v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d",
    source: "https://github.com/kubernetes-sigs/kind/releases/tag/v0.33.0",
  },
  /** OpenBao server/CLI, the chart's appVersion; also runs the auth bootstrap Job. */
  openBao: {
    repository: "quay.io/openbao/openbao",
    tag: "2.6.3",
    source: "https://github.com/openbao/openbao-helm/releases/tag/openbao-0.29.6",
  },
  /**
   * k8s_gateway, set explicitly instead of the chart's `latest`; the upstream registry was reported
   * private in 2026, so `lab:clusterDns.image` can point it at a mirror.
   */
  k8sGateway: {
    repository: "quay.io/oriedge/k8s_gateway",
    tag: "v0.4.0",
    source: "https://github.com/ori-edge/k8s_gateway/releases/tag/v0.4.0",
  },
  /** kubectl for Jobs/hooks (official image, shell-free). */
  kubectl: {
    repository: "registry.k8s.io/kubectl",
    tag: "v1.34.1",
    source: "https://github.com/kubernetes/kubernetes/releases/tag/v1.34.1",
  },
  /**
   * Phase-04's backend behind every gateway: a static Go binary that answers every request with a
   * fixed text body (small and fast, so the gateways are the only variable). No shell, no files:
   * it runs as any non-root uid.
   */
  httpEcho: {
    repository: "hashicorp/http-echo",
    tag: "1.0.0",
    source: "https://github.com/hashicorp/http-echo/releases/tag/v1.0.0",
  },
  /** The OTel Collector's contrib distribution (it has the prometheusremotewrite exporter), the chart's appVersion. */
  otelCollectorContrib: {
    repository: "otel/opentelemetry-collector-contrib",
    tag: "0.158.0",
    source: "https://github.com/open-telemetry/opentelemetry-helm-charts/blob/opentelemetry-collector-0.170.0/charts/opentelemetry-collector/Chart.yaml",
  },
  /** RabbitMQ as the cluster operator v2.22.3 runs it by default (cmd/main.go defaultRabbitmqImage). */
  rabbitmq: {
    repository: "rabbitmq",
    tag: "4.2.6-management",
    source: "https://github.com/rabbitmq/cluster-operator/blob/v2.22.3/cmd/main.go",
  },
  /**
   * phase-08's Kafka load tools (kafka-producer-perf-test, kafka-consumer-perf-test,
   * kafka-e2e-latency under /opt/kafka/bin) at the brokers' own version, Strimzi's 4.3.1. The
   * official image's docker/jvm/Dockerfile runs them as `appuser` (uid 1000); the tag on Docker
   * Hub was NOT checked from here (unreachable); the same jars from Maven Central ran locally.
   */
  kafkaTools: {
    repository: "apache/kafka",
    tag: "4.3.1",
    source: "https://github.com/apache/kafka/blob/4.3.1/docker/jvm/Dockerfile",
  },
  /**
   * phase-08's RabbitMQ load tool. The repository's Dockerfile (read at commit 0cae5a2) builds on
   * ubuntu:22.04 with python3 (the job script reads the management API with it), runs as uid 1000
   * (`perf-test`) and has the jar at /perf_test/perf-test.jar. The 2.22.1 tag on Docker Hub was NOT
   * checked from here; the same version from Maven Central ran locally.
   */
  perfTest: {
    repository: "pivotalrabbitmq/perf-test",
    tag: "2.22.1",
    source: "https://github.com/rabbitmq/rabbitmq-perf-test/blob/v2.22.1/Dockerfile",
  },
  /**
   * The nats-box that ships natscli v0.3.0, the version the local runs use (scripts/install-go-tools.sh).
   *
   * phase-08's `nats bench`. Not `natsBox` below (0.19.7, the chart's setup-Job image): nats-box builds
   * natscli with `go install github.com/nats-io/natscli/nats@v${VERSION_NATS}`, VERSION_NATS set in
   * its docker-bake.hcl. Read from github:nats-io/nats-box at each tag (`git show <tag>:docker-bake.hcl`):
   * v0.18.1 → 0.2.4; v0.19.0, v0.19.1, v0.19.2 → 0.3.0; v0.19.3 → 0.3.1; v0.19.4 → 0.3.2;
   * v0.19.5 → 0.4.0. The stored snapshot ends at v0.19.5 (2026-05-01, natscli 0.4.0 at its head), so
   * 0.19.7 carries natscli 0.4.0 or later, not 0.3.0. v0.19.2 is the last tag with 0.3.0; its
   * release workflow pushes `natsio/nats-box:<tag without v>` (.github/workflows/main.yaml), built
   * FROM alpine:3.22 (busybox sh, awk, timeout, date; jq and curl added) with a user nats uid 1000.
   */
  natsBench: {
    repository: "natsio/nats-box",
    tag: "0.19.2",
    source: "https://github.com/nats-io/nats-box/blob/v0.19.2/docker-bake.hcl",
  },
  /** The NATS CLI for the stream setup Job: the nats-box the pinned NATS chart 2.14.2 uses. */
  natsBox: {
    repository: "natsio/nats-box",
    tag: "0.19.7",
    source: "https://github.com/nats-io/k8s/blob/nats-2.14.2/helm/charts/nats/values.yaml",
  },
  /**
   * Phase-03's series generator in the cluster (benchmarks/metrics/avalanche.ts builds its argv).
   * v0.5.0 because its flags are the ones the lab's definition is named after: tag v0.5.0 of
   * github.com/prometheus-community/avalanche (commit 8494cab, 2024-09-16) was read from a
   * repository snapshot, cmd/avalanche.go's kingpin flags and metrics/serve.go's series shape;
   * v0.6.0 renamed --metric-count. The quay.io path is the repository's Makefile DOCKER_REPO /
   * DOCKER_IMAGE_NAME and its README; the tag on quay.io itself was NOT checked (unreachable here).
   */
  avalanche: {
    repository: "quay.io/prometheuscommunity/avalanche",
    tag: "v0.5.0",
    source: "https://github.com/prometheus-community/avalanche/releases/tag/v0.5.0",
  },
} as const satisfies Record<string, PinnedImage>;

/** The kind CLI release whose notes list images.kindNode (node images are tied to a kind release). */
export const kindCliVersion = "v0.33.0";


/** "repository:tag", or "repository:tag@sha256:..." when the tag carries a digest. */
export function imageRef(image: PinnedImage): string {
  return `${image.repository}:${image.tag}`;
}

/** A manifest applied from its project's release assets (an operator without a Helm chart). */
export interface PinnedManifest {
  readonly url: string;
  readonly version: string;
  readonly source: string;
}

export const manifests = {
  /*
   * The RabbitMQ Cluster Operator has no Helm chart of its own: its release asset is the install
   * (README: kubectl apply -f .../releases/latest/download/cluster-operator.yml), pinned here to a
   * release. It installs into rabbitmq-system. Not rendered here (the asset is built at release).
   */
  rabbitmqClusterOperator: {
    url: "https://github.com/rabbitmq/cluster-operator/releases/download/v2.22.3/cluster-operator.yml",
    version: "v2.22.3",
    source: "https://github.com/rabbitmq/cluster-operator/releases/tag/v2.22.3",
  },
} as const satisfies Record<string, PinnedManifest>;
