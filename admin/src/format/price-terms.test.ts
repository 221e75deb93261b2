import { describe, expect, it } from "vitest";
import { formatPriceTerms } from "./price-terms.ts";

const TURKISH: Record<string, string> = {
  "priceTerms.regulated_discount": "Düzenlenmiş tarifeden indirim",
  "priceTerms.fixed_price": "Sabit birim fiyat",
  "priceTerms.ptf_indexed": "PTF'ye endeksli fiyat",
};
const translate = (key: string, fallback?: string) =>
  TURKISH[key] ?? fallback ?? key;

describe("formatPriceTerms", () => {
  it.each([
    [
      { kind: "regulated_discount", discount_pct: 10 },
      "Düzenlenmiş tarifeden indirim: %10,00",
    ],
    [
      { kind: "regulated_discount", discount_pct: "7.5" },
      "Düzenlenmiş tarifeden indirim: %7,50",
    ],
    [
      { kind: "fixed_price", unit_price_try_per_kwh: 3.25 },
      "Sabit birim fiyat: 3,2500 TL/kWh",
    ],
    [
      {
        kind: "fixed_price",
        unit_prices_try_per_kwh: { T1: "3.1", T2: "4.25", T3: "2.05" },
      },
      "Sabit birim fiyat: T1 3,1000 · T2 4,2500 · T3 2,0500 TL/kWh",
    ],
    [
      { kind: "fixed_price", margin_try_per_mwh: 150 },
      "PTF'ye endeksli fiyat: PTF + YEKDEM + 150,00 TL/MWh",
    ],
    [
      { kind: "ptf_indexed", coefficient: 1.05 },
      "PTF'ye endeksli fiyat: (PTF + YEKDEM) × 1,050",
    ],
  ])("formats %j", (terms, expected) => {
    expect(formatPriceTerms(terms, translate)).toBe(expected);
  });

  it("shows terms it cannot read as JSON", () => {
    expect(formatPriceTerms({ kind: "barter" }, translate)).toBe(
      '{"kind":"barter"}',
    );
    expect(formatPriceTerms("x", translate)).toBe('"x"');
  });
});
