// Node loader for the document assets: reads the DejaVu Sans TTF files that
// the dejavu-fonts-ttf package ships.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { AssetLoader, DocumentFonts } from "../assets.ts";

const require = createRequire(import.meta.url);

function fontDirectory(): string {
  const packageJson = require.resolve("dejavu-fonts-ttf/package.json");

  return path.join(path.dirname(packageJson), "ttf");
}

export const nodeAssetLoader: AssetLoader = {
  async loadFonts(): Promise<DocumentFonts> {
    const directory = fontDirectory();
    const [regular, bold] = await Promise.all([
      readFile(path.join(directory, "DejaVuSans.ttf")),
      readFile(path.join(directory, "DejaVuSans-Bold.ttf")),
    ]);

    return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
  },
};
