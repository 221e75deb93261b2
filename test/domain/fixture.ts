// A small, self-contained data set for access tests. It has one login per
// staff role and a dealer tree: distributor D0 above main dealer A above
// sub-dealers B and B2, plus an unrelated main dealer C. Customer K1 belongs
// to B and customer K2 to C, each with a login, and K1 has one row in every
// dependent table. It is built as superuser with fresh ids, so it coexists
// with the demo data.
//
// It also writes one row into each market data table and into job_runs and
// scheduled_jobs. Market rows lie in 2099 (MARKET_FIXTURE), far past any
// loaded or demo figure, and are shared: every fixture inserts them if they
// are missing. Price rules, job runs and scheduled jobs get rows of their
// own per fixture.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { uniqueMeteringPointCode } from "./eic-codes.ts";
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
  // The shared market hour as Postgres prints it, for text comparison.
  marketHourStart: string;
  regulatedTariffRateId: string;
  taxRateId: string;
  priceRuleId: string;
  jobRunId: string;
  scheduledJobName: string;
  // Portal: a complaint of K1 with one customer message, an announcement
  // for all, a document of K1, and a stored object of K1 that no document
  // row records yet (for insert attempts).
  serviceRequestId: string;
  serviceRequestMessageId: string;
  announcementId: string;
  partyDocumentId: string;
  unrecordedDocumentPath: string;
  // Sales chain: a contracted offer of dealer B for K1 with one revision,
  // alternative, send, approval and competitor offer, its contract and a
  // registration request in the shared 2099 batch.
  offerId: string;
  offerRevisionId: string;
  offerAlternativeId: string;
  offerStateChangeId: string;
  offerApprovalId: string;
  offerSendId: string;
  competitorOfferId: string;
  contractId: string;
  registrationBatchId: string;
  registrationRequestId: string;
  // Meter readings of the fixture's metering point.
  readingHourStart: string;
  indexReadingId: string;
  readingFlagId: string;
  // Market registration: a flagged meter serial of the fixture's metering
  // point.
  registrationDiscrepancyId: string;
  // E-mail outbox: a failed welcome e-mail to the fixture's party K1.
  outboxEmailId: string;
};

// Keys of the shared market rows. Hourly rows lie in January 2099 and the
// insert attempts of the permission matrix use February 2099, so that an
// allowed insert never collides with a fixture row.
export const MARKET_FIXTURE = {
  hourStart: "2099-01-01T05:00:00+03:00",
  periodMonth: "2099-01-01",
  nextPeriodMonth: "2099-02-01",
  validFrom: "2099-01-01",
  year: 2099,
  source: "permission matrix fixture",
} as const;

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

  await ensureReadingPartition(client);
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
    marketHourStart: "",
    regulatedTariffRateId: "",
    taxRateId: "",
    priceRuleId: "",
    jobRunId: id(),
    scheduledJobName: `matrix-${suffix}`,
    serviceRequestId: id(),
    serviceRequestMessageId: id(),
    announcementId: id(),
    partyDocumentId: id(),
    unrecordedDocumentPath: `${partyIds.k1}/invoice/fatura-${suffix}.pdf`,
    offerId: id(),
    offerRevisionId: id(),
    offerAlternativeId: id(),
    offerStateChangeId: "",
    offerApprovalId: id(),
    offerSendId: id(),
    competitorOfferId: id(),
    contractId: id(),
    registrationBatchId: "",
    registrationRequestId: id(),
    readingHourStart: MARKET_FIXTURE.hourStart,
    indexReadingId: "",
    readingFlagId: "",
    registrationDiscrepancyId: "",
    outboxEmailId: id(),
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
    // Serial 900,000,000,000 + 2·sequence or one more, far above the seed's.
    code: uniqueMeteringPointCode(450_000_000_000 + sequence),
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
  await insertMarketRows(client, fixture);
  await insertJobRows(client, fixture);
  await insertPortalRows(client, fixture);
  await insertSalesRows(client, fixture);
  await insertReadingRows(client, fixture);
  await insertRegistrationSyncRows(client, fixture);
  await insertOutboxRows(client, fixture);
  await client.query("commit");

  return fixture;
}

// Inserts the shared 2099 market rows where they are missing and the
// fixture's own price rule. A transaction-level advisory lock makes
// concurrent fixtures take turns, so that only one creates the partitions.
async function insertMarketRows(
  client: pg.Client,
  fixture: Fixture,
): Promise<void> {
  const market = MARKET_FIXTURE;
  await client.query(
    "select pg_advisory_xact_lock(hashtextextended('permission matrix market rows', 0))",
  );
  for (const parent of [
    "ptf_hourly_prices",
    "smf_hourly_prices",
    "profile_coefficients",
  ]) {
    await client.query(
      "select private.ensure_month_partitions($1::regclass, $2, $3)",
      [
        `public.${parent}`,
        `${market.periodMonth}T00:00:00+03:00`,
        `${market.nextPeriodMonth}T00:00:00+03:00`,
      ],
    );
  }

  for (const table of ["ptf_hourly_prices", "smf_hourly_prices"]) {
    await client.query(
      `insert into public.${table} (hour_start, price_try_per_mwh, source, is_demo)
       values ($1, 2500, $2, true)
       on conflict do nothing`,
      [market.hourStart, market.source],
    );
  }

  await client.query(
    `insert into public.profile_coefficients (hour_start, period_month,
       distribution_region_code, subscriber_group_code, voltage_level_code,
       meter_reading_type, multiplier, source, is_demo)
     values ($1, $2, 'bogazici', 'mesken', null, 'single_time', 0.001, $3, true)
     on conflict do nothing`,
    [market.hourStart, market.periodMonth, market.source],
  );

  await client.query(
    `insert into public.yekdem_unit_costs (period_month, unit_cost_try_per_mwh,
       source, is_demo)
     values ($1, 300, $2, true)
     on conflict do nothing`,
    [market.periodMonth, market.source],
  );
  await client.query(
    `insert into public.forward_price_expectations (period_month,
       expected_ptf_try_per_mwh, source, is_demo)
     values ($1, 2600, $2, true)
     on conflict do nothing`,
    [market.periodMonth, market.source],
  );
  await client.query(
    `insert into public.eligible_consumer_limits (year, limit_kwh_per_year,
       source, is_demo)
     values ($1, 1000, $2, true)
     on conflict do nothing`,
    [market.year, market.source],
  );
  await client.query(
    `insert into public.last_resort_tariff_parameters (valid_from, coefficient,
       threshold_kwh_per_year, source, is_demo)
     values ($1, 1.0938, 15000000, $2, true)
     on conflict do nothing`,
    [market.validFrom, market.source],
  );

  await client.query(
    `insert into public.regulated_tariff_rates (component, subscriber_group_code,
       voltage_level_code, term_type, tariff_type, time_zone_code, valid_from,
       rate_try_per_kwh, source, is_demo)
     values ('distribution', 'mesken', 'AG', 'single_term', null, null, $1,
       1.5, $2, true)
     on conflict do nothing`,
    [market.validFrom, market.source],
  );

  const hour = await client.query<{ text: string }>(
    "select $1::timestamptz::text as text",
    [market.hourStart],
  );
  fixture.marketHourStart = hour.rows[0]?.text ?? "";
  const rate = await client.query<{ id: string }>(
    `select regulated_tariff_rate_id::text as id
     from public.regulated_tariff_rates
     where component = 'distribution' and subscriber_group_code = 'mesken'
       and voltage_level_code = 'AG' and term_type = 'single_term'
       and valid_from = $1`,
    [market.validFrom],
  );
  fixture.regulatedTariffRateId = rate.rows[0]?.id ?? "";

  // The removed TRT charge, so that no bill of 2099 picks the row up.
  await client.query(
    `insert into public.tax_rates (tax_code, subscriber_group_code, rate, unit,
       valid_from, valid_to, description, source, is_demo)
     values ('trt', null, 2, 'percent', $1, $1, 'TRT share', $2, true)
     on conflict do nothing`,
    [market.validFrom, market.source],
  );
  const tax = await client.query<{ id: string }>(
    `select tax_rate_id::text as id from public.tax_rates
     where tax_code = 'trt' and subscriber_group_code is null and valid_from = $1`,
    [market.validFrom],
  );
  fixture.taxRateId = tax.rows[0]?.id ?? "";

  // Inactive, so that no offer check applies it.
  const rule = await client.query<{ id: string }>(
    `insert into public.price_rules (rule_kind, limit_value, valid_from,
       is_active, note, is_demo)
     values ('minimum_margin', 1, $1, false, $2, true)
     returning price_rule_id::text as id`,
    [market.validFrom, `${market.source} ${fixture.suffix}`],
  );
  fixture.priceRuleId = rule.rows[0]?.id ?? "";
}

// Inserts a finished run and a disabled scheduled job, both named after the
// fixture, so that no scheduler fires the job.
async function insertJobRows(
  client: pg.Client,
  fixture: Fixture,
): Promise<void> {
  await insert(client, "public.scheduled_jobs", {
    name: fixture.scheduledJobName,
    cron_expression: "0 3 * * *",
    function_name: "matrix-fixture",
    enabled: false,
  });
  await insert(client, "public.job_runs", {
    job_run_id: fixture.jobRunId,
    job_name: fixture.scheduledJobName,
    function_name: "matrix-fixture",
    status: "succeeded",
    finished_at: new Date().toISOString(),
  });
}

// Inserts K1's complaint with a customer message, an announcement for all
// users and a document of K1 with its storage object. The objects have rows
// only: no bytes are written, so downloading them fails.
async function insertPortalRows(
  client: pg.Client,
  fixture: Fixture,
): Promise<void> {
  await insert(client, "public.service_requests", {
    id: fixture.serviceRequestId,
    party_id: fixture.partyIds.k1,
    metering_point_id: fixture.meteringPointId,
    kind: "complaint",
    category: "billing",
    subject: "Fatura tutarı yüksek",
    description: "Kasım faturası beklenenden yüksek geldi.",
    opened_by: fixture.userIds.customer_own,
  });
  await insert(client, "public.service_request_messages", {
    id: fixture.serviceRequestMessageId,
    service_request_id: fixture.serviceRequestId,
    body: "Sayaç okumasını kontrol eder misiniz?",
    author_user_id: fixture.userIds.customer_own,
    author_kind: "customer",
  });
  await insert(client, "public.announcements", {
    id: fixture.announcementId,
    title_tr: `Bakım duyurusu ${fixture.suffix}`,
    title_en: `Maintenance notice ${fixture.suffix}`,
    body_tr: "Portal pazar gecesi bakımda olacak.",
    body_en: "The portal is down for maintenance on Sunday night.",
    audience: "all",
    published_from: "2026-11-01T00:00:00+03:00",
  });
  const documentPath = `${fixture.partyIds.k1}/tax_plate/vergi-${fixture.suffix}.pdf`;
  for (const name of [documentPath, fixture.unrecordedDocumentPath]) {
    await insert(client, "storage.objects", {
      bucket_id: "party-documents",
      name,
      owner: fixture.userIds.dealer_below,
      metadata: JSON.stringify({ size: 0, mimetype: "application/pdf" }),
    });
  }
  await insert(client, "public.party_documents", {
    id: fixture.partyDocumentId,
    party_id: fixture.partyIds.k1,
    document_code: "tax_plate",
    storage_path: documentPath,
    file_name: "vergi-levhasi.pdf",
    uploaded_by: fixture.userIds.dealer_below,
  });
}

// Inserts the sales chain rows of customer K1 (sub-dealer B), already
// contracted and sent, so that the customer sees the offer and the contract.
// The 2099 registration batch is shared by every fixture.
async function insertSalesRows(
  client: pg.Client,
  fixture: Fixture,
): Promise<void> {
  const code = await client.query<{ customer_code: string }>(
    "select customer_code from public.parties where id = $1",
    [fixture.partyIds.k1],
  );
  await insert(client, "public.offers", {
    id: fixture.offerId,
    offer_number: `TKF-2099-${fixture.suffix}`,
    party_id: fixture.partyIds.k1,
    dealer_id: fixture.dealerIds.b,
    created_by: fixture.userIds.dealer_below,
    state: "contracted",
    valid_until: "2099-01-31",
    customer_code: code.rows[0]?.customer_code,
    sent_at: "2099-01-02T10:00:00+03:00",
  });
  await insert(client, "public.offer_revisions", {
    id: fixture.offerRevisionId,
    offer_id: fixture.offerId,
    revision_no: 1,
    consumption: JSON.stringify({
      metering_point_ids: [fixture.meteringPointId],
    }),
  });
  await insert(client, "public.offer_revision_metering_points", {
    offer_revision_id: fixture.offerRevisionId,
    metering_point_id: fixture.meteringPointId,
  });
  await insert(client, "public.offer_alternatives", {
    id: fixture.offerAlternativeId,
    offer_revision_id: fixture.offerRevisionId,
    position: 1,
    label: "İndirimli",
    kind: "discount",
    parameters: JSON.stringify({ kind: "discount", discount_pct: 8 }),
  });
  // Frozen as sent, once its alternative and metering point are in.
  await client.query(
    "update public.offer_revisions set frozen_at = '2099-01-02T10:00:00+03:00' where id = $1",
    [fixture.offerRevisionId],
  );
  const change = await client.query<{ id: string }>(
    `insert into public.offer_state_changes (offer_id, from_state, to_state)
     values ($1, 'sent', 'accepted') returning id::text`,
    [fixture.offerId],
  );
  fixture.offerStateChangeId = change.rows[0]?.id ?? "";
  await insert(client, "public.offer_approvals", {
    id: fixture.offerApprovalId,
    offer_id: fixture.offerId,
    offer_revision_id: fixture.offerRevisionId,
    decision: "approved",
    decided_at: "2099-01-01T12:00:00+03:00",
  });
  await insert(client, "public.offer_sends", {
    id: fixture.offerSendId,
    offer_id: fixture.offerId,
    offer_revision_id: fixture.offerRevisionId,
    recipient_email: `k1.${fixture.suffix}@matrix.test`,
  });
  await insert(client, "public.competitor_offers", {
    id: fixture.competitorOfferId,
    offer_id: fixture.offerId,
    supplier_name: "Rakip Enerji",
    kind: "discount",
    discount_pct: 6,
  });
  await insert(client, "public.contracts", {
    id: fixture.contractId,
    contract_number: `SZL-2099-${fixture.suffix}`,
    offer_id: fixture.offerId,
    offer_alternative_id: fixture.offerAlternativeId,
    party_id: fixture.partyIds.k1,
    dealer_id: fixture.dealerIds.b,
    template_code: "indirimli-2026",
    sales_strategy: "indirimli",
    start_date: "2099-02-01",
    end_date: "2100-01-31",
    price_terms: JSON.stringify({
      kind: "regulated_discount",
      discount_pct: 8,
    }),
    termination_terms: JSON.stringify({ notice_days: 30 }),
    payment_term_days: 10,
    contract_value_try: 1000,
    stamp_tax_rate_per_mille: 9.48,
    stamp_tax_try: 9.48,
  });
  await insert(client, "public.contract_metering_points", {
    contract_id: fixture.contractId,
    metering_point_id: fixture.meteringPointId,
  });
  await insert(client, "public.contract_required_documents", {
    contract_id: fixture.contractId,
    document_code: "tax_plate",
  });
  await client.query(
    `insert into public.registration_batches (period_month, deadline_on)
     values ('2099-02-01', '2099-01-20')
     on conflict (period_month) do nothing`,
  );
  const batch = await client.query<{ id: string }>(
    "select id::text from public.registration_batches where period_month = '2099-02-01'",
  );
  fixture.registrationBatchId = batch.rows[0]?.id ?? "";
  await insert(client, "public.registration_requests", {
    id: fixture.registrationRequestId,
    metering_point_id: fixture.meteringPointId,
    contract_id: fixture.contractId,
    registration_batch_id: fixture.registrationBatchId,
  });
}

// Inserts one hourly reading, one register reading and one flag of the
// fixture's metering point.
async function insertReadingRows(
  client: pg.Client,
  fixture: Fixture,
): Promise<void> {
  await insert(client, "public.hourly_readings", {
    metering_point_id: fixture.meteringPointId,
    hour_start: fixture.readingHourStart,
    consumption_kwh: 12.5,
    injection_kwh: 0,
  });
  const index = await client.query<{ id: string }>(
    `insert into public.index_readings (metering_point_id, read_at,
       meter_serial, register_digits, multiplier, t1_index_kwh, t2_index_kwh,
       t3_index_kwh)
     values ($1, $2, 'MTX-FIXTURE', 6, 40, 100, 50, 25)
     returning index_reading_id::text as id`,
    [fixture.meteringPointId, fixture.readingHourStart],
  );
  fixture.indexReadingId = index.rows[0]?.id ?? "";
  const flag = await client.query<{ id: string }>(
    `insert into public.reading_flags (metering_point_id, flag_kind,
       starts_at, hour_count)
     values ($1, 'missing_hours', $2, 3)
     returning reading_flag_id::text as id`,
    [fixture.meteringPointId, fixture.readingHourStart],
  );
  fixture.readingFlagId = flag.rows[0]?.id ?? "";
}

// Creates the hourly readings partition of the fixture hour before the
// fixture's transaction starts. Creating a partition locks
// public.metering_points (for the foreign key), so inside a transaction
// that waits for another fixture it would deadlock with that fixture's
// inserted metering point. A session lock lets one fixture create it.
async function ensureReadingPartition(client: pg.Client): Promise<void> {
  const lock = "hashtextextended('permission matrix reading partitions', 0)";
  await client.query(`select pg_advisory_lock(${lock})`);
  try {
    await client.query(
      `select private.ensure_month_partitions('public.hourly_readings',
         $1::timestamptz, $1::timestamptz + interval '1 hour')`,
      [MARKET_FIXTURE.hourStart],
    );
  } finally {
    await client.query(`select pg_advisory_unlock(${lock})`);
  }
}

// Inserts a registration discrepancy of the fixture's metering point.
async function insertRegistrationSyncRows(
  client: pg.Client,
  fixture: Fixture,
): Promise<void> {
  const flag = await client.query<{ id: string }>(
    `insert into public.registration_discrepancies (metering_point_code,
       metering_point_id, field, our_value, market_value)
     select m.code, m.id, 'meter_serial', m.meter_serial, 'MARKET-SERIAL'
     from public.metering_points m where m.id = $1
     returning id::text`,
    [fixture.meteringPointId],
  );
  fixture.registrationDiscrepancyId = flag.rows[0]?.id ?? "";
}

// Inserts a failed welcome e-mail to party K1. Failed, so that the
// scheduled deliver-emails job leaves it alone.
async function insertOutboxRows(
  client: pg.Client,
  fixture: Fixture,
): Promise<void> {
  await insert(client, "public.outbox_emails", {
    id: fixture.outboxEmailId,
    message_id: `<${fixture.outboxEmailId}@matrix.test>`,
    purpose: "welcome",
    sender_name: "Matrix",
    sender_address: "sender@matrix.test",
    recipient_email: `k1.${fixture.suffix}@matrix.test`,
    subject: "Matrix welcome",
    body_text: "Matrix welcome",
    party_id: fixture.partyIds.k1,
    status: "failed",
    attempt_count: 8,
    last_error: "Matrix SMTP failure",
  });
}
