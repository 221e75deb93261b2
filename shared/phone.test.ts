import { describe, expect, it } from "vitest";
import { formatTurkishPhone, normalisePhone } from "./phone.ts";

describe("normalisePhone", () => {
  it.each([
    ["0532 111 22 33", "+905321112233"],
    ["532 111 22 33", "+905321112233"],
    ["+90 532 111 22 33", "+905321112233"],
    ["+905321112233", "+905321112233"],
    ["0090 532 111 22 33", "+905321112233"],
    ["90 532 111 22 33", "+905321112233"],
    ["(0532) 111-22-33", "+905321112233"],
    ["0212 555 01 02", "+902125550102"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("reads %s as %s", (text, expected) => {
    expect(normalisePhone(text)).toBe(expected);
  });

  it.each([
    [""],
    ["   "],
    ["abc"],
    ["0532 111 22 3"],
    ["0532 111 22 334"],
    // A Turkish national number never starts with 0 or 1.
    ["+90 132 111 22 33"],
    ["0032"],
    ["532-111-22-33 ext"],
  ])("rejects %j", (text) => {
    expect(normalisePhone(text)).toBeNull();
  });
});

describe("formatTurkishPhone", () => {
  it.each([
    ["+902125722657", "+90 212 572 26 57"],
    ["+90 212 572 26 57", "+90 212 572 26 57"],
    ["0212 572 26 57", "+90 212 572 26 57"],
    ["(0212) 572-2657", "+90 212 572 26 57"],
    ["02125722657", "+90 212 572 26 57"],
    ["2125722657", "+90 212 572 26 57"],
    ["00902125722657", "+90 212 572 26 57"],
    ["902125722657", "+90 212 572 26 57"],
    ["0532.123.45.67", "+90 532 123 45 67"],
    [" +90 (532) 1234567 ", "+90 532 123 45 67"],
  ])("formats %s as %s", (typed, expected) => {
    expect(formatTurkishPhone(typed)).toBe(expected);
  });

  it.each([
    ["+49 30 1234567", "+49 30 1234567"],
    ["444 1 234", "444 1 234"],
    ["0212 572 26", "0212 572 26"],
    ["+90 112", "+90 112"],
    ["dahili 12", "dahili 12"],
    ["", ""],
  ])("leaves %s as typed", (typed, expected) => {
    expect(formatTurkishPhone(typed)).toBe(expected);
  });
});
