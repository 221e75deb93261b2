import { describe, expect, it } from "vitest";
import {
  changeDigit,
  tcknWithCheckDigits,
  vknWithCheckDigit,
} from "../test/domain/turkish-ids.ts";
import { isValidEmail, isValidTckn, isValidVkn } from "./tax-identity.ts";

describe("isValidVkn", () => {
  // Check digits worked out by hand from the rule: for 123456789,
  // s = 0,0,0,0,0,0,0,0,0 gives Σw = 0 and a check digit 0.
  it("accepts a hand-checked VKN", () => {
    expect(isValidVkn("1234567890")).toBe(true);
    expect(isValidVkn("1234567891")).toBe(false);
  });

  it.each(["123456789", "987654321", "000000001", "411111111"])(
    "accepts %s with the test helper's check digit, not others",
    (stem) => {
      const vkn = vknWithCheckDigit(stem);
      expect(isValidVkn(vkn)).toBe(true);
      expect(isValidVkn(changeDigit(vkn, 9))).toBe(false);
    },
  );

  it.each(["", "123456789", "12345678901", "12345 6789", "abcdefghij"])(
    "rejects %j",
    (text) => {
      expect(isValidVkn(text)).toBe(false);
    },
  );
});

describe("isValidTckn", () => {
  // 10000000146: odd-position sum 2, even-position sum 0, so the tenth
  // digit is 7 · 2 mod 10 = 4 and the eleventh (2 + 4) mod 10 = 6.
  it("accepts a hand-checked TCKN", () => {
    expect(isValidTckn("10000000146")).toBe(true);
    expect(isValidTckn("10000000147")).toBe(false);
    expect(isValidTckn("10000000156")).toBe(false);
  });

  it.each(["123456789", "987654321", "100000001", "555555555"])(
    "accepts %s with the test helper's check digits, not others",
    (stem) => {
      const tckn = tcknWithCheckDigits(stem);
      expect(isValidTckn(tckn)).toBe(true);
      expect(isValidTckn(changeDigit(tckn, 9))).toBe(false);
      expect(isValidTckn(changeDigit(tckn, 10))).toBe(false);
    },
  );

  it.each(["", "01234567890", "1234567890", "123456789012", "1234567890a"])(
    "rejects %j",
    (text) => {
      expect(isValidTckn(text)).toBe(false);
    },
  );
});

describe("isValidEmail", () => {
  it.each(["ali@firma.com.tr", "a.b+c@x.io"])("accepts %s", (text) => {
    expect(isValidEmail(text)).toBe(true);
  });

  it.each(["", "ali", "ali@firma", "ali @firma.com", "a@b@c.com"])(
    "rejects %j",
    (text) => {
      expect(isValidEmail(text)).toBe(false);
    },
  );
});
