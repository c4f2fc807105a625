import { imageRef, images } from "../../components/charts";
import { markers } from "../job/logMarkers";
import { cloudEventMinimumBytes, cloudEventOfBytes } from "./cloudEvent";
import type { MessagingStep } from "./definitions";
import { perfTestArgs, perfTestTopology, type PerfTestConnection } from "./perfTestInvocation";

/**
 * The cluster Job's script for one PerfTest step (POSIX sh, run by the image's `sh`); the local
 * bench runs the very same text with `PERF_TEST_CMD` pointing at the Maven Central classpath.
 *
 * The log it writes, in order (one parser, benchmarks/messaging/perfTestOutput.ts, reads it):
 *   LAB_STEP <scenario> <rate>
 *   LAB_TOOL_VERSION RabbitMQ Perf Test 2.22.1 (...)
 *   LAB_BEGIN perftest-warmup ... LAB_END perftest-warmup   (not reported; absent when warmupSeconds = 0)
 *   LAB_QUEUE_STATS before {json}                           (management API counters, settled)
 *   LAB_BEGIN perftest-run seconds=N ... LAB_END perftest-run  (every line prefixed with its UTC time)
 *   LAB_EXIT perftest <code>
 *   LAB_QUEUE_STATS after {json}
 * PerfTest prints rates and latencies but no counts; the broker's own counters (message_stats of
 * /api/overview and of each queue) are read before and after the measured run, once they stop
 * changing (the management plugin aggregates every collect_statistics_interval, 5 s by default),
 * so the counts are exact and independent of PerfTest. The step's queues and exchange are deleted
 * at the end. Every line of the measured run carries its wall-clock time, so the recovery run's
 * per-second lines can be set against the pod deletion's `LAB_DELETED` time.
 */

/** The Job's image: PerfTest at the version scripts/install-perf-test.sh installs locally. */
export const perfTestImage = imageRef(images.perfTest);
/** How the image runs PerfTest (its ENTRYPOINT); the Job overrides the entrypoint with `sh -c <script>`. */
export const perfTestImageCommand = "java -jar /perf_test/perf-test.jar";

export const perfTestMarkers = {
  step: "LAB_STEP",
  queueStats: "LAB_QUEUE_STATS",
  warmupSection: "perftest-warmup",
  runSection: "perftest-run",
  exitStep: "perftest",
} as const;

/** Seconds the management counters must stay unchanged to count as settled (> the 5 s stats interval). */
export const statsSettleSeconds = 6;

export interface PerfTestJobScriptOptions {
  /** Directory for the body file and helper (an emptyDir in the Job). */
  readonly workDir?: string;
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Reads the management API (Python 3 is in the image, and Debian's): `stats <queue>...` prints
 * the settled counters as one JSON line, `uri` prints the AMQP URI with URL-encoded credentials,
 * `purge <queue>...` empties the queues, `delete <exchange> <queue>...` removes the step's topology.
 */
const managementHelper = String.raw`import base64, json, os, sys, time, urllib.error, urllib.parse, urllib.request
host, mport, aport, vhost = os.environ["LAB_MQ_HOST"], os.environ["LAB_MQ_MANAGEMENT_PORT"], os.environ["LAB_MQ_AMQP_PORT"], os.environ["LAB_MQ_VHOST"]
user, password = os.environ[os.environ["LAB_MQ_USER_ENV"]], os.environ[os.environ["LAB_MQ_PASSWORD_ENV"]]
auth = "Basic " + base64.b64encode((user + ":" + password).encode()).decode()
vh = urllib.parse.quote(vhost, safe="")
def call(method, path):
    req = urllib.request.Request("http://%s:%s/api/%s" % (host, mport, path), method=method, headers={"authorization": auth})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
            return json.loads(body) if body else None
    except urllib.error.HTTPError as e:
        if e.code == 404: return None
        raise
def counters(ms, keys):
    ms = ms or {}
    return {k: int(ms.get(k, 0)) for k in keys}
def snapshot(queues):
    o = call("GET", "overview")
    out = {"overview": counters(o.get("message_stats"), ["publish", "confirm", "ack", "deliver_get", "redeliver"]), "queues": {}}
    for q in queues:
        d = call("GET", "queues/%s/%s" % (vh, urllib.parse.quote(q, safe="")))
        if d is None:
            out["queues"][q] = {"exists": False, "messages": 0, "publish": 0, "ack": 0, "deliver_get": 0, "redeliver": 0}
        else:
            c = counters(d.get("message_stats"), ["publish", "ack", "deliver_get", "redeliver"])
            c.update({"exists": True, "type": d.get("type"), "messages": int(d.get("messages") or 0)})
            out["queues"][q] = c
    return out
cmd = sys.argv[1]
if cmd == "uri":
    q = lambda s: urllib.parse.quote(s, safe="")
    print("amqp://%s:%s@%s:%s/%s" % (q(user), q(password), host, aport, vh))
elif cmd == "stats":
    settle, limit = float(os.environ.get("LAB_STATS_SETTLE_SECONDS", "${statsSettleSeconds}")), float(os.environ.get("LAB_STATS_LIMIT_SECONDS", "60"))
    start = time.time(); last = None; since = start
    while True:
        s = snapshot(sys.argv[3:])
        now = time.time()
        if s != last: last, since = s, now
        elif now - since >= settle: break
        if now - start >= limit: break
        time.sleep(1)
    last["phase"] = sys.argv[2]
    last["settled"] = now - since >= settle
    last["waitedSeconds"] = round(now - start, 1)
    print(json.dumps(last, sort_keys=True))
elif cmd == "purge":
    for q in sys.argv[2:]: call("DELETE", "queues/%s/%s/contents" % (vh, urllib.parse.quote(q, safe="")))
elif cmd == "delete":
    for q in sys.argv[3:]: call("DELETE", "queues/%s/%s" % (vh, urllib.parse.quote(q, safe="")))
    call("DELETE", "exchanges/%s/%s" % (vh, urllib.parse.quote(sys.argv[2], safe="")))
`;

/** Prefixes each line with its UTC time in ms (`2026-12-07T12:00:00.123Z <line>`), flushing per line. */
const lineStamper = String.raw`import datetime, sys
for line in sys.stdin:
    t = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    sys.stdout.write(t + " " + line); sys.stdout.flush()
`;

/** The envelope with an empty pad, split where the pad goes: `…"pad":"` and `"}}`. */
function cloudEventParts(): [string, string] {
  const empty = cloudEventOfBytes(cloudEventMinimumBytes);
  const at = empty.lastIndexOf('""}}');
  if (at < 0) throw new Error(`cloudEvent envelope: expected it to end with the empty pad '""}}', got ...${empty.slice(-20)}`);
  return [empty.slice(0, at + 1), empty.slice(at + 1)];
}

export function perfTestJobScript(step: MessagingStep, connection: PerfTestConnection, options: PerfTestJobScriptOptions = {}): string {
  const dir = options.workDir ?? "/tmp/lab-perftest";
  const body = `${dir}/cloudevent.json`;
  const topology = perfTestTopology(step);
  const queues = topology.queues.map(shQuote).join(" ");
  const args = (seconds: number) => perfTestArgs(step, { bodyFile: body, seconds }).map(shQuote).join(" ");
  const [head, tail] = cloudEventParts();
  const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;
  for (const name of [connection.userEnv, connection.passwordEnv]) {
    if (!envName.test(name)) throw new Error(`credential env var name: expected [A-Za-z_][A-Za-z0-9_]*, got ${JSON.stringify(name)}`);
  }
  return [
    "set -u",
    `mkdir -p ${shQuote(dir)}`,
    `PERF_TEST_CMD="\${PERF_TEST_CMD:-${perfTestImageCommand}}"`,
    `export LAB_MQ_HOST=${shQuote(connection.host)} LAB_MQ_AMQP_PORT=${connection.amqpPort} LAB_MQ_MANAGEMENT_PORT=${connection.managementPort} LAB_MQ_VHOST=${shQuote(connection.vhost ?? "/")}`,
    `export LAB_MQ_USER_ENV=${connection.userEnv} LAB_MQ_PASSWORD_ENV=${connection.passwordEnv}`,
    `cat > ${shQuote(`${dir}/management.py`)} <<'LAB_PY'\n${managementHelper}LAB_PY`,
    `cat > ${shQuote(`${dir}/stamp.py`)} <<'LAB_PY'\n${lineStamper}LAB_PY`,
    // The one CloudEvents body (cloudEventOfBytes), without a trailing newline: the envelope around
    // its ASCII pad, the pad written by the shell so a 1 MiB message does not make a 1 MiB script.
    `{ printf '%s' ${shQuote(head)}; head -c ${step.messageBytes - cloudEventMinimumBytes} /dev/zero | tr '\\0' x; printf '%s' ${shQuote(tail)}; } > ${shQuote(body)}`,
    `echo "${perfTestMarkers.step} ${step.scenario} ${step.rate}"`,
        // --version prints the name in bold (ANSI escapes): stripped, the log is plain text.
    `echo "${markers.toolVersion} $($PERF_TEST_CMD --version 2>&1 | head -n 1 | tr -d '\\033' | sed 's/\\[[0-9;]*m//g')"`,
    // PerfTest reads --uri from $URI: the password never reaches an argv or the log.
    `URI=$(python3 ${shQuote(`${dir}/management.py`)} uri) || { echo "${markers.exit} ${perfTestMarkers.exitStep} 97"; exit 0; }`,
    "export URI",
    ...(step.warmupSeconds > 0
      ? [
          `echo "${markers.begin} ${perfTestMarkers.warmupSection} seconds=${step.warmupSeconds}"`,
          `$PERF_TEST_CMD ${args(step.warmupSeconds)} 2>&1`,
          `echo "${markers.end} ${perfTestMarkers.warmupSection}"`,
          // What the warm-up's consumers left unread would be drained inside the measured run and
          // counted as its deliveries: emptied first, so the run's consumers read the run's messages.
          `python3 ${shQuote(`${dir}/management.py`)} purge ${queues} || echo "perftest job: could not purge the warm-up's leftovers"`,
        ]
      : []),
    `echo "${perfTestMarkers.queueStats} before $(python3 ${shQuote(`${dir}/management.py`)} stats before ${queues})"`,
    `echo "${markers.begin} ${perfTestMarkers.runSection} seconds=${step.durationSeconds}"`,
    // POSIX sh has no pipefail: PerfTest's exit code goes through a file.
    `{ $PERF_TEST_CMD ${args(step.durationSeconds)} 2>&1; echo $? > ${shQuote(`${dir}/rc`)}; } | python3 -u ${shQuote(`${dir}/stamp.py`)}`,
    `echo "${markers.end} ${perfTestMarkers.runSection}"`,
    `echo "${markers.exit} ${perfTestMarkers.exitStep} $(cat ${shQuote(`${dir}/rc`)})"`,
    `echo "${perfTestMarkers.queueStats} after $(python3 ${shQuote(`${dir}/management.py`)} stats after ${queues})"`,
    `python3 ${shQuote(`${dir}/management.py`)} delete ${shQuote(topology.exchange)} ${queues} || echo "perftest job: could not delete the step's queues"`,
    "",
  ].join("\n");
}
