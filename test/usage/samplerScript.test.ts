import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { usageSamplerScript } from "../../benchmarks/usage/samplerScript";
import { podUsageSchema } from "../../benchmarks/usage/podUsage";

/**
 * The sampler script run by bash (as kubectlCommand runs it) against a stand-in kubectl on PATH that answers like a cluster
 * without metrics-server (kind): two pods in the namespace, only one of them selected. What the
 * stand-in is asked is logged, so the test sees the selector reach both the pod listing and the
 * cAdvisor filter.
 */
const fakeKubectl = `#!/bin/sh
echo "$*" >> "$KUBECTL_LOG"
case "$*" in
  *"get pods"*"status.phase"*) echo Running ;;
  *"get --raw /apis/metrics.k8s.io"*) exit 1 ;;
  *"get pods"*"-l app=broker"*"spec.nodeName"*) echo node-a ;;
  *"get pods"*"spec.nodeName"*) echo "node-a node-a" ;;
  *"get pods"*"-l app=broker"*"metadata.name"*) echo broker-0 ;;
  *"get pods"*"metadata.name"*) echo "broker-0 other-0" ;;
  *"get --raw /api/v1/nodes/node-a/proxy/metrics/cadvisor"*)
    n=$(cat "$COUNTER"); echo $((n + 1)) > "$COUNTER"
    echo "container_cpu_usage_seconds_total{container=\\"broker\\",namespace=\\"lab-messaging\\",pod=\\"broker-0\\"} $((10 + n)) 1"
    echo "container_memory_working_set_bytes{container=\\"broker\\",namespace=\\"lab-messaging\\",pod=\\"broker-0\\"} 104857600 1"
    echo "container_cpu_usage_seconds_total{container=\\"other\\",namespace=\\"lab-messaging\\",pod=\\"other-0\\"} $((50 + n * 3)) 1"
    echo "container_memory_working_set_bytes{container=\\"other\\",namespace=\\"lab-messaging\\",pod=\\"other-0\\"} 209715200 1" ;;
  *"get job"*) n=$(cat "$COUNTER"); if [ "\${n:-0}" -ge 2 ]; then echo 2026-12-07T10:00:00Z; fi ;;
  *) echo "unexpected kubectl $*" >&2; exit 2 ;;
esac
`;

function runSampler(selector?: string) {
  const dir = mkdtempSync(join(tmpdir(), "lab-sampler-"));
  try {
    writeFileSync(join(dir, "kubectl"), fakeKubectl);
    chmodSync(join(dir, "kubectl"), 0o755);
    writeFileSync(join(dir, "counter"), "0");
    const env = {
      ...process.env,
      PATH: `${dir}:${process.env.PATH}`,
      KUBECTL_LOG: join(dir, "kubectl.log"),
      COUNTER: join(dir, "counter"),
      LAB_TMP: dir,
      JOB_NAMESPACE: "lab-messaging",
      JOB_NAME: "bench-1",
      TARGET_NAMESPACE: "lab-messaging",
      ...(selector ? { TARGET_SELECTOR: selector } : {}),
    };
    const out = execFileSync("/bin/bash", ["-c", usageSamplerScript({ warmupSeconds: 0, intervalSeconds: 1, deadlineSeconds: 30 })], { env, encoding: "utf8", timeout: 60_000 });
    return { usage: podUsageSchema.parse(JSON.parse(out)), calls: readFileSync(join(dir, "kubectl.log"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("usageSamplerScript", () => {
  it("with a selector, samples only the selected pods (cAdvisor has no pod labels: filtered by name)", () => {
    const { usage, calls } = runSampler("app=broker");
    expect(usage.source).toBe("cadvisor");
    expect(usage.pods).toEqual(["broker-0"]);
    expect(usage.memoryMiB).toBe(100);
    expect(calls).toContain("get --raw /apis/metrics.k8s.io/v1beta1/namespaces/lab-messaging/pods?labelSelector=app=broker");
  }, 60_000);

  it("without one, samples every pod of the namespace", () => {
    const { usage, calls } = runSampler();
    expect(usage.pods).toEqual(["broker-0", "other-0"]);
    expect(usage.memoryMiB).toBe(300);
    expect(calls).toContain("get --raw /apis/metrics.k8s.io/v1beta1/namespaces/lab-messaging/pods\n");
  }, 60_000);
});
