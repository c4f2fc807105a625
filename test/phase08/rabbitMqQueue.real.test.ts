import { existsSync } from "node:fs";
import { execBounded } from "../../benchmarks/local/exec";
import { rabbitMqServerScript, startLocalRabbitMq, type LocalRabbitMq } from "../../benchmarks/local/localRabbitMq";
import { declareQuorumQueueScript, quorumQueueDefinition } from "../../components/messaging/RabbitMqCluster";
import { realToolTest } from "../helpers/realTool";

/**
 * The quorum-queue setup Job's script, run for real against RabbitMQ 3.10 (Debian) on loopback:
 * the queue exists afterwards as a durable quorum queue with the TTL, and a second run (the Job
 * after an update) succeeds on the unchanged queue.
 */
const missing = existsSync(rabbitMqServerScript) ? null : "rabbitmq-server not found (Debian package rabbitmq-server)";

realToolTest(
  "the setup script declares the quorum queue, and a second run leaves it as it is",
  missing,
  async () => {
    let rabbit: LocalRabbitMq | undefined;
    try {
      rabbit = await startLocalRabbitMq({ timeoutMs: 90_000 });
      const env = { ...process.env, RABBITMQ_USER: rabbit.user, RABBITMQ_PASSWORD: rabbit.password, QUEUE: JSON.stringify(quorumQueueDefinition(24)) };
      const script = declareQuorumQueueScript("127.0.0.1", "lab-events", rabbit.managementPort);
      const first = await execBounded(["sh", "-c", script], { timeoutMs: 30_000, env });
      expect(first.stdout).toContain("quorum queue lab-events declared");
      const again = await execBounded(["sh", "-c", script], { timeoutMs: 30_000, env });
      expect(again.stdout).toContain("quorum queue lab-events declared");
      const auth = `Basic ${Buffer.from(`${rabbit.user}:${rabbit.password}`).toString("base64")}`;
      const queue = (await (await fetch(`http://127.0.0.1:${rabbit.managementPort}/api/queues/%2F/lab-events`, { headers: { authorization: auth } })).json()) as Record<string, unknown>;
      expect(queue).toMatchObject({ name: "lab-events", durable: true, auto_delete: false, type: "quorum", arguments: { "x-queue-type": "quorum", "x-message-ttl": 86_400_000 } });
    } finally {
      await rabbit?.stop();
    }
  },
  150_000,
);
