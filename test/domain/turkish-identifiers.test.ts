// VKN, TCKN, IBAN and E.164 checks in the database, against values whose
// check digits this file computes itself.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { normalisePhone } from "../../shared/phone.ts";
import { connect } from "../db.ts";
import {
  changeDigit,
  freshVkn,
  tcknWithCheckDigits,
  turkishIban,
  vknWithCheckDigit,
} from "./turkish-ids.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db.end();
});

async function check(fn: string, value: string | null): Promise<boolean> {
  const { rows } = await db.query(`select private.${fn}($1) as valid`, [value]);

  return rows[0].valid;
}

// Runs an insert in a rolled-back transaction and returns its error message.
async function insertError(
  sql: string,
  values: unknown[],
): Promise<string | undefined> {
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

const STEMS = ["123456789", "987654321", "100000000", "555555555", "402019283"];

describe("VKN", () => {
  it.each(STEMS)("accepts %s with its check digit", async (stem) => {
    expect(await check("is_valid_vkn", vknWithCheckDigit(stem))).toBe(true);
  });

  it.each(STEMS)("rejects %s with a wrong check digit", async (stem) => {
    const wrong = changeDigit(vknWithCheckDigit(stem), 9);
    expect(await check("is_valid_vkn", wrong)).toBe(false);
  });

  it.each(["", "123456789", "12345678901", "12345A7890", null])(
    "rejects malformed %s",
    async (value) => {
      expect(await check("is_valid_vkn", value)).toBe(false);
    },
  );

  it("names the field and value when an insert fails", async () => {
    const invalid = "1234567891";
    expect(vknWithCheckDigit("123456789")).not.toBe(invalid);
    const message = await insertError(
      "insert into public.parties (kind, vkn, name) values ('company', $1, 'X')",
      [invalid],
    );
    expect(message).toBe("invalid VKN in parties.vkn: 1234567891");
  });
});

describe("TCKN", () => {
  it.each(STEMS)("accepts %s with its check digits", async (stem) => {
    expect(await check("is_valid_tckn", tcknWithCheckDigits(stem))).toBe(true);
  });

  it.each(STEMS)("rejects %s with a wrong 10th digit", async (stem) => {
    const wrong = changeDigit(tcknWithCheckDigits(stem), 9);
    expect(await check("is_valid_tckn", wrong)).toBe(false);
  });

  it.each(STEMS)("rejects %s with a wrong 11th digit", async (stem) => {
    const wrong = changeDigit(tcknWithCheckDigits(stem), 10);
    expect(await check("is_valid_tckn", wrong)).toBe(false);
  });

  it("rejects a leading zero even with right check digits", async () => {
    expect(await check("is_valid_tckn", tcknWithCheckDigits("012345678"))).toBe(
      false,
    );
  });

  it("names the field and value when an insert fails", async () => {
    const invalid = changeDigit(tcknWithCheckDigits("123456789"), 10);
    const message = await insertError(
      "insert into public.parties (kind, tckn, name) values ('person', $1, 'X')",
      [invalid],
    );
    expect(message).toBe(`invalid TCKN in parties.tckn: ${invalid}`);
  });
});

describe("IBAN", () => {
  // Bank code (5 digits), reserved 0, account number (16 digits).
  const valid = turkishIban("00061" + "0" + "1234567890123456");
  const other = turkishIban("00010" + "0" + "0000000098765432");

  it("accepts a Turkish IBAN with the right check digits", async () => {
    expect(valid).toHaveLength(26);
    expect(await check("is_valid_iban", valid)).toBe(true);
    expect(await check("is_valid_iban", other)).toBe(true);
  });

  it("rejects a changed account digit", async () => {
    expect(await check("is_valid_iban", changeDigit(valid, 20))).toBe(false);
  });

  it.each([valid.slice(0, 25), `DE${valid.slice(2)}`, `${valid}0`])(
    "rejects malformed %s",
    async (value) => {
      expect(await check("is_valid_iban", value)).toBe(false);
    },
  );

  it("stores a spaced lower-case IBAN compact in capitals", async () => {
    const spaced = valid
      .toLowerCase()
      .replace(/(.{4})/g, "$1 ")
      .trim();
    await db.query("begin");
    try {
      const { rows } = await db.query(
        `insert into public.dealers (level, code, name, legal_name, vkn, iban)
         values ('distributor', 'IBAN-TEST', 'X', 'X', $1, $2) returning iban`,
        [freshVkn(), spaced],
      );
      expect(rows[0].iban).toBe(valid);
    } finally {
      await db.query("rollback");
    }
  });

  it("names the field and value when an insert fails", async () => {
    const invalid = changeDigit(valid, 20);
    const message = await insertError(
      `insert into public.dealers (level, code, name, legal_name, vkn, iban)
       values ('distributor', 'IBAN-BAD', 'X', 'X', $1, $2)`,
      [freshVkn(), invalid],
    );
    expect(message).toBe(`invalid IBAN in dealers.iban: ${invalid}`);
  });
});

describe("E.164 phone numbers", () => {
  it.each(["+905321234567", "+902121234567", "+4915112345678", "+12025550123"])(
    "accepts %s",
    async (value) => {
      expect(await check("is_valid_e164", value)).toBe(true);
    },
  );

  it.each([
    "05321234567",
    "5321234567",
    "+90532123456",
    "+9053212345678",
    "+90 532 123 45 67",
    "+900321234567",
  ])("rejects %s", async (value) => {
    expect(await check("is_valid_e164", value)).toBe(false);
  });

  it("names the field and value when an insert fails", async () => {
    const message = await insertError(
      `insert into public.party_contacts (party_id, full_name, phone)
       select id, 'X', '0532 123 45 67' from public.parties limit 1`,
      [],
    );
    expect(message).toBe(
      "invalid phone number in party_contacts.phone: 0532 123 45 67",
    );
  });
});

// Runs an insert in a rolled-back transaction and returns its error's hint.
async function insertHint(sql: string): Promise<string | undefined> {
  await db.query("begin");
  try {
    await db.query(sql);

    return undefined;
  } catch (error) {
    return (error as { hint?: string }).hint;
  } finally {
    await db.query("rollback");
  }
}

describe("hints of rejected fields", () => {
  it("gives an invalid e-mail address the e-mail hint", async () => {
    const hint = await insertHint(
      `insert into public.party_contacts (party_id, full_name, email)
       select id, 'X', 'ali@firma' from public.parties limit 1`,
    );
    expect(hint).toBe(
      "Write the address as name@domain, e.g. ali@firma.com.tr.",
    );
  });

  it("keeps the check-digit hint for a VKN", async () => {
    const hint = await insertHint(
      `insert into public.parties (kind, name, vkn)
       values ('company', 'X', '${changeDigit(vknWithCheckDigit("123456789"), 9)}')`,
    );
    expect(hint).toBe("Check the digits of the number.");
  });
});

describe("phone numbers normalised by the forms", () => {
  it.each(["0532 111 22 33", "532 111 22 33", "+90 532 111 22 33"])(
    "stores %s in a form the database accepts",
    async (text) => {
      const e164 = normalisePhone(text);
      expect(e164).toBe("+905321112233");
      expect(await check("is_valid_e164", e164)).toBe(true);
    },
  );
});
