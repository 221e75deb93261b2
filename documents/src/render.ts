// Entry points that turn a document's data into PDF bytes. They use only
// react-pdf and the asset loader, so an edge function can import them with
// `npm:` specifiers and supply its own loader.

import { renderToBuffer } from "@react-pdf/renderer";
import { createElement, type ReactElement } from "react";
import { AnnexPdf } from "./annex.tsx";
import { type AssetLoader, registerDocumentFonts } from "./assets.ts";
import { ComparisonPdf } from "./comparison.tsx";
import { ContractPdf, checkContractDocument } from "./contract.tsx";
import { checkOfferDocument, OfferPdf } from "./offer.tsx";

export { selectContractTemplate } from "./contract-templates.ts";

import type {
  AnnexDocument,
  ComparisonDocument,
  ContractDocument,
  OfferDocument,
} from "./types.ts";

// Renders run one at a time because each one registers the fonts afresh in
// react-pdf's process-wide font store.
let previousRender: Promise<unknown> = Promise.resolve();

function renderPdf(
  element: ReactElement,
  loader: AssetLoader,
): Promise<Uint8Array> {
  const next = previousRender.then(() => renderNow(element, loader));
  previousRender = next.catch(() => undefined);

  return next;
}

async function renderNow(
  element: ReactElement,
  loader: AssetLoader,
): Promise<Uint8Array> {
  await registerDocumentFonts(loader);
  // react-pdf's Document props type is narrower than ReactElement.
  const buffer = await renderToBuffer(
    element as Parameters<typeof renderToBuffer>[0],
  );

  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Renders the offer; rejects totals that differ from the monthly rows. */
export async function renderOfferPdf(
  offer: OfferDocument,
  loader: AssetLoader,
): Promise<Uint8Array> {
  checkOfferDocument(offer);

  return renderPdf(createElement(OfferPdf, { offer }), loader);
}

export function renderComparisonPdf(
  comparison: ComparisonDocument,
  loader: AssetLoader,
): Promise<Uint8Array> {
  return renderPdf(createElement(ComparisonPdf, { comparison }), loader);
}

/** Renders the contract with the template of its strategy and start date. */
export async function renderContractPdf(
  contract: ContractDocument,
  loader: AssetLoader,
): Promise<Uint8Array> {
  checkContractDocument(contract);

  return renderPdf(createElement(ContractPdf, { contract }), loader);
}

/**
 * Renders a table annex. Layout cost grows with the row count, so long
 * annexes (an hourly year is 8 760 rows) belong in a worker thread or a
 * background job: see node/annex-worker.ts.
 */
export function renderAnnexPdf(
  annex: AnnexDocument,
  loader: AssetLoader,
  onPage?: (pageNumber: number, totalPages: number) => void,
): Promise<Uint8Array> {
  return renderPdf(createElement(AnnexPdf, { annex, onPage }), loader);
}
