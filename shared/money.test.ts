import { describe, expect, it } from "vitest";
import {
  addDecimals,
  compareDecimals,
  divideDecimals,
  formatDecimal,
  formatKwh,
  formatTry,
  multiplyDecimals,
  roundDecimal,
  subtractDecimals,
  toKurus,
} from "./money.ts";

describe("formatTry", () => {
  it.each([
    ["1234.5", "1.234,50\u00a0₺"],
    ["-1234.5", "-1.234,50\u00a0₺"],
    ["0", "0,00\u00a0₺"],
    ["0.005", "0,01\u00a0₺"],
    ["-0.005", "-0,01\u00a0₺"],
    ["0.004", "0,00\u00a0₺"],
    ["-0.004", "0,00\u00a0₺"],
    ["999.995", "1.000,00\u00a0₺"],
    ["2525.17", "2.525,17\u00a0₺"],
    ["1234567.891", "1.234.567,89\u00a0₺"],
    ["1234567890.12", "1.234.567.890,12\u00a0₺"],
    ["12345678901234567890.99", "12.345.678.901.234.567.890,99\u00a0₺"],
    ["100", "100,00\u00a0₺"],
  ])("formats %s as %s", (amount, expected) => {
    expect(formatTry(amount)).toBe(expected);
  });

  it("formats whole kuruş", () => {
    expect(formatTry(123450n)).toBe("1.234,50\u00a0₺");
  });

  it("rejects Turkish-formatted input", () => {
    expect(() => formatTry("1.234,56")).toThrow(/Invalid decimal amount/);
  });

  it("rejects empty input", () => {
    expect(() => formatTry("")).toThrow(/Invalid decimal amount/);
  });
});

describe("toKurus", () => {
  it("rejects text that is no decimal amount", () => {
    expect(() => toKurus("1.234,50")).toThrow(/not a decimal amount/);
    expect(() => toKurus("12e3")).toThrow(/not a decimal amount/);
  });
});

describe("formatKwh", () => {
  it("rounds to whole kWh by default", () => {
    expect(formatKwh("1234.567")).toBe("1.235 kWh");
  });

  it("keeps the requested fraction digits", () => {
    expect(formatKwh("1234.567", 3)).toBe("1.234,567 kWh");
  });
});

describe("decimal arithmetic", () => {
  it("adds without float error", () => {
    expect(addDecimals("0.1", "0.2")).toBe("0.3");
  });

  it("adds mixed scales and signs", () => {
    expect(addDecimals("182.22", "585.32", "727.24", "534.79")).toBe("2029.57");
    expect(addDecimals("-1.5", "0.25")).toBe("-1.25");
  });

  it("subtracts negative amounts", () => {
    expect(subtractDecimals("10", "-2.5")).toBe("12.5");
    expect(subtractDecimals("2.5", "10")).toBe("-7.5");
  });

  it("multiplies and rounds line amounts half up", () => {
    // 88.5 kWh × 2.059 TL = 182.2215 TL → 182.22 TL.
    expect(roundDecimal(multiplyDecimals("88.5", "2.059"), 2)).toBe("182.22");
    // 199.7 × 2.931 = 585.3207 → 585.32.
    expect(roundDecimal(multiplyDecimals("199.7", "2.931"), 2)).toBe("585.32");
  });

  it("divides with half-up rounding", () => {
    expect(divideDecimals("1", "3", 4)).toBe("0.3333");
    expect(divideDecimals("2", "3", 2)).toBe("0.67");
    expect(divideDecimals("-2", "3", 2)).toBe("-0.67");
    expect(divideDecimals("0.125", "1", 2)).toBe("0.13");
    expect(divideDecimals("1.23456", "2", 1)).toBe("0.6");
  });

  it("rejects division by zero", () => {
    expect(() => divideDecimals("1", "0.00", 2)).toThrow(/by zero/);
  });

  it("compares across scales", () => {
    expect(compareDecimals("1.50", "1.5")).toBe(0);
    expect(compareDecimals("-2", "1")).toBe(-1);
    expect(compareDecimals("10", "9.999")).toBe(1);
  });

  it("formats with no fraction digits", () => {
    expect(formatDecimal("1234567.5", 0)).toBe("1.234.568");
  });
});
