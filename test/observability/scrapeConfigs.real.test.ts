import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { findTool } from "../../benchmarks/local/tools";
import { labScrapeConfigs } from "../../components/observability/scrapeConfigs";
import { realToolTest } from "../helpers/realTool";

/**
 * The scrape jobs both backends get, checked by VictoriaMetrics' own parser
 * (`-promscrape.config.dryRun`, 1.79 from Debian), which refuses unknown fields. Prometheus' side is
 * not checked here: Debian builds Prometheus 2.42 without Kubernetes service discovery (its promtool
 * refuses `kubernetes_sd_configs` outright), and the Go module proxy cannot `go install` promtool
 * (prometheus' go.mod has replace directives).
 */

const jobs = labScrapeConfigs("30s", {
  kubeStateMetrics: { namespace: "lab-observability", service: "kube-state-metrics" },
  nodeExporter: { namespace: "lab-node-exporter", service: "node-exporter" },
  backendSelfMetrics: ["prometheus-stack-prometheus.lab-observability.svc.cluster.local:9090", "victoria-metrics.lab-observability.svc.cluster.local:8428"],
});

let dir: string;
/**
 * The pod's service-account directory the jobs read (CA and token): VictoriaMetrics reads both files
 * when it parses the config, so the test points the same paths at a throwaway CA and token.
 */
const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";
let fakeServiceAccountDir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-scrape-"));
  fakeServiceAccountDir = path.join(dir, "serviceaccount");
  fs.mkdirSync(fakeServiceAccountDir);
  const ca = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=lab-test-ca", "-keyout", path.join(dir, "ca.key"), "-out", path.join(fakeServiceAccountDir, "ca.crt")], { encoding: "utf8" });
  if (ca.status !== 0) throw new Error(`openssl could not make a test CA: ${ca.stderr}`);
  fs.writeFileSync(path.join(fakeServiceAccountDir, "token"), "not-a-real-token");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(config: unknown): string {
  const file = path.join(dir, `scrape-${Math.random().toString(36).slice(2)}.yml`);
  fs.writeFileSync(file, stringify(config).split(serviceAccountDir).join(fakeServiceAccountDir));
  return file;
}

const victoriaMetrics = findTool("victoria-metrics");

realToolTest(
  "VictoriaMetrics' dry run accepts the same jobs, and refuses a typo'd field",
  victoriaMetrics ? null : "victoria-metrics not found (Debian package victoria-metrics)",
  async () => {
    const run = (file: string) => spawnSync(victoriaMetrics!, [`-promscrape.config=${file}`, "-promscrape.config.dryRun", `-storageDataPath=${path.join(dir, "data")}`], { encoding: "utf8", timeout: 30_000 });
    const good = run(write({ global: { scrape_interval: "30s" }, scrape_configs: jobs }));
    expect(`${good.stdout}${good.stderr}`).toContain("-promscrape.config is ok");
    expect(good.status).toBe(0);
    const typo = run(write({ scrape_configs: [{ ...jobs[0], scrape_intervall: "30s" }] }));
    expect(typo.status).not.toBe(0);
    expect(`${typo.stdout}${typo.stderr}`).toContain("scrape_intervall");
  },
  60_000,
);
