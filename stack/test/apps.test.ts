// The admin and portal are rebuilt when any source they bundle changes,
// their own files or the repository's shared/ folder they import.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourceHash } from "../src/apps.ts";

let root: string;
let appDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "enerji-apps-"));
  appDir = path.join(root, "admin");
  await mkdir(path.join(appDir, "src"), { recursive: true });
  await mkdir(path.join(root, "shared"), { recursive: true });
  await writeFile(path.join(appDir, "src", "main.ts"), "export const a = 1;\n");
  await writeFile(path.join(appDir, "index.html"), "<div id=root></div>\n");
  await writeFile(path.join(appDir, "vite.config.ts"), "export default {};\n");
  await writeFile(path.join(appDir, "package.json"), "{}\n");
  await writeFile(path.join(root, "shared", "turkish.ts"), "export {};\n");
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("app source hash", () => {
  it("changes with a shared file", async () => {
    const before = await sourceHash(appDir);
    await writeFile(
      path.join(root, "shared", "turkish.ts"),
      "export const folded = true;\n",
    );
    expect(await sourceHash(appDir)).not.toBe(before);
  });

  it("changes with an app file", async () => {
    const before = await sourceHash(appDir);
    await writeFile(
      path.join(appDir, "src", "main.ts"),
      "export const a = 2;\n",
    );
    expect(await sourceHash(appDir)).not.toBe(before);
  });

  it("stays the same without changes", async () => {
    expect(await sourceHash(appDir)).toBe(await sourceHash(appDir));
  });
});
