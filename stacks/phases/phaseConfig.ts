import { z } from "zod";

/** Every phase stack's config starts here; with these defaults `pulumi up -s phase-NN` needs no config on Kind. */
export const phaseBaseConfigSchema = z.object({
  /** Which cluster stack the phase deploys onto. */
  cluster: z.enum(["kind", "hub"]).default("kind"),
});
