// Metering point codes (EIC): private.is_valid_eic against codes whose check
// characters eic-codes.ts computes on its own, the check constraint through
// SQL and REST, the seeded codes, and agreement of shared/eic.ts with SQL.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";
import { isValidEic } from "../../shared/eic.ts";
import { translateError } from "../../shared/postgrest-errors.ts";
import { connect } from "../db.ts";
import { eicWithCheckCharacter, uniqueMeteringPointCode } from "./eic-codes.ts";

const stack = inject("stack");
let db: pg.Client;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db.end();
});

// Returns private.is_valid_eic of each code, in order.
async function validInSql(codes: readonly (string | null)[]) {
  const { rows } = await db.query<{ valid: boolean }>(
    `select private.is_valid_eic(c.code) as valid
     from unnest($1::text[]) with ordinality as c (code, n)
     order by c.n`,
    [codes],
  );

  return rows.map((row) => row.valid);
}

// Bodies of 15 characters: Turkish metering points, ENTSO-E areas and
// bodies that use every character of the alphabet.
function sampleBodies(): string[] {
  const bodies = [
    "40Z999999999999",
    "40Z000000000001",
    "40Z001021000011",
    "10YDE-VE-------",
    "10YTR-TEIAS----",
    "40XEPIAS-------",
  ];
  for (let i = 0; i < 40; i++) {
    const middle = Array.from(
      { length: 12 },
      (_, j) => ALPHABET[(i * 7 + j * 11) % 37],
    ).join("");
    bodies.push(
      `${String(10 + i).slice(-2)}${ALPHABET[10 + (i % 26)]}${middle}`,
    );
  }

  return bodies;
}

describe("private.is_valid_eic", () => {
  it.each([
    // Control areas from ENTSO-E's published EIC list
    "10YDE-VE-------2",
    "10YTR-TEIAS----W",
    "10YFR-RTE------C",
    "10YNL----------L",
    // 4·16 + 35·14 + 9·(13 + … + 2) = 1364; 36 − (1363 mod 37) = 5
    "40Z9999999999995",
    eicWithCheckCharacter("40Z001021000011"),
  ])("accepts %s", async (code) => {
    expect(await validInSql([code])).toEqual([true]);
  });

  it("rejects every wrong check character", async () => {
    const body = "40Z999999999999";
    const wrong = [...ALPHABET]
      .map((character) => body + character)
      .filter((code) => code !== "40Z9999999999995");
    expect(wrong).toHaveLength(36);
    expect(await validInSql(wrong)).toEqual(wrong.map(() => false));
  });

  it("rejects a code whose check character is '-'", async () => {
    // 4·16 + 35·14 + 1·2 = 556, and 556 + 36 = 592 = 16·37.
    expect(eicWithCheckCharacter("40Z000000000001")).toBe("40Z000000000001-");
    expect(await validInSql(["40Z000000000001-"])).toEqual([false]);
  });

  it.each([
    ["an empty code", ""],
    ["15 characters", "40Z999999999999"],
    ["17 characters", "40Z99999999999995"],
    ["lower case", "40z9999999999995"],
    ["a letter as issuing office", "A0Z9999999999995"],
    ["a digit as object type", "4099999999999995"],
    ["a space", "40Z99999 9999995"],
    ["null", null],
  ])("rejects %s", async (_, code) => {
    expect(await validInSql([code])).toEqual([false]);
  });
});

describe("shared/eic.ts", () => {
  it("agrees with private.is_valid_eic", async () => {
    const codes = sampleBodies().flatMap((body) =>
      [...ALPHABET].map((character) => body + character),
    );
    codes.push("", "40Z", "40z9999999999995", "4099999999999995");
    const expected = codes.map(
      (code) =>
        code.length === 16 &&
        /^[0-9]{2}[A-Z]/.test(code) &&
        !code.endsWith("-") &&
        eicWithCheckCharacter(code.slice(0, 15)) === code,
    );

    expect(codes.map(isValidEic)).toEqual(expected);
    expect(await validInSql(codes)).toEqual(expected);
    expect(expected.filter(Boolean).length).toBeGreaterThan(40);
  });
});

describe("metering_points.code", () => {
  // Runs `sql` in a rolled-back transaction and returns its error message.
  async function errorOf(sql: string, values: unknown[]) {
    await db.query("begin");
    try {
      await db.query(sql, values);

      return undefined;
    } catch (error) {
      return (error as Error).message;
    } finally {
      await db.query("rollback");
    }
  }

  it("rejects a code changed to an invalid one", async () => {
    const message = await errorOf(
      `update public.metering_points set code = $1
       where id = (select id from public.metering_points limit 1)`,
      ["40Z999999999999A"],
    );
    expect(message).toBe(
      'new row for relation "metering_points" violates check constraint "metering_points_code_eic_check"',
    );
  });

  it("checks new rows but not the rows already stored", async () => {
    const { rows } = await db.query(
      `select convalidated, pg_get_constraintdef(oid) as definition
       from pg_constraint
       where conrelid = 'public.metering_points'::regclass
         and conname = 'metering_points_code_eic_check'`,
    );
    expect(rows).toEqual([
      {
        convalidated: false,
        definition: "CHECK (private.is_valid_eic(code)) NOT VALID",
      },
    ]);
  });

  it("has a valid code at every seeded metering point", async () => {
    const { rows } = await db.query<{ code: string }>(
      "select code from public.metering_points",
    );
    const invalid = rows
      .map((row) => row.code)
      .filter(
        (code) =>
          code.endsWith("-") ||
          eicWithCheckCharacter(code.slice(0, 15)) !== code,
      );
    expect(rows.length).toBeGreaterThanOrEqual(5000);
    expect(invalid).toEqual([]);
    const inSql = await db.query(
      `select count(*)::int as n from public.metering_points
       where not private.is_valid_eic(code)`,
    );
    expect(inSql.rows[0].n).toBe(0);
  });
});

describe("POST /rest/v1/metering_points", () => {
  async function adminToken(): Promise<string> {
    const response = await fetch(
      `${stack.API_URL}/auth/v1/token?grant_type=password`,
      {
        method: "POST",
        headers: {
          apikey: stack.ANON_KEY,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          email: "admin@demo.enerji.test",
          password: DEMO_PASSWORD,
        }),
      },
    );
    expect(response.status).toBe(200);

    return ((await response.json()) as { access_token: string }).access_token;
  }

  async function insertPoint(token: string, code: string) {
    const installationNumber = String(
      700_000_000 + Math.floor(Math.random() * 99_999_999),
    );

    return fetch(`${stack.REST_URL}/metering_points`, {
      method: "POST",
      headers: {
        apikey: stack.ANON_KEY,
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        prefer: "return=representation",
      },
      body: JSON.stringify({
        code,
        installation_number: installationNumber,
        meter_serial: "EIC-TEST",
        distribution_region_code: "ayedas",
        subscriber_group_code: "ticarethane",
        voltage_level_code: "AG",
        tariff_type: "single_time",
        connection_power_kw: 30,
        reading_method: "manual",
      }),
    });
  }

  it("rejects an admin's code with a wrong check character", async () => {
    const response = await insertPoint(await adminToken(), "40Z999999999999A");
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.code).toBe("23514");
    expect(body.message).toBe(
      'new row for relation "metering_points" violates check constraint "metering_points_code_eic_check"',
    );
    const turkish = translateError(body, "tr");
    expect(turkish.code).toBe("metering_point_code_invalid");
    expect(turkish.message).toMatch(/^Sayaç kodu \(EIC\) geçersiz\. /);
    expect(translateError(body, "en").message).toMatch(
      /^The metering point code \(EIC\) is invalid\. /,
    );
  });

  it("stores an admin's code with the right check character", async () => {
    const code = uniqueMeteringPointCode(
      250_000_000_000 + Math.floor(Math.random() * 1e9),
    );
    const response = await insertPoint(await adminToken(), code);
    try {
      expect(response.status).toBe(201);
    } finally {
      await db.query("delete from public.metering_points where code = $1", [
        code,
      ]);
    }
  });
});
