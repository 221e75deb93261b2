import { describe, expect, it } from "vitest";
import { normalisePhone } from "./phone.ts";

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
