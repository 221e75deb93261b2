// The audit trail: triggers record who changed a party or metering point,
// when, and the row before and after; only admins and managers read it.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { type Actor, createFixture, type Fixture } from "./fixture.ts";

const stack = inject("stack");
let superuser: pg.Client;
let api: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  superuser = await connect(stack.DB_URL);
  api = await connect(stack.AUTHENTICATOR_DB_URL);
  fixture = await createFixture(superuser);
});

afterAll(async () => {
  await api.end();
  await superuser.end();
});

async function actAs(actor: Exclude<Actor, "anon">): Promise<void> {
  await api.query("select set_config('request.jwt.claims', $1, true)", [
    JSON.stringify({ sub: fixture.userIds[actor], role: "authenticated" }),
  ]);
  await api.query("set local role authenticated");
}

type AuditRow = {
  actor_user_id: string;
  actor_role: string;
  operation: string;
  old_data: Record<string, unknown> | null;
  new_data: Record<string, unknown> | null;
};

async function eventsFor(table: string, id: string): Promise<AuditRow[]> {
  await actAs("manager");
  const { rows } = await api.query<AuditRow>(
    `select actor_user_id, actor_role, operation, old_data, new_data
     from public.audit_events
     where table_name = $1 and record_id = $2
     order by id`,
    [table, id],
  );

  return rows;
}

describe("audit trail", () => {
  it("records a dealer user's update of a party", async () => {
    await api.query("begin");
    try {
      await actAs("dealer_below");
      await api.query(
        "update public.parties set sector = 'Gıda' where id = $1",
        [fixture.partyIds.k1],
      );
      const events = await eventsFor("parties", fixture.partyIds.k1);
      expect(events.map((event) => event.operation)).toEqual([
        "insert",
        "update",
      ]);
      const update = events[1] as AuditRow;
      expect(update.actor_user_id).toBe(fixture.userIds.dealer_below);
      expect(update.actor_role).toBe("dealer_user");
      expect(update.old_data?.sector).toBeNull();
      expect(update.new_data?.sector).toBe("Gıda");
    } finally {
      await api.query("rollback");
    }
  });

  it("records the deleted metering point as it was", async () => {
    await api.query("begin");
    try {
      await actAs("operations");
      await api.query("delete from public.metering_points where id = $1", [
        fixture.meteringPointId,
      ]);
      const events = await eventsFor(
        "metering_points",
        fixture.meteringPointId,
      );
      const deleted = events.at(-1) as AuditRow;
      expect(deleted.operation).toBe("delete");
      expect(deleted.actor_role).toBe("operations");
      expect(deleted.old_data?.id).toBe(fixture.meteringPointId);
      expect(deleted.old_data?.multiplier).toBe(40);
      expect(deleted.new_data).toBeNull();
    } finally {
      await api.query("rollback");
    }
  });

  it("skips an update that changes nothing", async () => {
    await api.query("begin");
    try {
      await actAs("admin");
      await api.query("update public.parties set name = name where id = $1", [
        fixture.partyIds.k1,
      ]);
      const events = await eventsFor("parties", fixture.partyIds.k1);
      expect(events.map((event) => event.operation)).toEqual(["insert"]);
    } finally {
      await api.query("rollback");
    }
  });

  it("attaches to a new table with one trigger line", async () => {
    await superuser.query("begin");
    try {
      await superuser.query(
        "create table public.audit_probe (id uuid primary key default gen_random_uuid(), note text)",
      );
      await superuser.query(
        `create trigger audit_changes after insert or update or delete
           on public.audit_probe
           for each row execute function private.record_audit_event()`,
      );
      const { rows } = await superuser.query(
        "insert into public.audit_probe (note) values ('x') returning id",
      );
      const events = await superuser.query(
        "select operation, new_data from public.audit_events where table_name = 'audit_probe' and record_id = $1",
        [rows[0].id],
      );
      expect(events.rows).toEqual([
        { operation: "insert", new_data: { id: rows[0].id, note: "x" } },
      ]);
    } finally {
      await superuser.query("rollback");
    }
  });
});
