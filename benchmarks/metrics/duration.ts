import { z } from "zod";

/**
 * A Prometheus duration string (`15s`, `1m`, `1m30s`, `500ms`), as `scrape_interval` takes it in
 * both Prometheus and VictoriaMetrics: the config keeps the string the backends are given, and the
 * lab computes with its seconds. Units from Prometheus's model.ParseDuration (y w d h m s ms).
 */
const unitMs: Record<string, number> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const durationPattern = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Seconds in a duration string, or null when it is not one (empty, `15`, `1.5s`, `s`). */
export function durationSeconds(text: string): number | null {
  const m = durationPattern.exec(text);
  if (!m || text === "") return null;
  const units = ["y", "w", "d", "h", "m", "s", "ms"];
  const ms = units.reduce((sum, u, i) => sum + (m[i + 1] ? Number(m[i + 1]) * unitMs[u] : 0), 0);
  return ms / 1000;
}

/** A duration string of at least `minSeconds`; the config error says what a duration looks like. */
export function durationStringSchema(minSeconds: number) {
  return z.string().refine((t) => {
    const s = durationSeconds(t);
    return s !== null && s >= minSeconds;
  }, `a duration such as "15s" or "1m30s" (units y w d h m s ms), at least ${minSeconds} s`);
}
