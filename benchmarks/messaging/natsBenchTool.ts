import type { PinnedImage } from "../../components/charts";
import type { BrokerTool } from "./brokerTool";
import { natsBenchJobScript } from "./natsBenchJobScript";
import { parseNatsBenchRecovery, parseNatsBenchStep } from "./natsBenchOutput";

/**
 * The nats-box that ships natscli v0.3.0, the version the local runs use (scripts/install-go-tools.sh).
 *
 * Not components/charts.ts `images.natsBox` (0.19.7, the chart's setup-Job image): nats-box builds
 * natscli with `go install github.com/nats-io/natscli/nats@v${VERSION_NATS}`, VERSION_NATS set in
 * its docker-bake.hcl. Read from github:nats-io/nats-box at each tag (`git show <tag>:docker-bake.hcl`):
 * v0.18.1 → 0.2.4; v0.19.0, v0.19.1, v0.19.2 → 0.3.0; v0.19.3 → 0.3.1; v0.19.4 → 0.3.2;
 * v0.19.5 → 0.4.0. The stored snapshot ends at v0.19.5 (2026-05-01, natscli 0.4.0 at its head), so
 * 0.19.7 carries natscli 0.4.0 or later, not 0.3.0. v0.19.2 is the last tag with 0.3.0; its
 * release workflow pushes `natsio/nats-box:<tag without v>` (.github/workflows/main.yaml), built
 * FROM alpine:3.22 (busybox sh, awk, timeout, date; jq and curl added) with a user nats uid 1000.
 */
export const natsBenchImage: PinnedImage = {
  repository: "natsio/nats-box",
  tag: "0.19.2",
  source: "https://github.com/nats-io/nats-box/blob/v0.19.2/docker-bake.hcl",
};

/** NATS_URL names the client Service; nats-box's nats reads it. The CLI keeps its context under $HOME (the Job sets HOME). */
export const natsBenchTool: BrokerTool = {
  broker: "nats",
  image: natsBenchImage,
  // nats-box's Dockerfile: `adduser -D -u 1000 -G nats nats` (the image's default user is root; the Job runs it as nats).
  runAsUser: 1000,
  // Go clients, a few MiB each; the CPU is for the publisher's loop and the consumers' acks.
  resources: { cpuMillicores: 500, memoryMiB: 256 },
  jobFiles: (step, connection) => ({ "tool.sh": natsBenchJobScript(step, connection.destination, { workDir: "/lab/work/nats" }) }),
  env: (connection) => [{ name: "NATS_URL", value: `nats://${connection.address}` }],
  parseStep: (log, step, target) => parseNatsBenchStep(log, step, target),
  parseRecovery: (log, step, target, deletion) => parseNatsBenchRecovery(log, step, target, deletion),
};

