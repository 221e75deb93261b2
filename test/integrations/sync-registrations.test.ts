// sync-registrations against the EPİAŞ registration simulator and the mail
// catcher. A contract's metering points are submitted, and the simulator
// approves two and rejects one with a reason. The rejected one is requested
// again and approved on the next run. Entering the portfolio makes the
// party a customer and sends the welcome e-mail. A repeated run changes
// nothing, and a malformed answer stores nothing and fails the run.
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeMeteringPointEic } from "../../shared/eic.ts";
import { describeMeteringPoint } from "../../stack/src/simulators/metering-points.ts";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import { freshVkn } from "../domain/turkish-ids.ts";
import {
  clearEpiasFaults,
  type IntegrationRuntime,
  setEpiasFault,
  startIntegrationRuntime,
} from "./harness.ts";

const stack = inject("stack");
const USER = "test-sync-registrations";
const REJECTION =
  "OTHER_SUPPLIER_CONTRACT: The metering point is under another supplier's contract for the month.";

let runtime: IntegrationRuntime;
let fixture: Fixture;
let email: string;
let partyName: string;
let partyId: string;
const codes: string[] = [];
const pointIds: string[] = [];

async function controlRegistration(
  method: "PUT" | "DELETE",
  body: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(
    `${stack.EPIAS_SIMULATOR_URL}/_control/registration`,
    {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    },
  );
  if (!response.ok) {
    throw new Error(`registration control failed: ${await response.text()}`);
  }
}

// A valid code of the simulator's demo meters that registration approves
// under the default rules (last body digit 1–7).
function approvableCode(): string {
  for (;;) {
    const serial = randomInt(100_000_000, 999_999_999) * 10 + randomInt(1, 8);
    try {
      return makeMeteringPointEic(serial);
    } catch {
      // The serial gives the check character "-": draw another.
    }
  }
}

// Inserts a metering point of the test's lead with the simulator's master data
// (a different meter serial when `serial` is given) and requests its
// registration under the fixture's contract.
async function addRequestedPoint(serial?: string): Promise<string> {
  const code = approvableCode();
  const master = describeMeteringPoint(code);
  const { rows } = await runtime.db.query<{ id: string }>(
    `insert into public.metering_points (code, party_id, installation_number,
       meter_serial, distribution_region_code, subscriber_group_code,
       voltage_level_code, tariff_type, connection_power_kw, multiplier,
       reading_method)
     select $1, $2, $3, $4, d.code, $5, $6, 'three_time', 100, $7, 'osos'
     from public.distribution_regions d where d.epias_distribution_id = $8
     returning id::text`,
    [
      code,
      partyId,
      master.installationNumber,
      serial ?? master.meterSerial,
      master.subscriberGroup,
      master.voltageLevel,
      master.multiplier,
      master.distributionId,
    ],
  );
  const id = rows[0]?.id as string;
  await runtime.db.query(
    `insert into public.registration_requests (metering_point_id, contract_id,
       registration_batch_id)
     values ($1, $2, (private.registration_batch_for(
       (now() at time zone 'Europe/Istanbul')::date)).id)`,
    [id, fixture.contractId],
  );
  codes.push(code);
  pointIds.push(id);

  return code;
}

async function sync(body: Record<string, unknown>) {
  const response = await runtime.call("sync-registrations", body);

  return { status: response.status, body: await response.json() };
}

type RequestRow = {
  code: string;
  state: string;
  effective_on: string | null;
  rejection_reason: string | null;
  period_month: string;
};

async function requestRows(): Promise<RequestRow[]> {
  const { rows } = await runtime.db.query<RequestRow>(
    `select m.code, r.state, r.effective_on::text, r.rejection_reason,
       b.period_month::text
     from public.registration_requests r
     join public.metering_points m on m.id = r.metering_point_id
     join public.registration_batches b on b.id = r.registration_batch_id
     order by m.code, r.created_at`,
  );

  return rows;
}

async function discrepancyRows() {
  const { rows } = await runtime.db.query(
    `select metering_point_code, field, our_value, market_value,
       detected_at, resolved_at
     from public.registration_discrepancies order by metering_point_code, field`,
  );

  return rows;
}

async function mailsTo(address: string): Promise<any[]> {
  const list = await (
    await fetch(`${stack.MAILPIT_URL}/api/v1/messages?limit=1000`)
  ).json();

  return list.messages.filter((message: any) =>
    message.To.some((to: any) => to.Address === address),
  );
}

async function firstMailTo(address: string): Promise<any> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const [summary] = await mailsTo(address);
    if (summary) {
      return (
        await fetch(`${stack.MAILPIT_URL}/api/v1/message/${summary.ID}`)
      ).json();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  throw new Error(`No mail reached ${address}`);
}

beforeAll(async () => {
  runtime = await startIntegrationRuntime(stack, {
    simulatorUser: USER,
    env: {
      EPIAS_REGISTRATION_URL: stack.EPIAS_REGISTRATION_URL ?? "",
      SMTP_HOST: stack.SMTP_HOST,
      SMTP_PORT: String(stack.SMTP_PORT),
      INTEGRATION_RETRY_ATTEMPTS: "2",
    },
  });
  await clearEpiasFaults(stack, USER);
  await controlRegistration("DELETE", { scope: USER });
  fixture = await createFixture(runtime.db);
  // Only this file's requests: the fixture's own request lies in 2099.
  await runtime.db.query("delete from public.registration_requests");
  email = `karsilama.${fixture.suffix}@registrations.test`;
  partyName = `Kayıt Deneme ${fixture.suffix} A.Ş.`;
  const party = await runtime.db.query<{ id: string }>(
    `insert into public.parties (kind, vkn, name, email)
     values ('company', $1, $2, $3) returning id::text`,
    [freshVkn(), partyName, email],
  );
  partyId = party.rows[0]?.id as string;
  await runtime.db.query(
    "update public.contracts set party_id = $2 where id = $1",
    [fixture.contractId, partyId],
  );
});

afterAll(async () => {
  await clearEpiasFaults(stack, USER);
  await controlRegistration("DELETE", { scope: USER }).catch(() => undefined);
  await runtime?.stop();
});

describe("sync-registrations", () => {
  let firstMonth: string;

  it("submits a batch and records results", async () => {
    await addRequestedPoint();
    await addRequestedPoint("WRONG-SERIAL");
    const rejected = await addRequestedPoint();
    await controlRegistration("PUT", {
      scope: USER,
      rules: { rejectList: { [rejected]: "OTHER_SUPPLIER_CONTRACT" } },
    });

    const { status, body } = await sync({});

    expect(status).toBe(200);
    expect(body.counts.batches_submitted).toBe(1);
    expect(body.counts.requests_submitted).toBe(3);
    expect(body.counts.requests_approved).toBe(2);
    expect(body.counts.requests_rejected).toBe(1);
    const rows = await requestRows();
    firstMonth = rows[0]?.period_month as string;
    const byCode = new Map(rows.map((row) => [row.code, row]));
    for (const code of codes.slice(0, 2)) {
      expect(byCode.get(code)?.state).toBe("approved");
      expect(byCode.get(code)?.effective_on).toBe(firstMonth);
    }
    expect(byCode.get(rejected)?.state).toBe("rejected");
    expect(byCode.get(rejected)?.rejection_reason).toBe(REJECTION);
    const batch = await runtime.db.query(
      `select state, external_reference from public.registration_batches
       where period_month = $1`,
      [firstMonth],
    );
    expect(batch.rows[0]?.state).toBe("submitted");
    expect(batch.rows[0]?.external_reference).toMatch(/^RB-\d{6}$/);
  });

  it("flags master data that differs", async () => {
    const all = await discrepancyRows();
    const flags = all.filter((row) => row.resolved_at === null);
    // The fixture's own flag is absent from this run's findings, so the
    // run resolved it.
    const fixtureFlag = all.find(
      (row) =>
        row.field === "meter_serial" && row.market_value === "MARKET-SERIAL",
    );

    expect(fixtureFlag?.resolved_at).toBeInstanceOf(Date);
    expect(flags).toHaveLength(1);
    expect(flags[0]?.metering_point_code).toBe(codes[1]);
    expect(flags[0]?.field).toBe("meter_serial");
    expect(flags[0]?.our_value).toBe("WRONG-SERIAL");
    expect(flags[0]?.market_value).toBe(
      describeMeteringPoint(codes[1] as string).meterSerial,
    );
    expect(flags[0]?.resolved_at).toBeNull();
  });

  it("approves a corrected rejection next run", async () => {
    const rejected = codes[2] as string;
    const { rows } = await runtime.db.query<{ id: string }>(
      `select r.id::text from public.registration_requests r
       join public.metering_points m on m.id = r.metering_point_id
       where m.code = $1 and r.state = 'rejected'`,
      [rejected],
    );
    await runtime.db.query("begin");
    await runtime.db.query(
      `select set_config('request.jwt.claims', '{"role": "service_role"}', true)`,
    );
    await runtime.db.query("select public.request_registration_again($1)", [
      rows[0]?.id,
    ]);
    await runtime.db.query("commit");
    await controlRegistration("PUT", {
      scope: USER,
      rules: { rejectList: {} },
    });

    const { status, body } = await sync({ on: firstMonth });

    expect(status).toBe(200);
    expect(body.counts.requests_submitted).toBe(1);
    expect(body.counts.requests_approved).toBe(1);
    const again = (await requestRows()).filter(
      (row) => row.code === rejected && row.state !== "rejected",
    );
    expect(again).toHaveLength(1);
    expect(again[0]?.state).toBe("approved");
    expect((again[0]?.period_month ?? "") > firstMonth).toBe(true);
    expect(again[0]?.effective_on).toBe(again[0]?.period_month);
  });

  it("enters the portfolio and welcomes", async () => {
    // The second run above was on the first month's start, so the two
    // points approved for it entered the portfolio.
    const states = await runtime.db.query<{ status: string }>(
      `select status from public.metering_points where id = any($1::uuid[])
       order by code`,
      [pointIds.slice(0, 2)],
    );
    expect(states.rows.map((row) => row.status)).toEqual(["active", "active"]);
    const party = await runtime.db.query<{ lifecycle: string }>(
      "select lifecycle from public.parties where id = $1",
      [partyId],
    );
    expect(party.rows[0]?.lifecycle).toBe("customer");

    const mail = await firstMailTo(email);

    expect(mail.Subject).toBe("Hoş geldiniz: portföyümüze katıldınız");
    expect(mail.From.Address).toBe("bildirim@matrix.test");
    expect(mail.From.Name).toBe("Matrix Enerji");
    expect(mail.To[0].Name).toBe(partyName);
    expect(mail.Text).toContain(`Sayın ${partyName},`);
    expect(mail.Text).toContain("piyasa kaydı tamamlandı");
  });

  it("changes nothing on a second run", async () => {
    const requestsBefore = await requestRows();
    const flagsBefore = await discrepancyRows();

    const { status, body } = await sync({ on: firstMonth });

    expect(status).toBe(200);
    expect(body.counts.batches_submitted ?? 0).toBe(0);
    expect(body.counts.requests_approved ?? 0).toBe(0);
    expect(body.counts.discrepancies_flagged).toBe(0);
    expect(body.counts.discrepancies_resolved).toBe(0);
    expect(body.counts.metering_points_entered).toBe(0);
    expect(body.counts.welcome_emails_sent ?? 0).toBe(0);
    expect(await requestRows()).toEqual(requestsBefore);
    expect(await discrepancyRows()).toEqual(flagsBefore);
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it("stores nothing of a malformed answer", async () => {
    const code = await addRequestedPoint();
    const before = await requestRows();
    await setEpiasFault(stack, {
      service: "registration",
      scope: USER,
      malformed: "wrong_types",
    });

    const { status, body } = await sync({});

    expect(status).toBe(502);
    expect(body.status).toBe("failed");
    expect(body.error).toMatch(/malformed/);
    expect(await requestRows()).toEqual(before);
    const run = await runtime.db.query(
      "select status, error from public.job_runs where job_run_id = $1",
      [body.job_run_id],
    );
    expect(run.rows[0]?.status).toBe("failed");
    expect(run.rows[0]?.error).toBe(body.error);

    await clearEpiasFaults(stack, USER);
    const retried = await sync({});

    expect(retried.status).toBe(200);
    const row = (await requestRows()).find((item) => item.code === code);
    expect(row?.state).toBe("approved");
  });

  it("rejects callers without a staff role", async () => {
    const response = await fetch(`${runtime.functionsUrl}/sync-registrations`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stack.ANON_KEY}`,
        "content-type": "application/json",
      },
      body: "{}",
    });

    expect(response.status).toBe(403);
  });
});
