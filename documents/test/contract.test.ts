import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stampTaxTry } from "../src/contract.tsx";
import {
  CONTRACT_TEMPLATES,
  selectContractTemplate,
} from "../src/contract-templates.ts";
import { nodeAssetLoader } from "../src/node/assets.ts";
import { renderContractPdf } from "../src/render.ts";
import { findTaxRatePct } from "../src/tax-rates.ts";
import { buildContract } from "./fixtures.ts";
import { pageCount, savePdf, squeeze } from "./pdf-text.ts";

const ROOT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
);
const TAX_TABLE = readFileSync(
  path.resolve(
    ROOT_DIR,
    "..",
    "shared",
    "market-data",
    "bill-taxes-and-charges.csv",
  ),
  "utf8",
);
const STAMP_TAX_RATE_PCT = findTaxRatePct(
  TAX_TABLE,
  "Damga vergisi",
  "2027-01-01",
);

describe("selectContractTemplate", () => {
  it("picks the discount template by period", () => {
    expect(selectContractTemplate("indirimli", "2025-06-01").id).toBe(
      "indirimli-2025",
    );
    expect(selectContractTemplate("indirimli", "2025-12-31").id).toBe(
      "indirimli-2025",
    );
    expect(selectContractTemplate("indirimli", "2026-01-01").id).toBe(
      "indirimli-2026",
    );
  });

  it("picks the fixed price template", () => {
    expect(selectContractTemplate("sabit_fiyat", "2027-03-01").id).toBe(
      "sabit-fiyat-2026",
    );
  });

  it("rejects a date without a template", () => {
    expect(() => selectContractTemplate("sabit_fiyat", "2025-06-01")).toThrow(
      /found none/,
    );
  });

  it("rejects overlapping templates", () => {
    const [first] = CONTRACT_TEMPLATES;
    if (!first) {
      throw new Error("no templates");
    }
    const overlapping = [first, { ...first, id: "copy" }];
    expect(() =>
      selectContractTemplate("indirimli", "2025-03-01", overlapping),
    ).toThrow(/found indirimli-2025, copy/);
  });
});

describe("stamp tax", () => {
  it("reads the rate from the tax table", () => {
    expect(STAMP_TAX_RATE_PCT).toBe("0.948");
  });

  it("rounds the tax half up to kuruş", () => {
    // 1 010 031.27 TL × 0.948 % = 9 575.0964… TL.
    expect(stampTaxTry(buildContract("indirimli", STAMP_TAX_RATE_PCT))).toBe(
      "9575.10",
    );
  });

  it("rejects a tax given in another unit", () => {
    const table =
      "item,applies_to,rate,unit,valid_from,valid_to\nDamga vergisi,x,5,TL,,\n";
    expect(() => findTaxRatePct(table, "Damga vergisi", "2027-01-01")).toThrow(
      /expected a percent rate/,
    );
  });
});

describe("discount contract PDF", async () => {
  const contract = buildContract("indirimli", STAMP_TAX_RATE_PCT);
  const pdf = savePdf(
    "contract-indirimli",
    await renderContractPdf(contract, nodeAssetLoader),
  );
  const text = pdf.text.replace(/\s+/g, " ");

  it("numbers every page", () => {
    const total = pageCount(pdf.file);
    expect(total).toBeGreaterThanOrEqual(1);
    pdf.pages.forEach((page, index) => {
      expect(page).toContain(`Sayfa ${index + 1} / ${total}`);
    });
  });

  it("uses the 2027 discount wording", () => {
    expect(text).toContain("İndirimli Elektrik Satış Sözleşmesi (2026)");
    expect(text).toContain("aktif enerji bedelinin %12,50 indirimli halidir");
  });

  it("shows parties and dates", () => {
    expect(text).toContain("Anadolu Işık Enerji Tedarik A.Ş.");
    expect(text).toContain("Çağrı Özışık");
    expect(text).toContain("Sözleşme 01.01.2027 tarihinde başlar");
    expect(text).toContain("31.12.2027 tarihinde sona erer");
  });

  it("states the stamp tax", () => {
    expect(text).toContain("Damga Vergisi 9.575,10 ₺");
    expect(text).toContain("%0,948 oranında hesaplanan 9.575,10 ₺");
    expect(text).toContain("1.010.031,27 ₺");
  });

  it("states termination terms", () => {
    expect(text).toContain("30 gün önceden yazılı bildirimle");
    expect(text).toContain("%10,00 oranında cayma bedeli");
  });

  it("lists required documents", () => {
    for (const document of [
      "Vergi levhası",
      "İmza sirküleri",
      "Akıllı sayaç / OSOS bilgileri",
    ]) {
      expect(text).toContain(document);
    }
  });

  it("prints signatories in capitals", () => {
    expect(text).toContain("Ad Soyad: DİLEK IRMAK");
    expect(text).toContain("Ad Soyad: İLKER IŞIK");
    expect(text).toContain("İmza / Kaşe");
  });
});

describe("fixed price contract PDF", async () => {
  const pdf = savePdf(
    "contract-sabit-fiyat",
    await renderContractPdf(
      buildContract("sabit_fiyat", STAMP_TAX_RATE_PCT),
      nodeAssetLoader,
    ),
  );
  const text = pdf.text.replace(/\s+/g, " ");

  it("uses the fixed price wording", () => {
    expect(text).toContain("Sabit Fiyatlı Elektrik Satış Sözleşmesi");
    expect(text).toContain("T1 2,9500, T2 4,9000, T3 2,1000 TL/kWh");
    expect(text).toContain("Teminat mektubu veya nakit teminat");
  });

  it("rejects discount terms", async () => {
    const contract = buildContract("sabit_fiyat", STAMP_TAX_RATE_PCT);
    contract.price_terms = { kind: "regulated_discount", discount_pct: "5" };
    await expect(renderContractPdf(contract, nodeAssetLoader)).rejects.toThrow(
      /fixed price template needs fixed_price price terms/,
    );
  });
});

describe("PTF-indexed contract PDF", async () => {
  const contract = buildContract("ptf_endeksli", STAMP_TAX_RATE_PCT);
  contract.start_date = "2027-01-01";
  contract.price_terms = { kind: "ptf_indexed", margin_try_per_mwh: "150" };
  const pdf = savePdf(
    "contract-ptf-endeksli",
    await renderContractPdf(contract, nodeAssetLoader),
  );
  const text = pdf.text.replace(/\s+/g, " ");

  it("uses the PTF-indexed wording", () => {
    expect(text).toContain("PTF Endeksli Elektrik Satış Sözleşmesi");
    expect(text).toContain(
      "PTF ile YEKDEM birim maliyetinin toplamına 150,00 TL/MWh eklenerek bulunur",
    );
  });

  it("states a coefficient instead of a margin", async () => {
    contract.price_terms = { kind: "ptf_indexed", coefficient: "1.05" };
    const scaled = savePdf(
      "contract-ptf-endeksli-coefficient",
      await renderContractPdf(contract, nodeAssetLoader),
    );
    expect(scaled.text.replace(/\s+/g, " ")).toContain(
      "PTF ile YEKDEM birim maliyetinin toplamının 1,0500 katıdır",
    );
  });

  it("rejects fixed price terms", async () => {
    contract.price_terms = {
      kind: "fixed_price",
      unit_prices_try_per_kwh: { T1: "3", T2: "4", T3: "2" },
    };
    await expect(renderContractPdf(contract, nodeAssetLoader)).rejects.toThrow(
      /PTF-indexed template needs ptf_indexed price terms/,
    );
  });
});
