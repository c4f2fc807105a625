import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execBounded } from "../../benchmarks/local/exec";
import { startLocalNats, type LocalNats } from "../../benchmarks/local/localNats";
import { findTool } from "../../benchmarks/local/tools";
import { streamSetupScript } from "../../components/messaging/NatsJetStream";
import { realToolTest } from "../helpers/realTool";

/**
 * The stream setup Job's script, run for real: the NATS CLI (natscli, built by
 * scripts/install-go-tools.sh) against nats-server 2.9 (Debian) with JetStream on loopback. The
 * first run adds the stream, a second run (the Job after an update) edits it to the same
 * definition instead of failing; the stream then holds exactly the lab's definition.
 */
const nats = findTool("nats");
const missing = !findTool("nats-server") ? "nats-server not found (Debian package nats-server)" : !nats ? "nats CLI not found (scripts/install-go-tools.sh)" : null;

realToolTest(
  "the setup script adds the stream, and a second run edits it to the same definition",
  missing,
  async () => {
    let server: LocalNats | undefined;
    const home = mkdtempSync(join(tmpdir(), "lab-nats-home-"));
    try {
      server = await startLocalNats();
      // The Job's image has the CLI on PATH; here it is the lab's tools directory.
      const env = { ...process.env, HOME: home, PATH: `${join(nats!, "..")}:${process.env.PATH}` };
      const script = streamSetupScript(server.address, "lab-events", 1, 24);
      await execBounded(["sh", "-c", script], { timeoutMs: 30_000, env });
      const again = await execBounded(["sh", "-c", script], { timeoutMs: 30_000, env });
      const info = JSON.parse((await execBounded([nats!, "--server", `nats://${server.address}`, "stream", "info", "lab-events", "--json"], { timeoutMs: 10_000, env })).stdout) as { config: Record<string, unknown> };
      expect(info.config).toMatchObject({ name: "lab-events", subjects: ["lab-events.>"], retention: "limits", storage: "file", discard: "old", num_replicas: 1, max_age: 24 * 3600 * 1e9 });
      expect(again.stdout).toContain('"name": "lab-events"');
    } finally {
      await server?.stop();
      rmSync(home, { recursive: true, force: true });
    }
  },
  90_000,
);
