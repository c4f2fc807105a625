/**
 * The lines a benchmark Job writes around its payload in its log. The Job always exits 0 once the
 * tool has run, and says how the tool ended here, so a failed benchmark is a result to read while
 * a Job that could not run at all (image, deadline, eviction) stays an infrastructure error.
 */
export const markers = {
  toolVersion: "LAB_TOOL_VERSION",
  begin: "LAB_BEGIN",
  end: "LAB_END",
  /** `LAB_EXIT <step> <code>`: how a tool invocation ended. */
  exit: "LAB_EXIT",
  /** `LAB_TRIAL <n>`: what follows in this runner's log belongs to trial n (k6; pgbench marks its sections). */
  trial: "LAB_TRIAL",
} as const;

/** A marked section: `LAB_BEGIN <kind> key=value...` ... `LAB_END <kind>`. */
export interface LogSection {
  readonly kind: string;
  readonly attributes: Record<string, string>;
  readonly body: string;
  /** 1-based line of the LAB_BEGIN line in the log. */
  readonly line: number;
}

export function parseAttributes(words: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    words.map((w) => {
      const i = w.indexOf("=");
      return i < 0 ? [w, ""] : [w.slice(0, i), w.slice(i + 1)];
    }),
  );
}

/** Reads the marked sections of a Job log; an unterminated section names its line. */
export function readSections(log: string): LogSection[] {
  const lines = log.split(/\r?\n/);
  const sections: LogSection[] = [];
  let open: { kind: string; attributes: Record<string, string>; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const words = text.trim().split(/\s+/);
    if (words[0] === markers.begin) {
      if (open) throw new Error(`job log line ${index + 1}: ${markers.begin} inside the unterminated section "${open.kind}" from line ${open.line}`);
      open = { kind: words[1] ?? "", attributes: parseAttributes(words.slice(2)), line: index + 1, body: [] };
    } else if (words[0] === markers.end && open) {
      sections.push({ kind: open.kind, attributes: open.attributes, body: open.body.join("\n"), line: open.line });
      open = undefined;
    } else if (open) {
      open.body.push(text);
    }
  });
  if (open) throw new Error(`job log line ${open.line}: section "${open.kind}" has no ${markers.end} line (log truncated?)`);
  return sections;
}

/** `LAB_EXIT <step> <code>` lines, in order. */
export function readExits(log: string): Array<{ step: string; code: number; line: number }> {
  return log.split(/\r?\n/).flatMap((text, index) => {
    const words = text.trim().split(/\s+/);
    if (words[0] !== markers.exit) return [];
    const code = Number(words[2]);
    if (!Number.isInteger(code)) throw new Error(`job log line ${index + 1}: expected "${markers.exit} <step> <exit code>", got "${text.trim()}"`);
    return [{ step: words[1] ?? "", code, line: index + 1 }];
  });
}

export function readToolVersion(log: string): string | undefined {
  const line = log.split(/\r?\n/).find((l) => l.startsWith(`${markers.toolVersion} `));
  return line?.slice(markers.toolVersion.length + 1).trim();
}
