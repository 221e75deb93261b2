// Competitors quote annual bills. A comparison over fewer months prorates
// them exactly in kuruş, rounding half up.
import assert from "node:assert/strict";
import { prorateAnnualTry } from "./offer-data.ts";

const CASES: Array<[string, number, string]> = [
  // 1 038 889.31 x 3 / 12 = 259 722.3275 -> 259 722.33
  ["1038889.31", 3, "259722.33"],
  // 1 200 000 x 5 / 12 = 500 000 exactly
  ["1200000", 5, "500000.00"],
  // 0.05 x 1 / 12 = 0.004166... -> 0.00
  ["0.05", 1, "0.00"],
  // 0.06 x 1 / 12 = 0.005 -> 0.01, half up
  ["0.06", 1, "0.01"],
  ["987654.32", 12, "987654.32"],
];

for (const [annual, months, expected] of CASES) {
  Deno.test(`prorateAnnualTry prorates ${annual} TL to ${months} months`, () => {
    assert.equal(prorateAnnualTry(annual, months), expected);
  });
}
