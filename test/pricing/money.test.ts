import { describe, expect, it } from "vitest";
import { formatTry, toKurus } from "../../shared/money.ts";

describe("formatTry", () => {
  it.each([
    ["1234.5", "1.234,50\u00a0₺"],
    ["-1234.5", "-1.234,50\u00a0₺"],
    ["0", "0,00\u00a0₺"],
    ["0.005", "0,01\u00a0₺"],
    ["0.004", "0,00\u00a0₺"],
    ["-0.005", "-0,01\u00a0₺"],
    ["2525.17", "2.525,17\u00a0₺"],
    ["1234567.891", "1.234.567,89\u00a0₺"],
    ["999.995", "1.000,00\u00a0₺"],
  ])("formats %s as %s", (amount, expected) => {
    expect(formatTry(amount)).toBe(expected);
  });

  it("formats whole kuruş", () => {
    expect(formatTry(123450n)).toBe("1.234,50\u00a0₺");
  });

  it("rejects text that is no decimal amount", () => {
    expect(() => toKurus("1.234,50")).toThrow(/not a decimal amount/);
    expect(() => toKurus("12e3")).toThrow(/not a decimal amount/);
  });
});
