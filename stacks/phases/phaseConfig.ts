import { z } from "zod";

/** Every phase stack's config starts here; with these defaults `pulumi up -s phase-NN` needs no config on Kind. */
export const phaseBaseConfigSchema = z.object({
  /** Which cluster stack the phase deploys onto. */
  cluster: z.enum(["kind", "hub"]).default("kind"),
  /**
   * Price settings (finops/profiles.ts, validated there with `lab:pricing.*` in its errors); the
   * profile defaults to the one the cluster stack names.
   */
  pricing: z.record(z.string(), z.unknown()).optional(),
});
