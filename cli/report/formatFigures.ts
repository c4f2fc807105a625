/**
 * How every renderer writes a figure, so Markdown, HTML and the charts' labels agree. A missing
 * figure is a word ("—" with the reason beside it), never NaN or an empty cell; tiny USD figures
 * (per transaction: 1e-10) in exponent form rather than as a row of zeros.
 */

/** Three significant figures, plain notation down to 0.001, exponent below (1.48e-10). */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs < 0.001) return value.toExponential(2).replace(/\.?0+e/, "e");
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  return String(Number(value.toPrecision(3)));
}

export function formatMs(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${formatNumber(value)} ms`;
}

/** `290–301` for a trial spread; one figure when both ends agree. */
export function formatRange(min: number, max: number): string {
  const a = formatNumber(min);
  const b = formatNumber(max);
  return a === b ? a : `${a}–${b}`;
}

/** A USD figure with its unit as the cost model states it (`USD per million requests`). */
export function formatUsd(value: number | null, unit: string, note?: string): string {
  if (value === null) return `— (${note ?? "not computed"})`;
  return `${formatNumber(value)} ${unit}`;
}
