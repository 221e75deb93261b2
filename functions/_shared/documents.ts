// The supplier's PDF documents for edge functions: the render entry points
// of documents/src, bundled with their templates into documents-bundle (see
// documents/build/functions-bundle.ts), and the document fonts.
//
// NOTE: render the long annexes (such as a year of hourly readings) in a
// background job, not here: their layout takes far longer than an edge
// function's CPU limit allows.

import { DEJAVU_SANS_BASE64 } from "./documents-bundle/fonts.js";
import type { AssetLoader } from "./documents-bundle/render.js";

export type * from "./documents-bundle/render.js";
export {
  renderComparisonPdf,
  renderContractPdf,
  renderOfferPdf,
  selectContractTemplate,
} from "./documents-bundle/render.js";

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) {
    bytes[index] = binary.charCodeAt(index);
  }

  return bytes;
}

/** Supplies the embedded DejaVu Sans faces to the templates. */
export const embeddedAssetLoader: AssetLoader = {
  loadFonts() {
    return Promise.resolve({
      regular: decodeBase64(DEJAVU_SANS_BASE64.regular),
      bold: decodeBase64(DEJAVU_SANS_BASE64.bold),
    });
  },
};
