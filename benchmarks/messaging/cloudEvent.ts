/**
 * The lab's event: one CloudEvents 1.0 envelope in structured JSON mode
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md), padded in
 * its `data` to an exact byte size so every broker carries the same bytes. The load tools replay
 * this one body (Kafka's --payload-file, PerfTest's --body, nats bench's payload), so `id` and
 * `time` are the same in every message; the tools put their own timestamps beside it.
 */

export const cloudEventContentType = "application/cloudevents+json";

const attributes = {
  specversion: "1.0",
  type: "platform.lab.benchmark.message",
  source: "/platform-lab/phase-08",
  id: "lab-benchmark-0",
  time: "2026-01-01T00:00:00Z",
  datacontenttype: "application/json",
};

function envelope(pad: string): string {
  return JSON.stringify({ ...attributes, data: { pad } });
}

/** Bytes of the envelope with an empty pad: the smallest message the lab sends. */
export const cloudEventMinimumBytes = Buffer.byteLength(envelope(""));

/** The envelope padded with ASCII so that its UTF-8 length is exactly `bytes` (no newline: Kafka splits payload files on it). */
export function cloudEventOfBytes(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < cloudEventMinimumBytes) {
    throw new Error(`message size: expected an integer ≥ ${cloudEventMinimumBytes} bytes (the CloudEvents envelope), got ${bytes}`);
  }
  return envelope("x".repeat(bytes - cloudEventMinimumBytes));
}
