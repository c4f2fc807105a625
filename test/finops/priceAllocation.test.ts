import { lab, labJson } from "../helpers/lab";

describe("lab cost", () => {
  it("prices an allocation on the AWS profile with per-million-requests", async () => {
    const out = await labJson("cost", "--profile", "aws", "--cpu", "2", "--memory-gib", "8", "--hours", "10", "--requests", "2000000");
    // 2 vCPU + 8 GiB is exactly half an m7i.xlarge (4 vCPU, 16 GiB, 0.2016 USD/h):
    // 0.2016 / 2 x 10 h = 1.008 USD (cpu 2 x 0.0328094565 x 10 = 0.656189131, memory 8 x 0.0043976359 x 10 = 0.351810869)
    expect(out.cost.cpu).toBeCloseTo(0.656189131, 8);
    expect(out.cost.memory).toBeCloseTo(0.351810869, 8);
    expect(out.cost.total).toBeCloseTo(1.008, 9);
    expect(out.cost.unit).toBe("USD over 10 h");
    // 1.008 USD / 2 million requests = 0.504 USD per million requests
    expect(out.perMillionRequests).toEqual({ value: expect.closeTo(0.504, 9), unit: "USD per million requests" });
    expect(out.prices.active.cpuPerVcpuHour.source.kind).toBe("derived");
  });

  it("puts the laptop's marginal cost beside the AWS price of the same allocation", async () => {
    const out = await labJson("cost", "--profile", "laptop", "--cpu", "8", "--memory-gib", "16", "--hours", "100");
    // the whole laptop (8 cores, 16 GiB) for 100 h = 15 W x 0.17 USD/kWh x 100 h = 0.255 USD
    expect(out.cost.total).toBeCloseTo(0.255, 9);
    // AWS: 8 x 0.0328094565 x 100 + 16 x 0.0043976359 x 100 = 26.2475652 + 7.0362174 = 33.2837826
    expect(out.awsReference.total).toBeCloseTo(33.2837826, 6);
    expect(out.perMillionRequests).toBeUndefined();
  });

  it("prices the homelab hub and storage, options written --x=v", async () => {
    const out = await labJson("cost", "--profile=homelab", "--cpu=4", "--memory-gib=16", "--hours=730", "--storage-gib=50");
    // whole hub for a month: 200/48 = 4.1666667 amortization + 0.00204 x 730 = 1.4892 power -> 5.6558667; storage free locally
    expect(out.cost.total).toBeCloseTo(5.6558667, 6);
    expect(out.cost.storage).toBe(0);
    // AWS reference storage: 50 GB x 0.08 = 4.00
    expect(out.awsReference.storage).toBeCloseTo(4, 12);
  });

  it("gives null, not Infinity, for zero requests", async () => {
    const out = await labJson("cost", "--profile", "aws", "--cpu", "1", "--memory-gib", "1", "--hours", "1", "--requests", "0");
    expect(out.perMillionRequests).toEqual({ value: null, unit: "USD per million requests", note: "no throughput: 0 requests" });
  });

  it("names the option that is missing or wrong", async () => {
    const stderr = async (...args: string[]) => {
      const run = await lab("cost", ...args);
      expect(run.code).toBe(2);
      return run.stderr;
    };
    expect(await stderr("--profile", "aws", "--cpu", "1", "--memory-gib", "1")).toContain("lab cost: --hours <h> is required");
    expect(await stderr("--profile", "aws", "--cpu", "two", "--memory-gib", "1", "--hours", "1")).toContain('--cpu: got "two", expected a number');
    expect(await stderr("--profile", "gcp", "--cpu", "1", "--memory-gib", "1", "--hours", "1")).toContain('--profile: got "gcp", expected one of "laptop", "homelab", "aws"');
    expect(await stderr("--profile", "aws", "--cpu", "1", "--memory-gib", "1", "--hours", "0")).toContain('--hours: got "0", expected > 0');
    expect(await stderr("--profile", "aws", "--cpu", "1", "--memory-gib", "1", "--hours", "1", "--gpu", "1")).toContain("lab cost: unknown option --gpu");
    expect(await stderr("--profile", "aws", "--cpu", "--memory-gib", "1", "--hours", "1")).toContain('lab cost: --cpu needs a value, got the option "--memory-gib"');
    expect(await stderr("--profile", "aws", "--cpu", "1", "--memory-gib", "1", "--hours", "1", "--requests", "1.5")).toContain('--requests: got "1.5", expected an integer');
  });
});
