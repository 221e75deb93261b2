// Renders the comparison sheet through the bundled templates, as an edge
// function does, and checks the PDF's header and embedded font.

import assert from "node:assert/strict";
import {
  type ComparisonDocument,
  embeddedAssetLoader,
  renderComparisonPdf,
} from "./documents.ts";

const comparison: ComparisonDocument = {
  language: "tr",
  organisation: {
    name: "Örnek Enerji Tedarik A.Ş.",
    tax_id: "1234567890",
    address: "Kızılay, Ankara",
  },
  customer: {
    name: "Güneş Işık Çelik Üretim Ltd. Şti.",
    tax_id: "9876543210",
    address: "Kocasinan, Kayseri",
  },
  offer_number: "TKF-2026-000001",
  issue_date: "2026-12-04",
  first_month: "2027-01",
  last_month: "2027-12",
  period_months: 12,
  annual_consumption_kwh: "120000",
  regulated_annual_cost_try: "480000.00",
  offer: {
    supplier_name: "Örnek Enerji",
    terms: { kind: "discount", discount_pct: "12" },
    annual_cost_try: "422400.00",
  },
  competitors: [
    {
      supplier_name: "Diğer Enerji",
      terms: { kind: "unit_price", unit_price_try_per_kwh: "3.70" },
      annual_cost_try: "444000.00",
    },
  ],
};

Deno.test("comparison sheet renders from the bundle", async () => {
  const pdf = await renderComparisonPdf(comparison, embeddedAssetLoader);
  const text = new TextDecoder("latin1").decode(pdf);

  assert.equal(text.slice(0, 5), "%PDF-");
  assert.match(text, /DejaVuSans/);
});
