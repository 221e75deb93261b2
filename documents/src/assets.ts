// Fonts for the documents. The templates take font bytes from an
// AssetLoader so that they never read files themselves: Node reads the TTF
// files from the dejavu-fonts-ttf package (node/assets.ts), and an edge
// function can supply the same bytes its own way.

import { Font } from "@react-pdf/renderer";

/** TTF bytes of the regular and bold faces of the document font. */
export interface DocumentFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** Supplies the binary assets the templates need. */
export interface AssetLoader {
  loadFonts(): Promise<DocumentFonts>;
}

/** Font family name every template uses. */
export const FONT_FAMILY = "DejaVu Sans";

/** The fonts as data URLs, encoded once per process. */
let fontDataUrls: Promise<{ regular: string; bold: string }> | undefined;

/** Encodes bytes as a data URL without Node's Buffer, so Deno can run it. */
export function toDataUrl(bytes: Uint8Array, mimeType: string): string {
  const chunkSize = 0x8000;
  let binary = "";
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    const chunk = bytes.subarray(offset, offset + chunkSize);
    binary += String.fromCharCode(...chunk);
  }

  return `data:${mimeType};base64,${btoa(binary)}`;
}

/**
 * Registers the document font with react-pdf afresh, to be called before
 * each render. The font covers the Turkish letters (ç ğ ı İ ö ş ü) and the
 * lira sign ₺, so no system font is needed.
 *
 * Registering anew gives every document its own fontkit font object. With
 * @react-pdf/renderer 4.9, a font object reused after one document was
 * embedded can drop characters from the next document, seen here as
 * "Ilgili" printed as "lgili". The cause is a glyph cached by glyph id
 * without code points, which textkit then leaves out.
 */
export async function registerDocumentFonts(
  loader: AssetLoader,
): Promise<void> {
  fontDataUrls ??= loader.loadFonts().then((fonts) => ({
    regular: toDataUrl(fonts.regular, "font/ttf"),
    bold: toDataUrl(fonts.bold, "font/ttf"),
  }));
  const urls = await fontDataUrls;

  // Font.clear() would also drop the standard PDF fonts, so only this
  // family is removed from the store before it is registered again.
  delete Font.getRegisteredFonts()[FONT_FAMILY];
  Font.register({
    family: FONT_FAMILY,
    fonts: [
      { src: urls.regular, fontWeight: "normal" },
      { src: urls.bold, fontWeight: "bold" },
    ],
  });
  // Words are never hyphenated, because a split Turkish suffix reads badly.
  Font.registerHyphenationCallback((word) => [word]);
}
