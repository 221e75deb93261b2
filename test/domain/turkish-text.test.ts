// Turkish search and ordering in the database. parties.search_text folds
// names the way shared/turkish.ts folds queries, so an ilike filter finds
// names whatever the case of İ/I/ı/i. PostgREST sends that filter for
// `search_text=ilike.*…*`. The tr_icu collation orders names alphabetically.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { foldTurkish, turkishSearchPattern } from "../../shared/turkish.ts";
import { connect } from "../db.ts";
import { freshVkn } from "./turkish-ids.ts";

const stack = inject("stack");
let db: pg.Client;
const marker = `tr-${Date.now()}`;

const CUSTOMERS = [
  "İSTANBUL ENERJİ A.Ş.",
  "IŞIK ELEKTRİK",
  "Isparta Tekstil",
  "ılgaz gıda",
];

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  for (const name of CUSTOMERS) {
    await db.query(
      `insert into public.parties (kind, vkn, name, notes)
       values ('company', $1, $2, $3)`,
      [freshVkn(), name, marker],
    );
  }
});

afterAll(async () => {
  await db.query("delete from public.parties where notes = $1", [marker]);
  await db.end();
});

// Turns a PostgREST ilike pattern (* wildcards) into the SQL pattern that
// PostgREST passes to ilike.
function sqlPattern(pattern: string): string {
  return pattern.replace(/\*/g, "%");
}

describe("Turkish search", () => {
  it.each([
    ["istanbul", "İSTANBUL ENERJİ A.Ş."],
    ["İstanbul", "İSTANBUL ENERJİ A.Ş."],
    ["ISTANBUL", "İSTANBUL ENERJİ A.Ş."],
    ["ışık", "IŞIK ELEKTRİK"],
    ["işık", "IŞIK ELEKTRİK"],
    ["IŞIK", "IŞIK ELEKTRİK"],
    ["isparta", "Isparta Tekstil"],
    ["ısparta", "Isparta Tekstil"],
    ["ILGAZ", "ılgaz gıda"],
    ["isik", "IŞIK ELEKTRİK"],
    ["ilgaz gida", "ılgaz gıda"],
  ])("finds %s in search_text", async (query, expected) => {
    const { rows } = await db.query(
      `select name from public.parties
       where notes = $1 and search_text ilike $2`,
      [marker, sqlPattern(turkishSearchPattern(query))],
    );
    expect(rows.map((row) => row.name)).toEqual([expected]);
  });

  it.each(["ISTANBUL", "işık"])(
    "misses %s with a plain ilike on name",
    async (query) => {
      const { rows } = await db.query(
        "select name from public.parties where notes = $1 and name ilike $2",
        [marker, `%${query}%`],
      );
      expect(rows).toEqual([]);
    },
  );

  it.each([
    "İSTANBUL ENERJİ A.Ş.",
    "IŞIK ELEKTRİK",
    "ılgaz gıda",
    "Hâlâ Çağrı ÖZIŞIK",
    "I\u0307STANBUL",
    "ÇĞÖŞÜ çğöşü",
  ])("folds %s the same in SQL and TypeScript", async (text) => {
    const { rows } = await db.query("select private.turkish_fold($1) as f", [
      text,
    ]);
    expect(rows[0].f).toBe(foldTurkish(text));
  });
});

describe("Turkish search of meetings and actions", () => {
  it("finds subjects and titles typed without Turkish letters", async () => {
    await db.query("begin");
    try {
      const owner = await db.query<{ id: string; party_id: string }>(
        `select s.id, p.id as party_id from public.staff s
           cross join lateral (select id from public.parties limit 1) p
          limit 1`,
      );
      const { id, party_id } = owner.rows[0] as {
        id: string;
        party_id: string;
      };
      const meeting = await db.query<{ id: string }>(
        `insert into public.meetings (party_id, starts_at, subject, kind,
           owner_staff_id)
         values ($1, now(), 'Çağrı ÖZIŞIK ile GÖRÜŞME ${marker}', 'visit', $2)
         returning id`,
        [party_id, id],
      );
      await db.query(
        `insert into public.actions (party_id, title, owner_staff_id, due_on)
         values ($1, 'Müşteriyi ara ${marker}', $2, current_date)`,
        [party_id, id],
      );

      const meetings = await db.query(
        "select id from public.meetings where search_text ilike $1",
        [sqlPattern(turkishSearchPattern(`gorusme ${marker}`))],
      );
      expect(meetings.rows).toEqual([{ id: meeting.rows[0]?.id }]);
      const actions = await db.query(
        "select title from public.actions where search_text ilike $1",
        [sqlPattern(turkishSearchPattern(`MUSTERIYI ARA ${marker}`))],
      );
      expect(actions.rows).toEqual([{ title: `Müşteriyi ara ${marker}` }]);
    } finally {
      await db.query("rollback");
    }
  });
});

describe("Turkish ordering", () => {
  // Turkish alphabet: a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z
  const ORDERED = [
    "Cem",
    "Çelik",
    "Gül",
    "Güneş",
    "Ğ Harfi",
    "Irmak",
    "Işık",
    "İnce",
    "Oruç",
    "Öz",
    "Sarı",
    "Şahin",
    "Uçar",
    "Ünal",
  ];

  it("orders a parties list by the name column's collation", async () => {
    const shuffled = [...ORDERED].reverse();
    await db.query("begin");
    try {
      for (const name of shuffled) {
        await db.query(
          `insert into public.parties (kind, vkn, name, notes)
           values ('company', $1, $2, $3)`,
          [freshVkn(), name, `${marker}-order`],
        );
      }
      const { rows } = await db.query(
        "select name from public.parties where notes = $1 order by name",
        [`${marker}-order`],
      );
      expect(rows.map((row) => row.name)).toEqual(ORDERED);
    } finally {
      await db.query("rollback");
    }
  });

  it("orders capitals and small letters together", async () => {
    const { rows } = await db.query(
      `select name from unnest($1::text[]) as name
       order by name collate public.tr_icu`,
      [["ışık", "IŞIK", "İnce", "ince", "ılgaz", "Isparta"]],
    );
    expect(rows.map((row) => row.name)).toEqual([
      "ılgaz",
      "Isparta",
      "ışık",
      "IŞIK",
      "ince",
      "İnce",
    ]);
  });
});

describe("Turkish case in SQL", () => {
  it.each([
    ["IŞIK ILGAZ", "Işık Ilgaz"],
    ["İLKNUR İNCE", "İlknur İnce"],
    ["DİLEK IRMAK", "Dilek Irmak"],
    ["ÇAĞRI ÖZIŞIK", "Çağrı Özışık"],
  ])("title-cases %s as %s", async (input, expected) => {
    const { rows } = await db.query(
      "select public.turkish_title_case($1) as t",
      [input],
    );
    expect(rows[0].t).toBe(expected);
  });

  it("upper-cases ilker ışık as İLKER IŞIK", async () => {
    const { rows } = await db.query("select public.turkish_upper($1) as u", [
      "ilker ışık",
    ]);
    expect(rows[0].u).toBe("İLKER IŞIK");
  });
});
