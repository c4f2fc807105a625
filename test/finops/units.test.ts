import {
  HOURS_PER_MONTH,
  amortizedHourly,
  bytesToGb,
  hourlyFromMonthly,
  mibToGib,
  millicoresToCores,
  monthlyFromHourly,
  powerCostHourly,
  storageCost,
  usd,
} from "../../finops/units";

describe("units", () => {
  it("uses 730 hours a month", () => {
    expect(HOURS_PER_MONTH).toBe(730);
  });

  it("converts hourly to monthly and back through 730 h", () => {
    // 0.10 USD/h x 730 h = 73 USD/month
    expect(monthlyFromHourly(usd(0.1, "hour"))).toEqual({ amount: 73, currency: "USD", per: "month" });
    // 73 USD/month / 730 h = 0.10 USD/h
    expect(hourlyFromMonthly(usd(73, "month")).amount).toBeCloseTo(0.1, 12);
    // EKS control plane: 0.10 USD/h -> 73 USD/month; 8 USD/month -> 0.010958904 USD/h (8/730)
    expect(hourlyFromMonthly(usd(8, "month")).amount).toBeCloseTo(0.010958904, 9);
  });

  it("keeps the unit in the type, so a monthly price cannot pass for an hourly one", () => {
    const monthly = usd(73, "month");
    // @ts-expect-error a Price<"month"> is not a Price<"hour">: the 730x mistake does not compile
    monthlyFromHourly(monthly);
    expect(monthly.per).toBe("month");
  });

  it("prices storage per GB-month over hours", () => {
    // 0.08 USD/GB-month x 100 GB x 730 h / 730 = 8 USD
    expect(storageCost(usd(0.08, "GB-month"), 100, 730)).toBeCloseTo(8, 12);
    // one hour of it: 8 / 730 = 0.0109589041
    expect(storageCost(usd(0.08, "GB-month"), 100, 1)).toBeCloseTo(0.0109589041, 9);
  });

  it("converts MiB, millicores and bytes", () => {
    expect(mibToGib(1536)).toBe(1.5); // 1536 / 1024
    expect(millicoresToCores(250)).toBe(0.25); // 250 / 1000
    expect(bytesToGb(5 * 1024 ** 3)).toBe(5);
  });

  it("amortizes and prices power", () => {
    // 200 USD / (4 y x 8760 h) = 200 / 35040 = 0.00570776 USD/h
    expect(amortizedHourly(200, 4).amount).toBeCloseTo(0.0057077626, 9);
    // 15 W = 0.015 kWh per hour x 0.17 USD/kWh = 0.00255 USD/h
    expect(powerCostHourly(15, usd(0.17, "kWh")).amount).toBeCloseTo(0.00255, 12);
  });

  it("refuses NaN, Infinity and negative prices", () => {
    expect(() => usd(NaN, "hour")).toThrow(/price per hour: got NaN/);
    expect(() => usd(Infinity, "GB")).toThrow(/got Infinity/);
    expect(() => usd(-1, "kWh")).toThrow(/got -1/);
  });
});
