import { describe, expect, it } from "vitest";
import { formatRuleValue, ruleUnit } from "./price-rules.ts";

describe("ruleUnit", () => {
  it("uses TL/kWh for the unit price rule", () => {
    expect(ruleUnit("minimum_unit_price")).toBe("try_per_kwh");
  });

  it("uses percent for discount and margin rules", () => {
    for (const kind of [
      "minimum_discount",
      "minimum_discount_night_share",
      "maximum_discount_without_approval",
      "minimum_margin",
    ]) {
      expect(ruleUnit(kind), kind).toBe("percent");
    }
  });
});

describe("formatRuleValue", () => {
  it("formats a negative margin as a percentage", () => {
    expect(formatRuleValue("minimum_margin", -24.1432)).toBe("-%24,14");
  });

  it("formats a whole limit with two decimals", () => {
    expect(formatRuleValue("minimum_margin", 3)).toBe("%3,00");
    expect(formatRuleValue("maximum_discount_without_approval", "15")).toBe(
      "%15,00",
    );
  });

  it("rounds percentages half away from zero", () => {
    expect(formatRuleValue("minimum_discount", "12.345")).toBe("%12,35");
    expect(formatRuleValue("minimum_discount", "-0.004")).toBe("%0,00");
  });

  it("formats a unit price in TL/kWh", () => {
    expect(formatRuleValue("minimum_unit_price", 3.8)).toBe("3,8000 TL/kWh");
    expect(formatRuleValue("minimum_unit_price", "1234.56789")).toBe(
      "1.234,5679 TL/kWh",
    );
  });

  it("shows a dash for a missing value", () => {
    expect(formatRuleValue("minimum_margin", null)).toBe("–");
    expect(formatRuleValue("minimum_margin", undefined)).toBe("–");
    expect(formatRuleValue("minimum_margin", "abc")).toBe("–");
  });
});
