import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { nodeAssetLoader } from "../src/node/assets.ts";
import { renderAnnexInWorker } from "../src/node/render-in-worker.ts";
import { renderComparisonPdf } from "../src/render.ts";
import { buildComparison, hourlyAnnex, organisation } from "./fixtures.ts";
import { pageCount, savePdf } from "./pdf-text.ts";
import { makePng } from "./png.ts";

function imageList(file: string): string[] {
  const output = execFileSync("pdfimages", ["-list", file], {
    encoding: "utf8",
  });

  // The first two lines are the column header and a rule.
  return output.trim().split("\n").slice(2);
}

function fontList(file: string): string {
  return execFileSync("pdffonts", [file], { encoding: "utf8" });
}

describe("document assets", () => {
  it("embeds a logo given as PNG bytes", async () => {
    const logo = makePng(120, 40, (x) =>
      x < 60 ? [11, 83, 148] : [255, 213, 79],
    );
    const comparison = buildComparison();
    comparison.organisation = {
      ...organisation,
      logo: { data: logo, format: "png" },
    };
    const pdf = savePdf(
      "comparison-png-logo",
      await renderComparisonPdf(comparison, nodeAssetLoader),
    );

    const images = imageList(pdf.file);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/\s120\s+40\s+rgb/);
  });

  it("fetches a logo given as a URL", async () => {
    const logo = makePng(30, 30, (x, y) => [x * 8, y * 8, 120]);
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "image/png" });
      response.end(logo);
    });
    await new Promise<void>((resolve) => {
      server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    try {
      const comparison = buildComparison();
      comparison.organisation = {
        ...organisation,
        logo: { url: `http://127.0.0.1:${port}/logo.png` },
      };
      const pdf = savePdf(
        "comparison-url-logo",
        await renderComparisonPdf(comparison, nodeAssetLoader),
      );

      const images = imageList(pdf.file);
      expect(images).toHaveLength(1);
      expect(images[0]).toMatch(/\s30\s+30\s+rgb/);
    } finally {
      server.close();
    }
  });

  it("draws the default logo without an image", async () => {
    const pdf = savePdf(
      "comparison-default-logo",
      await renderComparisonPdf(buildComparison(), nodeAssetLoader),
    );

    expect(imageList(pdf.file)).toHaveLength(0);
  });

  it("embeds only the DejaVu Sans faces", async () => {
    const pdf = savePdf(
      "comparison-fonts",
      await renderComparisonPdf(buildComparison(), nodeAssetLoader),
    );
    const fonts = fontList(pdf.file);

    expect(fonts).toMatch(/\+DejaVuSans\s/);
    expect(fonts).toMatch(/\+DejaVuSans-Bold\s/);
    expect(fonts).not.toMatch(/Helvetica/);
  });
});

describe("renderAnnexInWorker", () => {
  it("renders in a worker with page progress", async () => {
    const annex = hourlyAnnex();
    // 41 rows on page 1 and 47 on each next page: 135 rows make 3 pages.
    annex.rows = annex.rows.slice(0, 135);
    const progress: { page: number; total_pages: number | undefined }[] = [];

    const result = await renderAnnexInWorker(annex, (event) => {
      progress.push(event);
    });
    const pdf = savePdf("hourly-annex-worker", result.pdf);

    expect(result.pages).toBe(3);
    expect(pageCount(pdf.file)).toBe(3);
    expect(progress.map((event) => event.page)).toEqual([1, 2, 3]);
    expect(progress.every((event) => event.total_pages === 3)).toBe(true);
    expect(pdf.pages[2]).toContain("Sayfa 3 / 3");
    expect(pdf.text).toContain("Saatlik Tüketim Eki");
  }, 120_000);
});
