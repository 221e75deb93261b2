// Turkish search and sorting of parties through the REST API, the way the
// apps query it: an ilike filter on search_text built by
// turkishSearchPattern(), sent as a raw query string and with supabase-js,
// and order=name.asc under the Turkish collation.
import type { SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { turkishSearchPattern } from "../../shared/turkish.ts";
import { clientFor } from "../../stack/test/rest/helpers.ts";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "./fixture.ts";
import { freshVkn } from "./turkish-ids.ts";

const stack = inject("stack");

const SEARCHED_NAMES = [
  "İSTANBUL ENERJİ A.Ş.",
  "IŞIK ELEKTRİK",
  "Isparta Tekstil",
  "ılgaz gıda",
] as const;

const SEARCHES: Array<{
  query: string;
  name: (typeof SEARCHED_NAMES)[number];
}> = [
  { query: "istanbul", name: "İSTANBUL ENERJİ A.Ş." },
  { query: "İstanbul", name: "İSTANBUL ENERJİ A.Ş." },
  { query: "ISTANBUL", name: "İSTANBUL ENERJİ A.Ş." },
  { query: "ışık", name: "IŞIK ELEKTRİK" },
  { query: "işık", name: "IŞIK ELEKTRİK" },
  { query: "IŞIK", name: "IŞIK ELEKTRİK" },
  { query: "isparta", name: "Isparta Tekstil" },
  { query: "ısparta", name: "Isparta Tekstil" },
  { query: "ILGAZ", name: "ılgaz gıda" },
  { query: "isik elektrik", name: "IŞIK ELEKTRİK" },
  { query: "ilgaz gida", name: "ılgaz gıda" },
];

// Names in Turkish alphabetical order, written out by hand: Ç after C,
// Ğ after G, I (dotless) before İ, Ö after O, Ş after S and Ü after U.
const SORTED_NAMES = [
  "Cavit Enerji",
  "Çavit Enerji",
  "Davit Enerji",
  "Gavit Enerji",
  "Ğavit Enerji",
  "Havit Enerji",
  "Iavit Enerji",
  "İavit Enerji",
  "Javit Enerji",
  "Oavit Enerji",
  "Öavit Enerji",
  "Pavit Enerji",
  "Savit Enerji",
  "Şavit Enerji",
  "Tavit Enerji",
  "Uavit Enerji",
  "Üavit Enerji",
  "Vavit Enerji",
];

let superuser: pg.Client;
let fixture: Fixture;
let token: string;
let client: SupabaseClient<any, any, any>;
const searchedIds = new Map<string, string>();
const sortedIds: string[] = [];

async function insertParty(name: string): Promise<string> {
  const { rows } = await superuser.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, owner_dealer_id)
     values ('company', $1, $2, $3) returning id`,
    [freshVkn(), name, fixture.dealerIds.b],
  );

  return (rows[0] as { id: string }).id;
}

beforeAll(async () => {
  superuser = await connect(stack.DB_URL);
  fixture = await createFixture(superuser);
  for (const name of SEARCHED_NAMES) {
    searchedIds.set(name, await insertParty(name));
  }
  // Inserted in reverse, so that insertion order cannot pass for sorting.
  for (const name of [...SORTED_NAMES].reverse()) {
    sortedIds.push(await insertParty(name));
  }
  token = await new SignJWT({
    sub: fixture.userIds.manager,
    role: "authenticated",
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience("authenticated")
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(stack.JWT_SECRET));
  client = clientFor(stack.API_URL, stack.ANON_KEY, token);
});

afterAll(async () => {
  await superuser?.end();
});

async function restGet(query: string): Promise<Array<{ name: string }>> {
  const response = await fetch(`${stack.REST_URL}/parties?${query}`, {
    headers: { apikey: stack.ANON_KEY, authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);

  return (await response.json()) as Array<{ name: string }>;
}

const idList = (ids: Iterable<string>) => `in.(${[...ids].join(",")})`;

describe("Turkish party search over REST", () => {
  it.each(SEARCHES)(
    "finds $name for $query in a query string",
    async ({ query, name }) => {
      const rows = await restGet(
        `select=name&id=${idList(searchedIds.values())}` +
          `&search_text=ilike.${encodeURIComponent(turkishSearchPattern(query))}`,
      );
      expect(rows.map((row) => row.name)).toEqual([name]);
    },
  );

  it.each(SEARCHES)(
    "finds $name for $query with supabase-js",
    async ({ query, name }) => {
      const { data, error } = await client
        .from("parties")
        .select("name")
        .in("id", [...searchedIds.values()])
        .ilike("search_text", turkishSearchPattern(query));
      expect(error).toBeNull();
      expect(data?.map((row) => row.name)).toEqual([name]);
    },
  );

  it("sorts names in Turkish alphabetical order", async () => {
    const rows = await restGet(
      `select=name&id=${idList(sortedIds)}&order=name.asc`,
    );
    expect(rows.map((row) => row.name)).toEqual(SORTED_NAMES);
  });

  it("sorts names in reverse Turkish order", async () => {
    const { data, error } = await client
      .from("parties")
      .select("name")
      .in("id", sortedIds)
      .order("name", { ascending: false });
    expect(error).toBeNull();
    expect(data?.map((row) => row.name)).toEqual([...SORTED_NAMES].reverse());
  });
});
