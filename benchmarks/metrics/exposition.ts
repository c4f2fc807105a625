/**
 * The Prometheus text exposition format (0.0.4) as both backends serve their own /metrics: one
 * sample per line, `name{label="value",...} value [timestamp]`, comments with `#`. Only what the
 * self-metrics parser needs: names, labels and float values (`+Inf`, `NaN` included).
 */
export interface ExpositionSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const labelPair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;

function parseLabels(text: string, lineNo: number): Record<string, string> {
  const labels: Record<string, string> = {};
  labelPair.lastIndex = 0;
  while (labelPair.lastIndex < text.length) {
    const at = labelPair.lastIndex;
    const m = labelPair.exec(text);
    if (!m) {
      if (text.slice(at).trim() === "") break;
      throw new Error(`exposition line ${lineNo}: expected label="value" at "${text.slice(at, at + 30)}"`);
    }
    labels[m[1]] = m[2].replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  }
  return labels;
}

function parseValue(text: string, lineNo: number): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  const v = Number(text);
  if (text === "" || Number.isNaN(v)) throw new Error(`exposition line ${lineNo}: expected a number, got "${text}"`);
  return v;
}

export function parseExposition(text: string): ExpositionSample[] {
  const samples: ExpositionSample[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`exposition line ${i + 1}: expected "name{labels} value", got "${line.slice(0, 80)}"`);
    samples.push({ name: m[1], labels: m[2] ? parseLabels(m[2], i + 1) : {}, value: parseValue(m[3], i + 1) });
  });
  return samples;
}

/** Sum of a metric's samples whose labels include `match` (all of them without one); null if absent. */
export function sumOf(samples: readonly ExpositionSample[], name: string, match: Record<string, string> = {}): number | null {
  const hits = samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
  return hits.length === 0 ? null : hits.reduce((sum, s) => sum + s.value, 0);
}
