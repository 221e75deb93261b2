import { describe, expect, it } from "vitest";
import { monthLabel } from "./months.ts";

describe("monthLabel", () => {
  it.each([
    ["2027-01", "tr", "Ocak 2027"],
    ["2027-02", "tr", "Şubat 2027"],
    ["2026-08", "tr", "Ağustos 2026"],
    ["2026-12-01", "tr", "Aralık 2026"],
    ["2027-01", "en", "January 2027"],
    ["2026-12-15", "en", "December 2026"],
  ])("names %s in %s", (month, language, expected) => {
    expect(monthLabel(month, language)).toBe(expected);
  });

  it("keeps text that is no month", () => {
    expect(monthLabel("2027-13", "tr")).toBe("2027-13");
    expect(monthLabel("Ocak", "tr")).toBe("Ocak");
  });
});
