import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildReport } from "../../cli/report/reportModel";
import { renderHtml } from "../../cli/report/renderHtml";
import { projectDir } from "../helpers/stackRun";
import { realToolTest } from "../helpers/realTool";
import { chromiumMissing, chromiumVersion, HeadlessChromium } from "./headlessChromium";
import { phase04Outputs, phase05Outputs } from "./stackOutputsFixture";

/**
 * The HTML report as a person sees it: rendered from the fixture of real outputs (phase-04 and
 * phase-05 under mocks, their Jobs answered with captured k6/pgbench logs; phase-06 never
 * deployed), opened in Debian's headless chromium off the network, read back from the page, at a
 * desktop width and at a phone's. Screenshots for the developer: .lab/report/ (gitignored).
 */
const outDir = join(projectDir, ".lab", "report");

interface PageFacts {
  tables: { stack: string; title: string; rows: number; firstCells: string[] }[];
  svgs: { id: string; bars: number; lines: number; points: number }[];
  noChart: string[];
  states: Record<string, string>;
  text: string;
  scrollWidth: number;
  viewportWidth: number;
}

const readPage = `(() => ({
  tables: [...document.querySelectorAll("table")].map((t) => ({ stack: t.dataset.stack, title: t.dataset.table, rows: t.tBodies[0].rows.length, firstCells: [...t.tBodies[0].rows].map((r) => r.cells[0].textContent) })),
  svgs: [...document.querySelectorAll("figure")].filter((f) => f.querySelector("svg")).map((f) => ({ id: f.id, bars: f.querySelectorAll("rect.bar").length, lines: f.querySelectorAll("polyline.line").length, points: f.querySelectorAll("circle.point").length })),
  noChart: [...document.querySelectorAll(".no-chart")].map((p) => p.textContent),
  states: Object.fromEntries([...document.querySelectorAll("section.stack")].map((s) => [s.id, s.dataset.state])),
  text: document.body.innerText,
  scrollWidth: document.documentElement.scrollWidth,
  viewportWidth: window.innerWidth,
}))()`;

realToolTest(
  "the HTML report of real outputs in headless chromium: tables, charts, no script error, no request, fits a phone",
  chromiumMissing(),
  async () => {
    const outputs: Record<string, Record<string, unknown> | null> = {
      "phase-04": await phase04Outputs(),
      "phase-05": await phase05Outputs({ readHeavyRefused: true }),
      "phase-06": null,
    };
    const html = renderHtml(await buildReport(Object.keys(outputs), async (s) => outputs[s], new Date("2026-12-07T06:00:00Z")));
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, "report.html");
    writeFileSync(file, html);

    const browser = new HeadlessChromium();
    try {
      const session = await browser.page();
      const problems: string[] = [];
      const requests: string[] = [];
      browser.on((m) => {
        if (m.sessionId !== session) return;
        if (m.method === "Runtime.exceptionThrown") problems.push(`exception: ${m.params.exceptionDetails.text}`);
        if (m.method === "Runtime.consoleAPICalled" && ["error", "warning", "assert"].includes(m.params.type)) problems.push(`console.${m.params.type}: ${JSON.stringify(m.params.args)}`);
        if (m.method === "Log.entryAdded" && ["error", "warning"].includes(m.params.entry.level)) problems.push(`log ${m.params.entry.level}: ${m.params.entry.text}`);
        if (m.method === "Network.requestWillBeSent") requests.push(m.params.request.url);
      });
      await Promise.all(["Page.enable", "Runtime.enable", "Log.enable", "Network.enable"].map((c) => browser.send(c, {}, session)));
      await browser.send("Emulation.setDeviceMetricsOverride", { width: 1200, height: 900, deviceScaleFactor: 1, mobile: false }, session);
      const loaded = browser.once("Page.loadEventFired", session);
      await browser.send("Page.navigate", { url: pathToFileURL(file).href }, session);
      await loaded;

      const facts = (await browser.send("Runtime.evaluate", { expression: readPage, returnByValue: true }, session)).result.value as PageFacts;
      const shot = await browser.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true }, session);
      writeFileSync(join(outDir, "report-desktop.png"), Buffer.from(shot.data, "base64"));

      // Nothing but the file itself was loaded, and nothing complained.
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(problems).toEqual([]);

      expect(facts.states).toEqual({ "phase-04": "measured", "phase-05": "measured", "phase-06": "no-outputs" });
      const table = (stack: string, title: string) => facts.tables.find((t) => t.stack === stack && t.title === title);
      // phase-04: 4 targets × 3 steps; the comparison: 9 figures × 3 steps + the whole-sweep limit.
      expect(table("phase-04", "Benchmarks")!.rows).toBe(12);
      expect(table("phase-04", "4 targets side by side")!.rows).toBe(28);
      // phase-05 with its read-heavy Job refused: one row with figures, the other in words.
      expect(table("phase-05", "Benchmarks")!.firstCells).toEqual(["cnpg-write-heavy"]);
      expect(facts.text).toContain("cnpg-read-heavy: failed without figures: init exited with 1: pgbench: error: connection to server at \"127.0.0.1\", port 1 failed: Connection refused");
      expect(facts.text).toContain("phase-06 has no outputs: it was never deployed");
      expect(table("phase-05", "Cost (pricing profile laptop)")!.firstCells).toEqual(["CPU", "memory", "storage", "egress"]);

      // Charts: phase-04's percentiles for the 3 targets whose 800/s step has latencies (5 bars
      // each), p99 against rate (4 lines, 11 points: the refused step is left out), cost (3 bars).
      const svg = (id: string) => facts.svgs.find((s) => s.id === id);
      expect(svg("phase-04-percentiles")).toMatchObject({ bars: 15 });
      expect(svg("phase-04-sweep")).toMatchObject({ lines: 4, points: 11 });
      expect(svg("phase-04-cost")).toMatchObject({ bars: 3 });
      // phase-05: one benchmark with figures → its 5 percentiles, its cost.
      expect(svg("phase-05-percentiles")).toMatchObject({ bars: 5 });
      expect(svg("phase-05-cost")).toMatchObject({ bars: 1 });
      expect(facts.text).toContain("Not drawn: nginx-gateway-fabric @ 800/s (every operation failed).");
      expect(facts.text).not.toMatch(/NaN|undefined|Infinity/);

      // A phone: the page itself does not scroll sideways (wide tables scroll inside their box).
      await browser.send("Emulation.setDeviceMetricsOverride", { width: 390, height: 844, deviceScaleFactor: 2, mobile: true }, session);
      const phone = (await browser.send("Runtime.evaluate", { expression: readPage, returnByValue: true }, session)).result.value as PageFacts;
      expect(phone.viewportWidth).toBe(390);
      expect(phone.scrollWidth).toBeLessThanOrEqual(390);
      const phoneShot = await browser.send("Page.captureScreenshot", { format: "png" }, session);
      writeFileSync(join(outDir, "report-phone.png"), Buffer.from(phoneShot.data, "base64"));
      console.log(`${chromiumVersion()}: screenshots in ${outDir}/report-{desktop,phone}.png`);
    } finally {
      await browser.close();
    }
  },
  180_000,
);
