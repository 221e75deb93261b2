// Worker thread entry that renders one table annex. The parent sends the
// annex, the worker posts page progress and finally the PDF bytes, so the
// parent's event loop stays free while react-pdf lays out hundreds of pages.

import { parentPort } from "node:worker_threads";
import { pageGroups } from "../annex.tsx";
import { renderAnnexPdf } from "../render.ts";
import type { AnnexDocument } from "../types.ts";
import { nodeAssetLoader } from "./assets.ts";

export type AnnexWorkerMessage =
  | { type: "progress"; page: number; total_pages: number | undefined }
  | { type: "done"; pdf: Uint8Array; pages: number }
  | { type: "error"; message: string };

if (!parentPort) {
  throw new Error("annex-worker.ts must run as a worker thread");
}

const port = parentPort;

port.once("message", async (annex: AnnexDocument) => {
  let pages = 0;
  // react-pdf lays out footers while it paginates, before the page count is
  // final, so progress reports the page count the row groups imply.
  const expectedPages = annex.rows_per_page
    ? pageGroups(annex.rows, annex.rows_per_page).length
    : undefined;
  try {
    const pdf = await renderAnnexPdf(annex, nodeAssetLoader, (page, total) => {
      // A footer may be laid out more than once per page.
      if (page > pages) {
        pages = page;
        port.postMessage({
          type: "progress",
          page,
          total_pages: total ?? expectedPages,
        });
      }
    });
    port.postMessage(
      { type: "done", pdf, pages } satisfies AnnexWorkerMessage,
      [pdf.buffer as ArrayBuffer],
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    port.postMessage({ type: "error", message } satisfies AnnexWorkerMessage);
  }
});
