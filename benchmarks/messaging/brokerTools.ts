import type { BrokerName } from "../../components/messaging/brokerNames";
import type { BrokerTool } from "./brokerTool";
import { kafkaTool } from "./kafkaTool";
import { natsBenchTool } from "./natsBenchTool";
import { perfTestTool } from "./perfTestTool";

/** Each broker's own load tool: what phase-08's Jobs, `lab parse job-log --tool messaging` and `lab bench --local messaging` use. */
export const brokerTools: Record<BrokerName, BrokerTool> = { kafka: kafkaTool, rabbitmq: perfTestTool, nats: natsBenchTool };

export function brokerToolFor(broker: BrokerName): BrokerTool {
  return brokerTools[broker];
}
