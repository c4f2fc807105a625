import { z } from "zod";
import { gatewayNames } from "../../../components/traffic/gatewayNames";
import { phaseBaseConfigSchema } from "../phaseConfig";

const runId = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/, "a short lowercase id like 1 or 2026-11-23");

/** The rate sweep every gateway (and the baseline) runs: one k6 BenchmarkJob per step, one at a time. */
export const trafficBenchmarkSchema = z
  .object({
    runId: runId.default("1"),
    /** Requests per second of each step (open model, constant-arrival-rate), strictly increasing. */
    rates: z
      .array(z.number().int().min(1))
      .min(1)
      .superRefine((rates, ctx) => {
        for (let i = 1; i < rates.length; i++) {
          if (rates[i] <= rates[i - 1]) ctx.addIssue({ code: "custom", path: [i], message: `strictly increasing rates (${rates[i]} after ${rates[i - 1]})` });
        }
      })
      // Sized for the laptop profile: the top step is where a 2-core kind node starts to bend.
      .default([250, 500, 1000, 2000]),
    /** Measured seconds of each trial of a step. */
    durationSeconds: z.number().int().min(5).default(30),
    /** Seconds at the step's rate before measuring, never part of the results. */
    warmupSeconds: z.number().int().min(0).default(10),
    trials: z.number().int().min(1).default(3),
    /** The service level a step must hold to count as the gateway's sustainable rate. */
    slo: z
      .object({
        p99Ms: z.number().positive().default(50),
        /** Failed requests over all requests of the step. */
        errorRatio: z.number().min(0).max(1).default(0.01),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/**
 * phase-04 config. Benchmarks re-run only when `benchmark.runId` changes. `activeGateway` is the one
 * the hub exposes through MetalLB (default: the first of `gateways`); on kind every gateway is
 * reached in-cluster through its Service.
 */
export const phase04ConfigSchema = phaseBaseConfigSchema
  .extend({
    gateways: z
      .array(z.enum(gatewayNames))
      .min(1)
      .superRefine((names, ctx) => {
        names.forEach((n, i) => {
          if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: [i], message: `each gateway once (${n} is listed twice)` });
        });
      })
      .default([...gatewayNames]),
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
