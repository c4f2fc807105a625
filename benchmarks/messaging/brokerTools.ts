import type { BrokerName } from "../../components/messaging/brokerNames";
import type { BrokerTool } from "./brokerTool";
import { kafkaTool } from "./kafkaTool";
import { perfTestTool } from "./perfTestTool";

/** Each broker's own load tool: what phase-08's Jobs, `lab parse job-log --tool messaging` and `lab bench --local messaging` use. */
export const brokerTools: Partial<Record<BrokerName, BrokerTool>> = { kafka: kafkaTool, rabbitmq: perfTestTool };

export function brokerToolFor(broker: BrokerName): BrokerTool {
  const tool = brokerTools[broker];
  if (!tool) throw new Error(`messaging: no load tool for ${broker} yet (known: ${Object.keys(brokerTools).join(", ")})`);
  return tool;
}
