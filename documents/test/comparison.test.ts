import { describe, expect, it } from "vitest";
import { comparisonRows } from "../src/comparison.tsx";
import { nodeAssetLoader } from "../src/node/assets.ts";
import { renderComparisonPdf } from "../src/render.ts";
import { buildComparison } from "./fixtures.ts";
import { pageCount, savePdf, squeeze } from "./pdf-text.ts";

function lineWith(text: string, needle: string): string | undefined {
  return squeeze(text)
    .split("\n")
    .find((line) => line.includes(needle));
}

describe("comparison sheet", async () => {
  const comparison = buildComparison();
  const pdf = savePdf(
    "comparison",
    await renderComparisonPdf(comparison, nodeAssetLoader),
  );

  it("fits on one numbered page", () => {
    expect(pageCount(pdf.file)).toBe(1);
    expect(pdf.pages[0]).toContain("Sayfa 1 / 1");
  });

  it("compares the regulated tariff with our offer", () => {
    // 1 154 321.45 − 1 010 031.27 = 144 290.18 TL.
    const regulated = lineWith(pdf.text, "Düzenlenmiş tarife");
    expect(regulated).toContain("1.154.321,45 ₺");
    expect(regulated).toContain("144.290,18 ₺");
    const ours = lineWith(pdf.text, "Teklifimiz:");
    expect(ours).toContain("1.010.031,27 ₺");
    expect(ours).toContain("0,00 ₺");
  });

  it("shows competitors with their differences", () => {
    // Ege Güç: 1 038 889.31 − 1 010 031.27 = 28 858.04 TL dearer.
    const ege = lineWith(pdf.text, "Ege Güç Elektrik");
    expect(ege).toContain("%10,00 indirim");
    expect(ege).toContain("28.858,04 ₺");
    expect(ege).toContain("115.432,14 ₺");
    // Boğaziçi: 1 003 215.98 − 1 010 031.27 = −6 815.29 TL, cheaper.
    const bogazici = lineWith(pdf.text, "Boğaziçi Enerji");
    expect(bogazici).toContain("2,8450 TL/kWh");
    expect(bogazici).toContain("-6.815,29 ₺");
    expect(bogazici).toContain("151.105,47 ₺");
  });

  it("shows period and consumption", () => {
    expect(pdf.text).toContain("Ocak 2026 – Aralık 2026");
    expect(pdf.text).toContain("352.612 kWh");
    expect(pdf.text).toContain("Çağrı Özışık");
  });

  it("orders rows regulated, ours, competitors", () => {
    const rows = comparisonRows(comparison);
    expect(rows.map((row) => row.supplier)).toEqual([
      "Düzenlenmiş tarife (görevli tedarik şirketi)",
      "Teklifimiz: Anadolu Işık Enerji Tedarik A.Ş.",
      "Ege Güç Elektrik Ltd. Şti.",
      "Boğaziçi Enerji A.Ş.",
    ]);
  });
});

describe("comparison sheet for a shorter period", async () => {
  const comparison = buildComparison();
  comparison.period_months = 3;
  comparison.last_month = "2026-03";
  const pdf = savePdf(
    "comparison-three-months",
    await renderComparisonPdf(comparison, nodeAssetLoader),
  );

  it("labels the figures as the period's", () => {
    expect(pdf.text).toContain("Dönem Tüketimi");
    expect(pdf.text).toContain("Dönem Maliyeti");
    expect(pdf.text).not.toContain("Yıllık");
    expect(pdf.text.replace(/\s+/g, " ")).toContain(
      "3 aylık döneme oranlanmıştır",
    );
  });
});
