// Helpers for the sales chain tests: supabase-js clients signed in as the
// fixture's actors, fresh leads with metering points and a customer login,
// and the offer inputs the tests share.
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import type { StackStatus } from "../../stack/src/stack.ts";
import { clientFor, signUser } from "../../stack/test/rest/helpers.ts";
import { uniqueMeteringPointCode } from "../domain/eic-codes.ts";
import type { Actor, Fixture } from "../domain/fixture.ts";
import { freshVkn } from "../domain/turkish-ids.ts";

export type Client = SupabaseClient<any, any, any>;

export async function clientAs(
  stack: StackStatus,
  userId: string,
): Promise<Client> {
  const user = await signUser(
    stack.JWT_SECRET,
    userId as ReturnType<typeof randomUUID>,
  );

  return clientFor(stack.API_URL, stack.ANON_KEY, user.token);
}

export async function actorClient(
  stack: StackStatus,
  fixture: Fixture,
  actor: Exclude<Actor, "anon">,
): Promise<Client> {
  return clientAs(stack, fixture.userIds[actor]);
}

export function serviceClient(stack: StackStatus): Client {
  return clientFor(stack.API_URL, stack.ANON_KEY, stack.SERVICE_ROLE_KEY);
}

export type Lead = {
  partyId: string;
  customerCode: string;
  meteringPointIds: string[];
  // The auth user id of the lead's customer login.
  userId: string;
};

let meterSequence = 0;

// Inserts a company lead owned by `ownerDealerId` with two three-time
// metering points (Boğaziçi, sanayi, AG) and a customer login.
export async function createLead(
  db: pg.Client,
  ownerDealerId: string,
): Promise<Lead> {
  const partyId = randomUUID();
  const userId = randomUUID();
  const suffix = randomUUID().slice(0, 8);
  const party = await db.query<{ customer_code: string }>(
    `insert into public.parties (id, kind, vkn, name, owner_dealer_id, email)
     values ($1, 'company', $2, $3, $4, $5) returning customer_code`,
    [
      partyId,
      freshVkn(),
      `Satış Deneme ${suffix} A.Ş.`,
      ownerDealerId,
      `lead.${suffix}@sales.test`,
    ],
  );
  const meteringPointIds: string[] = [];
  for (let index = 0; index < 2; index++) {
    meterSequence += 1;
    const number =
      (Number.parseInt(suffix, 16) % 100_000_000) * 10 + meterSequence;
    const id = randomUUID();
    await db.query(
      `insert into public.metering_points (id, code, party_id,
         installation_number, meter_serial, distribution_region_code,
         subscriber_group_code, voltage_level_code, tariff_type,
         connection_power_kw, reading_method)
       values ($1, $2, $3, $4, $5, 'bogazici', 'sanayi', 'AG', 'three_time',
         160, 'osos')`,
      [
        id,
        uniqueMeteringPointCode(400_000_000_000 + number),
        partyId,
        String(100_000 + (number % 900_000_000)),
        `SLS${suffix}${index}`,
      ],
    );
    meteringPointIds.push(id);
  }
  await db.query(
    `insert into auth.users (id, aud, role, email, email_confirmed_at)
     values ($1, 'authenticated', 'authenticated', $2, now())`,
    [userId, `customer.${suffix}@sales.test`],
  );
  await db.query(
    "insert into public.app_users (user_id, party_id) values ($1, $2)",
    [userId, partyId],
  );

  return {
    partyId,
    customerCode: party.rows[0]?.customer_code ?? "",
    meteringPointIds,
    userId,
  };
}

// Three months of 2027 three-time consumption in kWh.
export const MONTHS = [
  { month: "2027-01", T1: 20000, T2: 8000, T3: 12000 },
  { month: "2027-02", T1: 18000, T2: 7500, T3: 11000 },
  { month: "2027-03", T1: 19000, T2: 7800, T3: 11500 },
];

// The same months in price_offer's consumption.monthly shape.
export const MONTHLY_KWH = MONTHS.map((m) => ({
  month: m.month,
  t1_kwh: m.T1,
  t2_kwh: m.T2,
  t3_kwh: m.T3,
}));

export const TARIFF = {
  distribution_region_code: "bogazici",
  subscriber_group_code: "sanayi",
  voltage_level_code: "AG",
  tariff_type: "three_time",
};

// Within every demo price rule for these months: at most 15 % below the
// regulated energy charge of early 2027 and above the supply cost.
export const ALLOWED_ALTERNATIVES = [
  {
    label: "Sabit fiyat",
    kind: "fixed_price",
    parameters: { unit_price_try_per_kwh: 5.1 },
  },
  {
    label: "Sabit fiyat, esnek",
    kind: "fixed_price",
    parameters: { unit_price_try_per_kwh: 5.3 },
  },
];

// Above the maximum discount without approval and below the minimum margin.
export const RULE_BREAKING_ALTERNATIVE = {
  label: "İndirimli %40",
  kind: "discount",
  parameters: { discount_pct: 40 },
};

// Three months of 2026 with published PTF, in which a discount above the
// maximum discount without approval (15 %) still keeps the minimum margin
// (3 %) of the demo price rules for TARIFF.
export const APPROVAL_MONTHS = [
  { month: "2026-02", T1: 20000, T2: 8000, T3: 12000 },
  { month: "2026-03", T1: 18000, T2: 7500, T3: 11000 },
  { month: "2026-04", T1: 19000, T2: 7800, T3: 11500 },
];

// Above the maximum discount without approval only, for APPROVAL_MONTHS.
export const APPROVAL_ONLY_ALTERNATIVE = {
  label: "İndirimli %17",
  kind: "discount",
  parameters: { discount_pct: 17 },
};

// The Istanbul date `days` from today, as YYYY-MM-DD.
export function istanbulDate(days = 0): string {
  const now = new Date(Date.now() + days * 86_400_000);

  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Istanbul",
  }).format(now);
}

// Returns the data of an RPC call, or throws with its error message.
export async function rpc<T = any>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const { data, error } = await client.rpc(name, args);
  if (error) {
    throw new Error(`${name} failed: ${error.message}`);
  }

  return data as T;
}

// Returns the error message of an RPC call that must fail.
export async function rpcError(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{ message: string; code: string }> {
  const { error } = await client.rpc(name, args);
  if (!error) {
    throw new Error(`${name} succeeded, expected an error`);
  }

  return { message: error.message, code: error.code };
}
