// The district reference table: every province has its districts, Turkey's
// 973 in all, under their official Turkish names.
import { readFile } from "node:fs/promises";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db.end();
});

async function districtNames(provinceName: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select d.name
     from public.districts d
     join public.provinces p on p.plate_code = d.province_plate_code
     where p.name = $1`,
    [provinceName],
  );

  return rows.map((row) => row.name);
}

describe("districts", () => {
  it("counts 973 districts in Turkey", async () => {
    const { rows } = await db.query(
      "select count(*)::int as count from public.districts",
    );
    expect(rows[0].count).toBe(973);
  });

  it("gives every province a district", async () => {
    const { rows } = await db.query<{ name: string }>(
      `select p.name
       from public.provinces p
       where not exists (
         select 1 from public.districts d
         where d.province_plate_code = p.plate_code
       )
       order by p.plate_code`,
    );
    expect(rows.map((row) => row.name)).toEqual([]);
  });

  // These counts include the newest districts: Artvin's Kemalpaşa,
  // Aksaray's Sultanhanı and Hakkari's Derecik.
  it.each([
    ["Ankara", 25],
    ["İstanbul", 39],
    ["Artvin", 9],
    ["Aksaray", 8],
    ["Hakkari", 5],
    ["Bayburt", 3],
    ["Konya", 31],
    ["Kastamonu", 20],
  ])("gives %s %i districts", async (province, count) => {
    expect(await districtNames(province)).toHaveLength(count);
  });

  it.each([
    ["Ankara", ["Çankaya", "Keçiören", "Yenimahalle", "Etimesgut"]],
    ["Hakkari", ["Merkez", "Yüksekova", "Şemdinli", "Çukurca", "Derecik"]],
    ["Muğla", ["Bodrum", "Menteşe", "Fethiye", "Marmaris", "Seydikemer"]],
    ["Şanlıurfa", ["Eyyübiye", "Haliliye", "Karaköprü", "Ceylanpınar"]],
    ["Iğdır", ["Merkez", "Aralık", "Karakoyunlu", "Tuzluca"]],
    ["Trabzon", ["Ortahisar", "Akçaabat", "Of", "Çaykara"]],
  ])("lists %s districts by name", async (province, names) => {
    const found = await districtNames(province);
    for (const name of names) {
      expect(found).toContain(name);
    }
  });

  it("names central districts Merkez only outside metropolises", async () => {
    // The 30 metropolitan municipalities have named central districts, so
    // exactly the other 51 provinces have a 'Merkez'.
    const { rows } = await db.query(
      `select count(*)::int as count from public.districts
       where name = 'Merkez'`,
    );
    expect(rows[0].count).toBe(51);
  });

  it("adds nothing when the migration runs again", async () => {
    const file = new URL(
      "../../supabase/migrations/20261201080000_districts_of_all_provinces.sql",
      import.meta.url,
    );
    const sql = await readFile(file, "utf8");
    await db.query("begin");
    try {
      await db.query(sql);
      const { rows } = await db.query(
        "select count(*)::int as count from public.districts",
      );
      expect(rows[0].count).toBe(973);
    } finally {
      await db.query("rollback");
    }
  });
});
