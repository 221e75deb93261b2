import { describe, expect, it } from "vitest";
import { formatAlternativeTerms, formatPriceTerms } from "./price-terms.ts";

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

describe("formatAlternativeTerms", () => {
  it.each([
    [
      "discount",
      { kind: "discount", discount_pct: 10 },
      "Düzenlenmiş tarifeden indirim: %10,00",
    ],
    [
      "discount",
      { discount_pct: 12.5 },
      "Düzenlenmiş tarifeden indirim: %12,50",
    ],
    [
      "fixed_price",
      { kind: "fixed_price", unit_price_try_per_kwh: 4.5 },
      "Sabit birim fiyat: 4,5000 TL/kWh",
    ],
    [
      "ptf_indexed",
      { kind: "ptf_indexed", margin_try_per_mwh: 800 },
      "PTF'ye endeksli fiyat: PTF + YEKDEM + 800,00 TL/MWh",
    ],
    [
      "ptf_indexed",
      { kind: "ptf_indexed", coefficient: 1.05 },
      "PTF'ye endeksli fiyat: (PTF + YEKDEM) × 1,050",
    ],
  ])("formats a %s alternative %j", (kind, parameters, expected) => {
    expect(formatAlternativeTerms(kind, parameters, translate)).toBe(expected);
  });

  it("shows parameters it cannot read as JSON", () => {
    expect(formatAlternativeTerms("discount", null, translate)).toBe("null");
    expect(formatAlternativeTerms("discount", {}, translate)).toBe(
      '{"kind":"regulated_discount"}',
    );
  });
});
