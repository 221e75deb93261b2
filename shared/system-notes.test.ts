import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SYSTEM_NOTES, translateSystemNote } from "./system-notes.ts";

describe("translateSystemNote", () => {
  it.each([
    ["Revision 2", "Revizyon 2"],
    ["Contract SZL-2026-000005", "Sözleşme SZL-2026-000005"],
    ["Validity date passed", "Geçerlilik tarihi geçti"],
    [
      "Withdrawn: the seller made a new revision",
      "Geri çekildi: satıcı yeni bir revizyon hazırladı",
    ],
  ])("shows %s in Turkish", (note, turkish) => {
    expect(translateSystemNote(note, "tr")).toBe(turkish);
  });

  it("keeps English notes in English", () => {
    expect(translateSystemNote("Revision 2", "en")).toBe("Revision 2");
  });

  it("keeps a typed note as it is", () => {
    expect(translateSystemNote("Revision 2 için fiyat düşürüldü", "tr")).toBe(
      "Revision 2 için fiyat düşürüldü",
    );
  });
});

describe("SYSTEM_NOTES", () => {
  it("lists notes the migrations write", () => {
    const folder = path.join(import.meta.dirname, "../supabase/migrations");
    const sql = readdirSync(folder)
      .filter((name) => name.endsWith(".sql"))
      .map((name) => readFileSync(path.join(folder, name), "utf8"))
      .join("\n");

    for (const { template } of SYSTEM_NOTES) {
      expect(sql, template).toContain(`'${template}'`);
    }
  });
});
