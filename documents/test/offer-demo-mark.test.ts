// The "Demo fiyatlar" mark of the offer PDF, read back from the PDF text:
// present on the cover and the terms when the offer used demo figures, and
// absent when it used none.
import { describe, expect, it } from "vitest";
import { nodeAssetLoader } from "../src/node/assets.ts";
import { renderOfferPdf } from "../src/render.ts";
import { buildOffer } from "./fixtures.ts";
import { savePdf, squeeze } from "./pdf-text.ts";

describe("offer PDF demo mark", () => {
  it("marks a Turkish offer priced with demo figures", async () => {
    const offer = {
      ...buildOffer("tr"),
      demo_figures: ["energy tariff", "YEKDEM"],
    };
    const pdf = savePdf(
      "offer-demo-tr",
      await renderOfferPdf(offer, nodeAssetLoader),
    );
    const cover = squeeze(pdf.pages[0] ?? "");
    const last = squeeze(pdf.pages.at(-1) ?? "");

    expect(cover).toContain("Demo fiyatlar");
    expect(cover).toContain(
      "örnek olarak üretilmiş verilerle hesaplandı: enerji tarifesi, YEKDEM.",
    );
    expect(last).toContain("Demo fiyatlar");
  });

  it("marks an English offer priced with demo figures", async () => {
    const offer = {
      ...buildOffer("en"),
      demo_figures: ["market prices"],
    };
    const pdf = savePdf(
      "offer-demo-en",
      await renderOfferPdf(offer, nodeAssetLoader),
    );
    const cover = squeeze(pdf.pages[0] ?? "");

    expect(cover).toContain("Demo prices");
    expect(cover).toContain("market prices (PTF/SMF or expected PTF)");
  });

  it("leaves an offer without demo figures unmarked", async () => {
    for (const demoFigures of [undefined, []]) {
      const offer = { ...buildOffer("tr"), demo_figures: demoFigures };
      const pdf = savePdf(
        "offer-real-tr",
        await renderOfferPdf(offer, nodeAssetLoader),
      );

      expect(squeeze(pdf.text)).not.toContain("Demo");
    }
  });
});
