import { z } from "zod";
import { gatewayNames } from "../../../components/traffic/gatewayNames";
import { rateSweepSchema, sloSchema } from "../../../benchmarks/sweep/rateSweep";
import { alternativesSchema, benchmarkRunIdSchema, phaseBaseConfigSchema } from "../phaseConfig";


/** What every gateway (and the baseline) is measured with: the rate sweep, one k6 BenchmarkJob per step, one at a time. */
export const trafficBenchmarkSchema = z
  .object({
    runId: benchmarkRunIdSchema.default("1"),
    /** Offered rates (strictly increasing), measured window and warm-up of each step (benchmarks/sweep). */
    sweep: rateSweepSchema.prefault({}),
    /** Repeated measured runs of each step; the step reports the median trial. */
    trials: z.number().int().min(1).default(3),
    /** The service level a step must hold to count as the gateway's sustainable rate. */
    slo: sloSchema.prefault({}),
  })
  .strict();

/**
 * phase-04 config. Benchmarks re-run only when `benchmark.runId` changes. `activeGateway` is the one
 * the hub exposes through MetalLB (default: the first of `gateways`); on kind every gateway is
 * reached in-cluster through its Service.
 */
export const phase04ConfigSchema = phaseBaseConfigSchema
  .extend({
    gateways: alternativesSchema(gatewayNames, "gateway"),
    activeGateway: z.enum(gatewayNames).optional(),
    benchmark: trafficBenchmarkSchema.prefault({}),
    /** How long a Gateway may take to become Programmed (controller install, data-plane pull) before `up` fails. */
    programmedTimeoutSeconds: z.number().int().min(30).max(3600).default(300),
  })
  .superRefine((c, ctx) => {
    if (c.activeGateway !== undefined && !c.gateways.includes(c.activeGateway)) {
      ctx.addIssue({ code: "custom", path: ["activeGateway"], message: `one of the deployed gateways (${c.gateways.join(", ")})` });
    }
  });
export type Phase04Config = z.infer<typeof phase04ConfigSchema>;
