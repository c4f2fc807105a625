/**
 * VictoriaMetrics hides the newest 30 s of data from queries by default (-search.latencyOffset),
 * so a short window answers the stored-series count with an empty result (seen on 1.79.5 here).
 * Lowered wherever the lab runs it, locally and in the cluster (the stack passes it as an extra
 * arg), so both backends answer over the same data and both places query the same way.
 */
export const victoriaMetricsLatencyOffset = "1s";

/** The flags as the VictoriaMetrics charts' `extraArgs` take them (name without the dash). */
export const victoriaMetricsExtraArgs: Readonly<Record<string, string>> = { "search.latencyOffset": victoriaMetricsLatencyOffset };
