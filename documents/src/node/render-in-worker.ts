// Renders a long annex (for example a year of hourly readings, 8 760 rows)
// in a worker thread with progress callbacks. Render such annexes here or in
// a background job, never on a server's main thread or inside an edge
// function, where layout would block requests and exceed the CPU limit.

import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AnnexDocument } from "../types.ts";
import type { AnnexWorkerMessage } from "./annex-worker.ts";

export interface AnnexProgress {
  page: number;
  /** Expected page count; unknown for tables without rows_per_page. */
  total_pages: number | undefined;
}

export interface AnnexRenderResult {
  pdf: Uint8Array;
  pages: number;
}

const WORKER_URL = new URL("./annex-worker.ts", import.meta.url);
const TSCONFIG_URL = new URL("../../tsconfig.json", import.meta.url);

// The worker entry is TypeScript, and loaders given on the command line do
// not reach worker threads on Node 20, so the worker registers tsx itself
// before importing the entry.
// NOTE: a production build should compile annex-worker.ts to JavaScript and
// start it directly, without tsx.
const BOOTSTRAP = `
import("tsx/esm/api")
  .then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })
  .catch((error) => { throw error; });
`;

export function renderAnnexInWorker(
  annex: AnnexDocument,
  onProgress?: (progress: AnnexProgress) => void,
): Promise<AnnexRenderResult> {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    // tsx compiles the templates' JSX with this workspace's settings
    // whatever the working folder is.
    env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(TSCONFIG_URL) },
  });

  return new Promise<AnnexRenderResult>((resolve, reject) => {
    worker.on("message", (message: AnnexWorkerMessage) => {
      if (message.type === "progress") {
        onProgress?.({ page: message.page, total_pages: message.total_pages });
      } else if (message.type === "done") {
        resolve({ pdf: message.pdf, pages: message.pages });
        void worker.terminate();
      } else {
        reject(
          new Error(
            `Rendering the annex "${annex.title}" failed: ${message.message}`,
          ),
        );
        void worker.terminate();
      }
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) {
        reject(new Error(`Annex worker exited with code ${code}`));
      }
    });
    worker.postMessage(annex);
  });
}
