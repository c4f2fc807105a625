import { images } from "../../components/charts";
import { jobPaths } from "../job/jobScripts";
import type { BrokerTool } from "./brokerTool";
import { natsBenchJobScript } from "./natsBenchJobScript";
import { parseNatsBenchRecovery, parseNatsBenchStep } from "./natsBenchOutput";

/** NATS_URL names the client Service; nats-box's nats reads it. The CLI keeps its context under $HOME (the Job sets HOME). */
export const natsBenchTool: BrokerTool = {
  broker: "nats",
  image: images.natsBench,
  // nats-box's Dockerfile: `adduser -D -u 1000 -G nats nats` (the image's default user is root; the Job runs it as nats).
  runAsUser: 1000,
  // Go clients, a few MiB each; the CPU is for the publisher's loop and the consumers' acks.
  resources: { cpuMillicores: 500, memoryMiB: 256 },
  // The step's subjects are purged before and after it, so the run id need not name them.
  jobFiles: (step, endpoint) => ({ "tool.sh": natsBenchJobScript(step, endpoint.destination, { workDir: `${jobPaths.work}/nats` }) }),
  env: (endpoint) => [{ name: "NATS_URL", value: `nats://${endpoint.address}` }],
  parseStep: (log, step, target) => parseNatsBenchStep(log, step, target),
  parseRecovery: (log, step, target, deletion) => parseNatsBenchRecovery(log, step, target, deletion),
};

