import { describe, expect, it } from "vitest";
import { formatTry } from "../../shared/money.ts";

// pdftotext writes the no-break space before ₺ as a plain space.
const formatTryAsText = (amount: string) =>
  formatTry(amount).replace(/\u00a0/g, " ");

import { LABELS } from "../src/i18n.ts";
import { nodeAssetLoader } from "../src/node/assets.ts";
import {
  alternativeHeading,
  checkOfferDocument,
  savingsPercent,
} from "../src/offer.tsx";
import { renderOfferPdf } from "../src/render.ts";
import { buildOffer } from "./fixtures.ts";
import { pageCount, savePdf, squeeze } from "./pdf-text.ts";

describe("offer PDF in Turkish", async () => {
  const offer = buildOffer("tr");
  const pdf = savePdf("offer-tr", await renderOfferPdf(offer, nodeAssetLoader));
  const text = squeeze(pdf.text);

  it("has one page per section", () => {
    // Cover page, then one page per alternative (terms follow the last).
    expect(pageCount(pdf.file)).toBe(4);
    expect(pdf.pages).toHaveLength(4);
  });

  it("numbers every page as Sayfa n / N", () => {
    pdf.pages.forEach((page, index) => {
      expect(page).toContain(`Sayfa ${index + 1} / 4`);
    });
  });

  it("keeps Turkish letters intact", () => {
    expect(text).toContain("Çağrı Özışık");
    expect(text).toContain("Sayın İlker Işık");
    expect(text).toContain("Şubat 2026");
    expect(text).toContain("Ağustos 2026");
    expect(text).toContain("Anadolu Işık Enerji Tedarik A.Ş.");
    expect(text).toContain("İstiklal Mahallesi Şehit Üsteğmen Sokak");
  });

  it("shows customer and metering points", () => {
    expect(text).toContain("10000000146");
    expect(text).toContain("40ZKAYSERI001230");
    expect(text).toContain("Kayseri ve Civarı");
    expect(text).toContain("Üç zamanlı");
    expect(text).toContain("Tek zamanlı");
  });

  it("shows January bills worked out by hand", () => {
    // T1 18 450.5 × 3.1245 = 57 648.59, T2 6 120.25 × 4.687 = 28 685.61,
    // T3 9 300 × 1.963 = 18 255.90: regulated 104 590.10 TL. The offer
    // prices 2.7339 / 4.1011 / 1.7176 give 91 515.26 TL.
    const january = squeeze(pdf.pages[1] ?? "")
      .split("\n")
      .find((line) => line.includes("Ocak 2026"));
    expect(january).toContain("104.590,10 ₺");
    expect(january).toContain("91.515,26 ₺");
    expect(january).toContain("13.074,84 ₺");
    expect(january).toContain("%12,5");
  });

  it("shows consumption by time zone", () => {
    const january = squeeze(pdf.pages[0] ?? "")
      .split("\n")
      .find((line) => line.includes("Ocak 2026"));
    // 18 450.5 + 6 120.25 + 9 300 = 33 870.75 kWh, shown rounded.
    expect(january).toMatch(/18\.451 6\.120 9\.300 33\.871/);
  });

  it("shows every alternative's totals", () => {
    offer.alternatives.forEach((alternative, index) => {
      const page = squeeze(pdf.pages[index + 1] ?? "");
      expect(page).toContain(`Alternatif ${index + 1}: ${alternative.name}`);
      const totalsLine = page
        .split("\n")
        .find((line) => line.trimStart().startsWith("Toplam"));
      expect(totalsLine).toContain(
        formatTryAsText(alternative.totals.regulated_bill_try),
      );
      expect(totalsLine).toContain(
        formatTryAsText(alternative.totals.offer_bill_try),
      );
      expect(totalsLine).toContain(
        formatTryAsText(alternative.totals.savings_try),
      );
    });
  });

  it("describes each pricing kind", () => {
    expect(text).toContain("enerji bedeline %12,5 indirim");
    expect(text).toContain("Sabit birim fiyat");
    expect(text).toContain("PTF + YEKDEM + 185,50 TL/MWh");
  });

  it("shows validity and terms", () => {
    expect(text).toContain("Bu teklif 31.12.2026 tarihine kadar geçerlidir.");
    expect(text).toContain("fatura tarihinden 15 gün");
    expect(text).toContain("Şubat ayından itibaren sayaç değişikliği");
  });

  it("labels the chart", () => {
    expect(pdf.pages[1]).toContain("Aylık fatura karşılaştırması");
    expect(pdf.pages[1]).toMatch(/Oca\s+Şub\s+Mar/);
  });
});

describe("offer PDF in English", async () => {
  const pdf = savePdf(
    "offer-en",
    await renderOfferPdf(buildOffer("en"), nodeAssetLoader),
  );
  const text = squeeze(pdf.text);

  it("uses English labels and months", () => {
    expect(text).toContain("Electricity Supply Offer");
    expect(text).toContain("February 2026");
    expect(text).toContain("This offer is valid until 31 December 2026.");
    // Numbers keep the one Turkish format in both languages.
    expect(text).toContain("12,5% discount on the regulated energy charge");
  });

  it("numbers pages in English", () => {
    expect(pdf.pages[0]).toContain("Page 1 / 4");
  });

  it("keeps the shared money format", () => {
    expect(text).toContain("104.590,10 ₺");
  });
});

describe("checkOfferDocument", () => {
  it("rejects totals that differ from the months", () => {
    const offer = buildOffer();
    const [first] = offer.alternatives;
    if (!first) {
      throw new Error("fixture has no alternative");
    }
    first.totals.savings_try = "1.00";
    expect(() => checkOfferDocument(offer)).toThrow(
      /total savings_try is 1.00 but the months add up to/,
    );
  });

  it("rejects an offer without alternatives", () => {
    const offer = buildOffer();
    offer.alternatives = [];
    expect(() => checkOfferDocument(offer)).toThrow(/has no alternative/);
  });
});

describe("savingsPercent", () => {
  it("rounds to one decimal", () => {
    expect(savingsPercent("13074.84", "104590.10")).toBe("12.5");
    expect(savingsPercent("-500", "3000")).toBe("-16.7");
  });

  it("returns zero for a zero bill", () => {
    expect(savingsPercent("0", "0")).toBe("0.0");
  });
});

describe("alternativeHeading", () => {
  const labels = LABELS.tr;

  it("adds a custom name after the number", () => {
    expect(alternativeHeading("Sabit fiyat", 2, labels)).toBe(
      "Alternatif 2: Sabit fiyat",
    );
  });

  it("drops a name equal to the default", () => {
    expect(alternativeHeading("Alternatif 1", 1, labels)).toBe("Alternatif 1");
    expect(alternativeHeading(" alternatif 3 ", 3, labels)).toBe(
      "Alternatif 3",
    );
  });

  it("keeps a default name of another position", () => {
    expect(alternativeHeading("Alternatif 1", 2, labels)).toBe(
      "Alternatif 2: Alternatif 1",
    );
  });
});

describe("offer PDF with default alternative names", async () => {
  const offer = buildOffer("tr");
  offer.alternatives.forEach((alternative, index) => {
    alternative.name = `Alternatif ${index + 1}`;
  });
  const pdf = savePdf(
    "offer-default-names",
    await renderOfferPdf(offer, nodeAssetLoader),
  );

  it("prints each heading once", () => {
    offer.alternatives.forEach((_, index) => {
      const page = squeeze(pdf.pages[index + 1] ?? "");
      const heading = `Alternatif ${index + 1}`;
      expect(page).toContain(heading);
      expect(page).not.toContain(`${heading}: ${heading}`);
    });
  });
});

describe("offer PDF for single-time points", async () => {
  const offer = buildOffer("tr");
  offer.metering_points = offer.metering_points.map((point) => ({
    ...point,
    tariff_type: "single_time",
  }));
  // A single-time tariff has one price, so every zone carries the same one.
  for (const alternative of offer.alternatives) {
    const price = alternative.unit_prices_try_per_kwh.T1;
    alternative.unit_prices_try_per_kwh = { T1: price, T2: price, T3: price };
  }
  const pdf = savePdf(
    "offer-single-time",
    await renderOfferPdf(offer, nodeAssetLoader),
  );
  const firstPage = squeeze(pdf.pages[0] ?? "");
  const alternativePage = squeeze(pdf.pages[1] ?? "");

  it("shows one consumption per month", () => {
    const january = firstPage
      .split("\n")
      .find((line) => line.includes("Ocak 2026"));
    // 18 450.5 + 6 120.25 + 9 300 = 33 870.75 kWh, shown rounded.
    expect(january).toMatch(/Ocak 2026 33\.871$/);
    expect(firstPage).toContain(LABELS.tr.singleTimeConsumption);
  });

  it("names no time zones", () => {
    for (const zone of Object.values(LABELS.tr.zones)) {
      expect(pdf.text).not.toContain(zone);
    }
  });

  it("shows one unit price row", () => {
    // The discount alternative: the regulated T1 price of the fixture,
    // 3,1245 TL/kWh, and 2,7339 TL/kWh offered.
    expect(alternativePage).toContain(`${LABELS.tr.singleTime} 3,1245 2,7339`);
  });
});
