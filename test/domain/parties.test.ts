// Party rules in the database: the customer code derived from the tax
// identity, the lifecycle, and the dealer hierarchy that decides which
// dealer users see a party.
import { createHash } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { createFixture, type Fixture } from "./fixture.ts";
import { freshVkn, tcknWithCheckDigits } from "./turkish-ids.ts";

const stack = inject("stack");
let db: pg.Client;
let api: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  api = await connect(stack.AUTHENTICATOR_DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await api.end();
  await db.end();
});

async function inTransaction<T>(work: () => Promise<T>): Promise<T> {
  await db.query("begin");
  try {
    return await work();
  } finally {
    await db.query("rollback");
  }
}

async function errorOf(sql: string, values: unknown[]): Promise<string> {
  await db.query("savepoint attempt");
  try {
    await db.query(sql, values);

    return "";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await db.query("rollback to savepoint attempt");
  }
}

describe("customer code", () => {
  it("derives the code from the kind and tax number", async () => {
    const vkn = freshVkn();
    const expected = `C${createHash("md5")
      .update(`company:${vkn}`)
      .digest("hex")
      .slice(0, 10)
      .toUpperCase()}`;
    await inTransaction(async () => {
      const { rows } = await db.query(
        `insert into public.parties (kind, vkn, name) values ('company', $1, 'Kod A.Ş.')
         returning customer_code`,
        [vkn],
      );
      expect(rows[0].customer_code).toBe(expected);
    });
  });

  it("rejects a second party with the same tax number", async () => {
    const tckn = tcknWithCheckDigits("376512349");
    await inTransaction(async () => {
      await db.query(
        "insert into public.parties (kind, tckn, name) values ('person', $1, 'Ayşe Kaya')",
        [tckn],
      );
      const message = await errorOf(
        "insert into public.parties (kind, tckn, name) values ('person', $1, 'AYŞE KAYA')",
        [tckn],
      );
      expect(message).toMatch(/parties_customer_code_key/);
    });
  });

  it("requires a VKN for a company and a TCKN for a person", async () => {
    await inTransaction(async () => {
      const message = await errorOf(
        "insert into public.parties (kind, tckn, name) values ('company', $1, 'X')",
        [tcknWithCheckDigits("376512349")],
      );
      expect(message).toMatch(/parties_tax_identity_check/);
    });
  });
});

describe("party lifecycle", () => {
  const insertLead = async () => {
    const { rows } = await db.query(
      "insert into public.parties (kind, vkn, name) values ('company', $1, 'Yaşam A.Ş.') returning id",
      [freshVkn()],
    );

    return rows[0].id as string;
  };
  const move = (id: string, lifecycle: string) =>
    db.query(
      `update public.parties set lifecycle = $2 where id = $1
       returning lifecycle, became_customer_at is not null as became,
         left_at is not null as left_`,
      [id, lifecycle],
    );

  it("goes from lead to customer to former customer and back", async () => {
    await inTransaction(async () => {
      const id = await insertLead();
      expect((await move(id, "customer")).rows[0]).toEqual({
        lifecycle: "customer",
        became: true,
        left_: false,
      });
      expect((await move(id, "former_customer")).rows[0]).toEqual({
        lifecycle: "former_customer",
        became: true,
        left_: true,
      });
      expect((await move(id, "customer")).rows[0]).toEqual({
        lifecycle: "customer",
        became: true,
        left_: false,
      });
    });
  });

  it.each([
    ["lead", "former_customer"],
    ["customer", "lead"],
  ])("rejects %s to %s", async (from, to) => {
    await inTransaction(async () => {
      const id = await insertLead();
      if (from === "customer") {
        await move(id, "customer");
      }
      const message = await errorOf(
        "update public.parties set lifecycle = $2 where id = $1",
        [id, to],
      );
      expect(message).toBe(
        `invalid lifecycle change in parties.lifecycle: ${from} to ${to}`,
      );
    });
  });
});

describe("dealer hierarchy", () => {
  async function partiesSeenBy(userId: string): Promise<string[]> {
    await api.query("begin");
    try {
      await api.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: userId, role: "authenticated" }),
      ]);
      await api.query("set local role authenticated");
      const { rows } = await api.query(
        "select id from public.parties where id = any($1::uuid[]) order by id",
        [[fixture.partyIds.k1, fixture.partyIds.k2]],
      );

      return rows.map((row) => row.id);
    } finally {
      await api.query("rollback");
    }
  }

  it("shows a sub-dealer's party to the dealers above it only", async () => {
    expect(await partiesSeenBy(fixture.userIds.dealer_above)).toEqual([
      fixture.partyIds.k1,
    ]);
    expect(await partiesSeenBy(fixture.userIds.dealer_unrelated)).toEqual([
      fixture.partyIds.k2,
    ]);
  });

  it("follows a sub-dealer moved to another main dealer", async () => {
    try {
      await db.query(
        "update public.dealers set parent_dealer_id = $2 where id = $1",
        [fixture.dealerIds.b, fixture.dealerIds.c],
      );
      expect(await partiesSeenBy(fixture.userIds.dealer_above)).toEqual([]);
      expect(
        (await partiesSeenBy(fixture.userIds.dealer_unrelated)).sort(),
      ).toEqual([fixture.partyIds.k1, fixture.partyIds.k2].sort());
    } finally {
      await db.query(
        "update public.dealers set parent_dealer_id = $2 where id = $1",
        [fixture.dealerIds.b, fixture.dealerIds.a],
      );
    }
    expect(await partiesSeenBy(fixture.userIds.dealer_above)).toEqual([
      fixture.partyIds.k1,
    ]);
  });

  it("rejects a sub-dealer directly under a distributor", async () => {
    await inTransaction(async () => {
      const message = await errorOf(
        "update public.dealers set parent_dealer_id = $2 where id = $1",
        [fixture.dealerIds.b, fixture.dealerIds.d0],
      );
      expect(message).toBe(
        "invalid parent in dealers.parent_dealer_id: a sub_dealer cannot be under a distributor",
      );
    });
  });

  it("keeps the closure equal to the parent links", async () => {
    const { rows } = await db.query(
      `with recursive tree as (
         select id as ancestor, id as descendant, 0 as depth from public.dealers
         union all
         select tree.ancestor, child.id, tree.depth + 1
         from tree join public.dealers child on child.parent_dealer_id = tree.descendant
       )
       select
         (select count(*) from tree)::int as expected,
         (select count(*) from private.dealer_closure)::int as stored,
         (select count(*) from tree t join private.dealer_closure c
            on c.ancestor_dealer_id = t.ancestor
           and c.descendant_dealer_id = t.descendant
           and c.depth = t.depth)::int as matching`,
    );
    expect(rows[0].stored).toBe(rows[0].expected);
    expect(rows[0].matching).toBe(rows[0].expected);
  });
});

describe("staff logins", () => {
  it("mirrors app_users in staff.user_id", async () => {
    const userOf = async () => {
      const { rows } = await db.query(
        "select user_id from public.staff where id = $1",
        [fixture.staffIds.finance],
      );

      return rows[0].user_id;
    };
    expect(await userOf()).toBe(fixture.userIds.finance);
    await inTransaction(async () => {
      await db.query("delete from public.app_users where user_id = $1", [
        fixture.userIds.finance,
      ]);
      expect(await userOf()).toBeNull();
    });
  });
});

describe("inactive accounts", () => {
  async function roleOf(userId: string): Promise<string | null> {
    const { rows } = await db.query("select private.account_role($1) as role", [
      userId,
    ]);

    return rows[0].role;
  }

  it("drops the role of a suspended dealer's users", async () => {
    await inTransaction(async () => {
      expect(await roleOf(fixture.userIds.dealer_below)).toBe("dealer_user");
      await db.query(
        "update public.dealers set status = 'suspended' where id = $1",
        [fixture.dealerIds.b],
      );
      expect(await roleOf(fixture.userIds.dealer_below)).toBeNull();
      expect(await roleOf(fixture.userIds.dealer_above)).toBe("dealer_user");
    });
  });

  it("drops the role of an inactive staff member", async () => {
    await inTransaction(async () => {
      await db.query(
        "update public.staff set is_active = false where id = $1",
        [fixture.staffIds.manager],
      );
      expect(await roleOf(fixture.userIds.manager)).toBeNull();
    });
  });

  it("drops the role of a disabled account", async () => {
    await inTransaction(async () => {
      await db.query(
        "update public.app_users set is_active = false where user_id = $1",
        [fixture.userIds.customer_own],
      );
      expect(await roleOf(fixture.userIds.customer_own)).toBeNull();
    });
  });
});
