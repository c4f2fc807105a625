/**
 * The webhook wait step's script (components/kubectl/serviceEndpointsWait.ts) run for real against
 * the control plane: bounded and explicit without endpoints, done once a Deployment's pods are Ready.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { serviceEndpointsWaitScript } from "../../components/kubectl/serviceEndpointsWait";
import { execBounded } from "../../benchmarks/local/exec";
import { realToolTest } from "../helpers/realTool";
import { controlPlaneMissing, harness } from "./prerequisites";

const setup = `
set -eu
kubectl create namespace hooks >/dev/null
kubectl -n hooks create service clusterip webhook --tcp=443:9443 >/dev/null
run_wait() { WAIT_NAMESPACE=hooks WAIT_SERVICE=webhook WAIT_TIMEOUT=$1 bash "$WAIT_SCRIPT"; }
if run_wait 3 2>"$OUT/no-endpoints.err"; then echo "the wait passed with no endpoint" >&2; exit 1; fi
kubectl -n hooks create deployment webhook --image=registry.k8s.io/pause:3.10 --port=9443 >/dev/null
started=$(date +%s%N)
run_wait 60 >"$OUT/ready.out"
echo $(( ($(date +%s%N) - started) / 1000000 )) >"$OUT/ready.ms"
`;

realToolTest(
  "the webhook wait fails after its bound without a ready endpoint, and passes once the Service's pods are Ready",
  controlPlaneMissing(),
  async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "endpoints-wait-"));
    try {
      fs.writeFileSync(path.join(work, "wait.sh"), serviceEndpointsWaitScript);
      // The Deployment's selector is app=webhook; `kubectl create service` selects app=webhook too.
      const run = await execBounded([harness, "bash", "-c", setup], { timeoutMs: 180_000, env: { ...process.env, OUT: work, WAIT_SCRIPT: path.join(work, "wait.sh") }, allowFailure: true });
      if (run.code !== 0) throw new Error(`control-plane run failed (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
      expect(fs.readFileSync(path.join(work, "no-endpoints.err"), "utf8")).toContain("service hooks/webhook has no ready endpoint after 3s");
      expect(fs.readFileSync(path.join(work, "ready.out"), "utf8")).toContain("service hooks/webhook has a ready endpoint");
      console.log(`webhook wait: endpoint ready ${fs.readFileSync(path.join(work, "ready.ms"), "utf8").trim()} ms after the Deployment was created (KWOK)`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
  240_000,
);
