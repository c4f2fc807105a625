import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { checkRelease, formatReleaseCheck, type ReleaseToCheck } from "../../cli/charts/chartsCheck";
import { findTool } from "../../benchmarks/local/tools";
import { traefikService } from "../../components/traffic/TraefikGateway";
import { realToolTest } from "../helpers/realTool";

/**
 * `lab charts check` on the real helm: a small chart written here (so the test needs no network),
 * named like the lab's traefik release so the check looks for the Service the lab dials
 * (traefikService). Each finding is planted in the chart or the values and must be reported.
 */

const missing = findTool("helm") ? null : "helm not found";
let chartDir: string;

function writeChart(dir: string, opts: { version: string; servicePort: number; cpuLimitDefault: boolean; dependency?: string }): void {
  fs.mkdirSync(path.join(dir, "templates"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "Chart.yaml"),
    stringify({
      apiVersion: "v2",
      name: "traefik",
      version: opts.version,
      icon: "https://example.com/icon.png",
      ...(opts.dependency ? { dependencies: [{ name: opts.dependency, version: "1.0.0", repository: "https://example.com/charts", condition: `${opts.dependency}.enabled` }] } : {}),
    }),
  );
  fs.writeFileSync(
    path.join(dir, "values.yaml"),
    stringify({
      replicaCount: 1,
      service: { type: "ClusterIP", port: opts.servicePort },
      resources: opts.cpuLimitDefault ? { limits: { cpu: "500m", memory: "128Mi" } } : {},
      ...(opts.dependency ? { [opts.dependency]: { enabled: false } } : {}),
    }),
  );
  fs.writeFileSync(
    path.join(dir, "templates", "service.yaml"),
    [
      "apiVersion: v1",
      "kind: Service",
      "metadata:",
      "  name: {{ .Release.Name }}",
      "  namespace: {{ .Release.Namespace }}",
      "spec:",
      "  type: {{ .Values.service.type }}",
      "  selector: { app: {{ .Release.Name }} }",
      "  ports:",
      "    - name: web",
      "      port: {{ .Values.service.port }}",
      "      targetPort: 8000",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "templates", "deployment.yaml"),
    [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: {{ .Release.Name }}",
      "  namespace: {{ .Release.Namespace }}",
      "spec:",
      "  replicas: {{ .Values.replicaCount }}",
      "  selector: { matchLabels: { app: {{ .Release.Name }} } }",
      "  template:",
      "    metadata: { labels: { app: {{ .Release.Name }} } }",
      "    spec:",
      "      containers:",
      "        - name: proxy",
      "          image: docker.io/library/traefik:v3.6.0",
      "          resources: {{- toYaml .Values.resources | nindent 12 }}",
      "",
    ].join("\n"),
  );
}

const release = (values: Record<string, unknown>, version = "1.0.0"): ReleaseToCheck => ({
  stack: "phase-04",
  release: "traefik",
  namespace: "lab-traffic",
  helm: { chart: "traefik", repo: "https://example.com/charts", version, values },
});

beforeAll(() => {
  chartDir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-charts-test-"));
  writeChart(path.join(chartDir, "traefik-1.0.0"), { version: "1.0.0", servicePort: traefikService.port!, cpuLimitDefault: false });
  writeChart(path.join(chartDir, "traefik-2.0.0"), { version: "2.0.0", servicePort: 8080, cpuLimitDefault: true });
  writeChart(path.join(chartDir, "traefik"), { version: "3.0.0", servicePort: traefikService.port!, cpuLimitDefault: false, dependency: "redis" });
});
afterAll(() => fs.rmSync(chartDir, { recursive: true, force: true }));

describe("lab charts check on the real helm", () => {
  realToolTest(
    "a release rendered with defined keys, the lab's Service port and no CPU limit is clean",
    missing,
    async () => {
      const check = checkRelease(release({ replicaCount: 2, resources: { requests: { cpu: "50m", memory: "64Mi" } } }), chartDir);
      expect(check.error).toBeUndefined();
      expect(check).toMatchObject({ ok: true, renderedVersion: "1.0.0", nearestVersion: false, undefinedKeys: [], lint: [] });
      expect(check.rendered).toMatchObject({ objects: 2, schemaViolations: [], cpuLimits: [], missingConnections: [] });
      expect(formatReleaseCheck(check)).toBe(`ok   phase-04 traefik: traefik@1.0.0, 2 objects, source ${path.join(chartDir, "traefik-1.0.0")}`);
    },
    60_000,
  );

  realToolTest(
    "a typo'd key, the chart's default CPU limit and a Service without the lab's port are each reported",
    missing,
    async () => {
      const check = checkRelease(release({ servcie: { port: 80 } }, "2.0.0"), chartDir);
      expect(check.ok).toBe(false);
      expect(check.undefinedKeys).toEqual([{ path: "servcie.port", definedUpTo: "" }]);
      expect(check.rendered?.cpuLimits).toEqual(['Deployment/traefik container proxy: limits.cpu "500m"']);
      expect(check.rendered?.missingConnections).toEqual([`Service traefik has no port 80 (${traefikService.usedBy}); it renders 8080`]);
      const text = formatReleaseCheck(check);
      expect(text).toMatch(/^FAIL phase-04 traefik: traefik@2\.0\.0, 2 objects/);
      expect(text).toContain("values key servcie.port is not defined by the chart: Helm ignores it");
    },
    60_000,
  );

  realToolTest(
    "the lab's null CPU limit deletes the chart's default: nothing left to report",
    missing,
    async () => {
      const check = checkRelease(release({ service: { port: 80 }, resources: { limits: { cpu: null } } }, "2.0.0"), chartDir);
      expect(check.rendered?.cpuLimits).toEqual([]);
      expect(check.rendered?.missingConnections).toEqual([]);
      expect(check.ok).toBe(true);
    },
    60_000,
  );

  realToolTest(
    "a chart source lacking a dependency: left out when the values disable it, an error when they enable it; an unpinned version is named nearest",
    missing,
    async () => {
      const disabled = checkRelease(release({}, "3.0.1"), chartDir);
      expect(disabled).toMatchObject({ ok: true, renderedVersion: "3.0.0", nearestVersion: true, droppedDependencies: ["redis"] });
      expect(formatReleaseCheck(disabled)).toContain("traefik@3.0.0 (nearest to the pinned 3.0.1)");

      const enabled = checkRelease(release({ redis: { enabled: true } }, "3.0.1"), chartDir);
      expect(enabled.ok).toBe(false);
      expect(enabled.error).toBe(`chart traefik: dependency redis is enabled by the values (condition redis.enabled) but missing from source ${path.join(chartDir, "traefik")}: run helm dependency build there`);
    },
    60_000,
  );

  realToolTest(
    "a value of the wrong type renders an object the API server would refuse: a schema violation naming the field",
    missing,
    async () => {
      const check = checkRelease(release({ service: { type: 8080 } }), chartDir);
      expect(check.ok).toBe(false);
      expect(check.rendered?.schemaViolations.some((v) => v.startsWith("Service/traefik: /spec/type"))).toBe(true);
    },
    60_000,
  );

  realToolTest(
    "a values file helm refuses (a template that does not render) is an error carrying helm's own message",
    missing,
    async () => {
      fs.writeFileSync(path.join(chartDir, "traefik-1.0.0", "templates", "broken.yaml"), "{{ if .Values.replicaCount }}\n");
      try {
        const check = checkRelease(release({}), chartDir);
        expect(check.ok).toBe(false);
        expect(check.error).toMatch(/^helm template failed: Error: .*broken\.yaml.*unexpected EOF/);
        expect(check.lint.some((l) => l.includes("[ERROR]"))).toBe(true);
      } finally {
        fs.rmSync(path.join(chartDir, "traefik-1.0.0", "templates", "broken.yaml"));
      }
    },
    60_000,
  );
});
