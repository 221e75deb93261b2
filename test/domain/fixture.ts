// A small, self-contained data set for access tests. It has one login per
// staff role and a dealer tree: distributor D0 above main dealer A above
// sub-dealers B and B2, plus an unrelated main dealer C. Customer K1 belongs
// to B and customer K2 to C, each with a login, and K1 has one row in every
// dependent table. It is built as superuser with fresh ids, so it coexists
// with the demo data.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { freshVkn } from "./turkish-ids.ts";

export const ACTORS = [
  "admin",
  "manager",
  "sales_consultant",
  "call_centre_agent",
  "finance",
  "operations",
  "dealer_above",
  "dealer_below",
  "dealer_unrelated",
  "customer_own",
  "customer_other",
  "anon",
] as const;

export type Actor = (typeof ACTORS)[number];

export const STAFF_ROLES = [
  "admin",
  "manager",
  "sales_consultant",
  "call_centre_agent",
  "finance",
  "operations",
] as const;

export type Fixture = {
  suffix: string;
  // The auth user id of each actor; anon has none.
  userIds: Record<Exclude<Actor, "anon">, string>;
  // An auth user with no account yet, for inserting into app_users.
  spareUserId: string;
  staffIds: Record<(typeof STAFF_ROLES)[number], string>;
  dealerIds: { d0: string; a: string; b: string; b2: string; c: string };
  partyIds: { k1: string; k2: string };
  partyContactId: string;
  dealerContactId: string;
  meterGroupId: string;
  meteringPointId: string;
  meetingId: string;
  meetingParticipantId: string;
  actionId: string;
  salesTargetId: string;
  auditEventId: string;
  districtId: string;
};

async function insert(
  client: pg.Client,
  table: string,
  row: Record<string, unknown>,
): Promise<void> {
  const columns = Object.keys(row);
  const list = columns.map((c) => client.escapeIdentifier(c)).join(", ");
  const values = columns.map((_, i) => `$${i + 1}`).join(", ");
  await client.query(
    `insert into ${table} (${list}) values (${values})`,
    Object.values(row),
  );
}

export async function createFixture(client: pg.Client): Promise<Fixture> {
  const suffix = randomUUID().slice(0, 8);
  const id = () => randomUUID();
  const actors = ACTORS.filter((actor) => actor !== "anon");
  const userIds = Object.fromEntries(
    actors.map((actor) => [actor, id()]),
  ) as Fixture["userIds"];
  const spareUserId = id();
  const staffIds = Object.fromEntries(
    STAFF_ROLES.map((role) => [role, id()]),
  ) as Fixture["staffIds"];
  const dealerIds = { d0: id(), a: id(), b: id(), b2: id(), c: id() };
  const partyIds = { k1: id(), k2: id() };

  await client.query("begin");
  for (const [actor, userId] of [
    ...Object.entries(userIds),
    ["spare", spareUserId],
  ]) {
    await insert(client, "auth.users", {
      id: userId,
      aud: "authenticated",
      role: "authenticated",
      email: `${actor}.${suffix}@matrix.test`,
      email_confirmed_at: new Date().toISOString(),
    });
  }
  for (const role of STAFF_ROLES) {
    await insert(client, "public.staff", {
      id: staffIds[role],
      role,
      full_name: `Matrix ${role} ${suffix}`,
      email: `${role}.${suffix}@staff.test`,
    });
  }

  const dealer = (
    key: keyof Fixture["dealerIds"],
    level: string,
    parent: string | null,
    consultant: string | null,
  ) =>
    insert(client, "public.dealers", {
      id: dealerIds[key],
      parent_dealer_id: parent,
      level,
      code: `M${key.toUpperCase()}-${suffix.toUpperCase()}`,
      name: `Matrix bayi ${key} ${suffix}`,
      legal_name: `Matrix bayi ${key} ${suffix} Ltd. Şti.`,
      vkn: freshVkn(),
      consultant_staff_id: consultant,
    });
  await dealer("d0", "distributor", null, null);
  await dealer("a", "main_dealer", dealerIds.d0, staffIds.sales_consultant);
  await dealer("b", "sub_dealer", dealerIds.a, staffIds.sales_consultant);
  await dealer("b2", "sub_dealer", dealerIds.a, null);
  await dealer("c", "main_dealer", null, null);

  const party = (key: keyof Fixture["partyIds"], owner: string) =>
    insert(client, "public.parties", {
      id: partyIds[key],
      kind: "company",
      vkn: freshVkn(),
      name: `Matrix müşteri ${key} ${suffix}`,
      lifecycle: "customer",
      owner_dealer_id: owner,
    });
  await party("k1", dealerIds.b);
  await party("k2", dealerIds.c);

  const accounts: Array<[Exclude<Actor, "anon">, Record<string, string>]> = [
    ...STAFF_ROLES.map(
      (role) =>
        [role, { staff_id: staffIds[role] }] as [
          Exclude<Actor, "anon">,
          Record<string, string>,
        ],
    ),
    ["dealer_above", { dealer_id: dealerIds.a }],
    ["dealer_below", { dealer_id: dealerIds.b }],
    ["dealer_unrelated", { dealer_id: dealerIds.c }],
    ["customer_own", { party_id: partyIds.k1 }],
    ["customer_other", { party_id: partyIds.k2 }],
  ];
  for (const [actor, subject] of accounts) {
    await insert(client, "public.app_users", {
      user_id: userIds[actor],
      ...subject,
    });
  }

  const fixture: Fixture = {
    suffix,
    userIds,
    spareUserId,
    staffIds,
    dealerIds,
    partyIds,
    partyContactId: id(),
    dealerContactId: id(),
    meterGroupId: id(),
    meteringPointId: id(),
    meetingId: id(),
    meetingParticipantId: id(),
    actionId: id(),
    salesTargetId: id(),
    auditEventId: "",
    districtId: "",
  };
  await insert(client, "public.party_contacts", {
    id: fixture.partyContactId,
    party_id: partyIds.k1,
    full_name: "Işıl Çelik",
    phone: "+905321112233",
  });
  await insert(client, "public.dealer_contacts", {
    id: fixture.dealerContactId,
    dealer_id: dealerIds.b,
    full_name: "İlker Irmak",
  });
  await insert(client, "public.meter_groups", {
    id: fixture.meterGroupId,
    party_id: partyIds.k1,
    name: `Merkez ${suffix}`,
  });
  const sequence = Number.parseInt(suffix, 16) % 1_000_000_000;
  await insert(client, "public.metering_points", {
    id: fixture.meteringPointId,
    code: `40Z9${String(sequence).padStart(11, "0")}X`,
    party_id: partyIds.k1,
    meter_group_id: fixture.meterGroupId,
    installation_number: String(900_000_000 + (sequence % 99_999_999)),
    meter_serial: `MTX${suffix}`,
    distribution_region_code: "bogazici",
    subscriber_group_code: "sanayi",
    voltage_level_code: "AG",
    tariff_type: "three_time",
    connection_power_kw: 250,
    multiplier: 40,
    reading_method: "osos",
    status: "active",
  });
  await insert(client, "public.meetings", {
    id: fixture.meetingId,
    party_id: partyIds.k1,
    kind: "visit",
    starts_at: "2026-11-02T09:00:00+03:00",
    subject: "Tanışma ziyareti",
    owner_dealer_id: dealerIds.b,
  });
  await insert(client, "public.meeting_participants", {
    id: fixture.meetingParticipantId,
    meeting_id: fixture.meetingId,
    party_contact_id: fixture.partyContactId,
  });
  await insert(client, "public.actions", {
    id: fixture.actionId,
    meeting_id: fixture.meetingId,
    party_id: partyIds.k1,
    title: "Teklif hazırla",
    owner_dealer_id: dealerIds.b,
    due_on: "2026-11-20",
  });
  await insert(client, "public.sales_targets", {
    id: fixture.salesTargetId,
    dealer_id: dealerIds.b,
    period_start: "2026-10-01",
    period_end: "2026-12-31",
    target_mwh: 1200,
  });
  await client.query(
    `insert into public.organisation_settings
       (legal_name, trade_name, vkn, tax_office, email_sender_name, email_sender_address)
     values ('Matrix Enerji A.Ş.', 'Matrix Enerji', $1, 'Zincirlikuyu',
       'Matrix Enerji', 'bildirim@matrix.test')
     on conflict (id) do nothing`,
    [freshVkn()],
  );
  const audit = await client.query<{ id: string }>(
    `select id::text from public.audit_events
     where table_name = 'parties' and record_id = $1 and operation = 'insert'`,
    [partyIds.k1],
  );
  fixture.auditEventId = audit.rows[0]?.id ?? "";
  const district = await client.query<{ id: string }>(
    "select min(id)::text as id from public.districts",
  );
  fixture.districtId = district.rows[0]?.id ?? "";
  await client.query("commit");

  return fixture;
}
