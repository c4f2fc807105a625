/**
 * pgbench's final report (printResults in src/bin/pgbench/pgbench.c), PostgreSQL 13 to 17:
 * - 14 replaced the two `tps = ... (including|excluding connections establishing)` lines by
 *   `initial connection time` + `tps = ... (without initial connection time)`;
 * - 15 added `maximum number of tries`, `number of failed transactions: N (x%)`, optional
 *   failure details and retries, `latency average = ... (including failures)`, and dropped the
 *   space before `%`;
 * - 16 and 17 print the 15 layout.
 * Progress lines, vacuum notes and pgbench's own log lines may be interleaved (stderr merged into
 * a Pod log) and are skipped; any other line inside the report is an error with its line number,
 * because a silently skipped line is how a parser starts reporting wrong numbers.
 */
export interface PgbenchReport {
  /** e.g. `15.18 (Debian 15.18-0+deb12u1)`; null when the banner was not captured. */
  pgbenchVersion: string | null;
  /** Set when pgbench and server majors differ (`pgbench (16.2, server 15.5)`). */
  serverVersion: string | null;
  transactionType: string;
  scalingFactor: number;
  queryMode: string;
  clients: number;
  threads: number;
  maxTries: number | null;
  durationSeconds: number | null;
  transactionsPerClient: number | null;
  processed: number;
  /** `N/M` in transaction-count mode: M is what was asked for. */
  expected: number | null;
  failed: number;
  serializationFailures: number | null;
  deadlockFailures: number | null;
  otherFailures: number | null;
  retried: number | null;
  totalRetries: number | null;
  skipped: number;
  latencyLimit: { limitMs: number; late: number; of: number } | null;
  latencyAverageMs: number | null;
  latencyStddevMs: number | null;
  latencyIncludesFailures: boolean;
  scheduleLag: { avgMs: number; maxMs: number } | null;
  initialConnectionTimeMs: number | null;
  averageConnectionTimeMs: number | null;
  /** The throughput pgbench reports, connection time excluded where pgbench offers that. */
  tps: number;
  tpsBasis: string;
  /** pgbench logged "Run was aborted; the above results are incomplete." */
  aborted: boolean;
}

const NUM = "(\\d+(?:\\.\\d+)?)";
const INT = "(\\d+)";
const PCT = "\\(\\d+(?:\\.\\d+)? ?%\\)";

type Setter = (r: PgbenchReport, m: RegExpMatchArray) => void;
interface LineRule {
  re: RegExp;
  set: Setter;
  expected: string;
}

const rule = (src: string, set: Setter, expected: string): LineRule => ({ re: new RegExp(`^${src}$`), set, expected });

const RULES: LineRule[] = [
  rule(`scaling factor: ${INT}`, (r, m) => (r.scalingFactor = +m[1]), "scaling factor: N"),
  rule(`partition method: (.+)`, () => undefined, "partition method: X"),
  rule(`partitions: ${INT}`, () => undefined, "partitions: N"),
  rule(`query mode: (\\S+)`, (r, m) => (r.queryMode = m[1]), "query mode: X"),
  rule(`number of clients: ${INT}`, (r, m) => (r.clients = +m[1]), "number of clients: N"),
  rule(`number of threads: ${INT}`, (r, m) => (r.threads = +m[1]), "number of threads: N"),
  rule(`maximum number of tries: ${INT}`, (r, m) => (r.maxTries = +m[1]), "maximum number of tries: N"),
  rule(`maximum time of tries: ${NUM} ms`, () => undefined, "maximum time of tries: X ms"),
  rule(`duration: ${INT} s`, (r, m) => (r.durationSeconds = +m[1]), "duration: N s"),
  rule(`number of transactions per client: ${INT}`, (r, m) => (r.transactionsPerClient = +m[1]), "number of transactions per client: N"),
  rule(
    `number of transactions actually processed: ${INT}(?:/${INT})?`,
    (r, m) => {
      r.processed = +m[1];
      r.expected = m[2] === undefined ? null : +m[2];
    },
    "number of transactions actually processed: N[/M]",
  ),
  rule(`number of failed transactions: ${INT} ${PCT}`, (r, m) => (r.failed = +m[1]), "number of failed transactions: N (x%)"),
  rule(`number of serialization failures: ${INT} ${PCT}`, (r, m) => (r.serializationFailures = +m[1]), "number of serialization failures: N (x%)"),
  rule(`number of deadlock failures: ${INT} ${PCT}`, (r, m) => (r.deadlockFailures = +m[1]), "number of deadlock failures: N (x%)"),
  rule(`number of other failures: ${INT} ${PCT}`, (r, m) => (r.otherFailures = +m[1]), "number of other failures: N (x%)"),
  rule(`number of transactions retried: ${INT} ${PCT}`, (r, m) => (r.retried = +m[1]), "number of transactions retried: N (x%)"),
  rule(`total number of retries: ${INT}`, (r, m) => (r.totalRetries = +m[1]), "total number of retries: N"),
  rule(`number of transactions skipped: ${INT} ${PCT}`, (r, m) => (r.skipped = +m[1]), "number of transactions skipped: N (x%)"),
  rule(
    `number of transactions above the ${NUM} ms latency limit: ${INT}/${INT} ${PCT}`,
    (r, m) => (r.latencyLimit = { limitMs: +m[1], late: +m[2], of: +m[3] }),
    "number of transactions above the X ms latency limit: N/M (x%)",
  ),
  rule(
    `latency average = ${NUM} ms( \\(including failures\\))?`,
    (r, m) => {
      r.latencyAverageMs = +m[1];
      r.latencyIncludesFailures = m[2] !== undefined;
    },
    "latency average = X ms",
  ),
  rule(`latency stddev = ${NUM} ms`, (r, m) => (r.latencyStddevMs = +m[1]), "latency stddev = X ms"),
  rule(`rate limit schedule lag: avg ${NUM} \\(max ${NUM}\\) ms`, (r, m) => (r.scheduleLag = { avgMs: +m[1], maxMs: +m[2] }), "rate limit schedule lag: avg X (max Y) ms"),
  rule(`initial connection time = ${NUM} ms`, (r, m) => (r.initialConnectionTimeMs = +m[1]), "initial connection time = X ms"),
  rule(`average connection time = ${NUM} ms`, (r, m) => (r.averageConnectionTimeMs = +m[1]), "average connection time = X ms"),
];

const TPS = /^tps = (\d+(?:\.\d+)?) \((without initial connection time|including reconnection times|including connections establishing|excluding connections establishing)\)$/;

/** Lines that may sit inside the report without being part of it. */
const NOISE = [/^progress: /, /^pgbench: /, /^starting vacuum/, /^\s*$/];

export class PgbenchReportError extends Error {}

function fail(line: number, got: string, expected: string): never {
  throw new PgbenchReportError(`pgbench report line ${line}: expected ${expected}, got ${JSON.stringify(got.slice(0, 120))}`);
}

export function parsePgbenchReport(text: string): PgbenchReport {
  const lines = text.split(/\r?\n/);
  // The last report wins: a log may hold the warm-up's report before the measured one.
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith("transaction type: ")) {
      start = i;
      break;
    }
  }
  if (start < 0) fail(lines.length, lines[lines.length - 1] ?? "", '"transaction type: ..." (no pgbench report in input)');

  const r: PgbenchReport = {
    pgbenchVersion: null,
    serverVersion: null,
    transactionType: lines[start].slice("transaction type: ".length),
    scalingFactor: NaN,
    queryMode: "",
    clients: NaN,
    threads: NaN,
    maxTries: null,
    durationSeconds: null,
    transactionsPerClient: null,
    processed: NaN,
    expected: null,
    failed: 0,
    serializationFailures: null,
    deadlockFailures: null,
    otherFailures: null,
    retried: null,
    totalRetries: null,
    skipped: 0,
    latencyLimit: null,
    latencyAverageMs: null,
    latencyStddevMs: null,
    latencyIncludesFailures: false,
    scheduleLag: null,
    initialConnectionTimeMs: null,
    averageConnectionTimeMs: null,
    tps: NaN,
    tpsBasis: "",
    aborted: /Run was aborted/.test(text),
  };

  for (let i = start - 1; i >= 0; i--) {
    const v = /^pgbench \(([^,()]+(?: \([^)]*\))?)(?:, server (.+))?\)$/.exec(lines[i]);
    if (v) {
      r.pgbenchVersion = v[1];
      r.serverVersion = v[2] ?? null;
      break;
    }
  }

  let tpsSeen = false;
  let lastLine = start + 1;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    if (NOISE.some((n) => n.test(line))) continue;
    const tps = TPS.exec(line);
    if (tps) {
      // PG13 prints including, then excluding: keep the one without connection cost.
      if (!tpsSeen || tps[2] === "excluding connections establishing") {
        r.tps = +tps[1];
        r.tpsBasis = tps[2];
      }
      tpsSeen = true;
      lastLine = lineNo;
      if (tps[2] !== "including connections establishing") break;
      continue;
    }
    if (tpsSeen) break;
    const hit = RULES.find((ru) => ru.re.test(line));
    if (!hit) fail(lineNo, line, "a pgbench report line (e.g. \"number of clients: N\", \"latency average = X ms\", \"tps = X (...)\")");
    hit.set(r, line.match(hit.re) as RegExpMatchArray);
    lastLine = lineNo;
  }

  const required: Array<[keyof PgbenchReport, string]> = [
    ["scalingFactor", "scaling factor: N"],
    ["clients", "number of clients: N"],
    ["threads", "number of threads: N"],
    ["processed", "number of transactions actually processed: N"],
  ];
  for (const [key, what] of required) {
    if (Number.isNaN(r[key] as number)) fail(lastLine + 1, lines[lastLine] ?? "(end of input)", `"${what}"`);
  }
  if (!tpsSeen) {
    // printResults stops right after the processed line when nothing at all completed.
    if (r.processed === 0 && r.failed === 0) {
      r.tps = 0;
      r.tpsBasis = "no transaction completed";
    } else fail(lastLine + 1, lines[lastLine] ?? "(end of input)", '"tps = X (without initial connection time)"');
  }
  return r;
}
