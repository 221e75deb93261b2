// The permission matrix as data: for every table in the public schema, the
// row each operation targets, the row an insert tries, the patch an update
// applies, and which actors may do each. The SQL runner in
// permission-matrix.test.ts executes it against createFixture() data.
//
// A REST runner can reuse it as is, signing a JWT with `sub` = the actor's
// user id (the anon key for anon) and sending `Prefer: return=representation`:
//   select → GET /rest/v1/<table>?<key>=eq.<target>
//   insert → POST /rest/v1/<table> with insertRow
//   update → PATCH /rest/v1/<table>?<key>=eq.<target> with updatePatch
//   delete → DELETE /rest/v1/<table>?<key>=eq.<deleteTarget or target>
// Allowed means one row comes back; refused means an empty array, or 401/403
// (SQLSTATE 42501) for inserts and for tables the role has no privilege on.
import { type Actor, type Fixture, MARKET_FIXTURE } from "./fixture.ts";
import { vknWithCheckDigit } from "./turkish-ids.ts";

export const OPERATIONS = ["select", "insert", "update", "delete"] as const;
export type Operation = (typeof OPERATIONS)[number];

export type TableExpectation = {
  // Column that identifies the target row.
  key: string;
  // The existing row that select, update and delete aim at; `deleteTarget`
  // overrides it for delete where the select target is still referenced.
  target: (fixture: Fixture) => string;
  deleteTarget?: (fixture: Fixture) => string;
  insertRow: (fixture: Fixture) => Record<string, unknown>;
  updatePatch: (fixture: Fixture) => Record<string, unknown>;
  allowed: Record<Operation, readonly Actor[]>;
};

const STAFF: readonly Actor[] = [
  "admin",
  "manager",
  "sales_consultant",
  "call_centre_agent",
  "finance",
  "operations",
];
const SIGNED_IN: readonly Actor[] = [
  ...STAFF,
  "dealer_above",
  "dealer_below",
  "dealer_unrelated",
  "customer_own",
  "customer_other",
];
const HEAD_OFFICE: readonly Actor[] = [
  "admin",
  "manager",
  "call_centre_agent",
  "finance",
  "operations",
];
const DEALERS_IN_SCOPE: readonly Actor[] = ["dealer_above", "dealer_below"];
// Actors that can read customer K1, which belongs to sub-dealer B (below A,
// both in the sales consultant's charge).
const PARTY_READERS: readonly Actor[] = [
  ...HEAD_OFFICE,
  "sales_consultant",
  ...DEALERS_IN_SCOPE,
  "customer_own",
];
const PARTY_WRITERS: readonly Actor[] = [
  "admin",
  "manager",
  "sales_consultant",
  ...DEALERS_IN_SCOPE,
];
const MEETING_READERS: readonly Actor[] = [
  "admin",
  "manager",
  "call_centre_agent",
  "sales_consultant",
  ...DEALERS_IN_SCOPE,
];
const MEETING_WRITERS: readonly Actor[] = MEETING_READERS;
const NOBODY: readonly Actor[] = [];
const JOB_READERS: readonly Actor[] = ["admin", "manager", "operations"];
const PRICING_INPUT_WRITERS: readonly Actor[] = ["admin", "manager"];
// Readers of dealer B's offer for K1 other than the customer, and the
// sellers who may edit what belongs to it.
const OFFER_SELLERS: readonly Actor[] = [
  ...HEAD_OFFICE,
  "sales_consultant",
  ...DEALERS_IN_SCOPE,
];
const OFFER_WRITERS: readonly Actor[] = [
  "admin",
  "manager",
  "sales_consultant",
  ...DEALERS_IN_SCOPE,
];
// Staff and dealer users price offers; customers see no pricing inputs.
const PRICING_USERS: readonly Actor[] = [
  ...STAFF,
  "dealer_above",
  "dealer_below",
  "dealer_unrelated",
];

// An hour of the fixture's partition other than the fixture row's own.
const SPARE_HOUR = "2099-01-01T06:00:00+03:00";
const MARKET_SOURCE = MARKET_FIXTURE.source;

// Market figures: every signed-in user reads them and only the service role
// (importers) writes them.
const marketTable = (
  key: string,
  target: (fixture: Fixture) => string,
  insertRow: Record<string, unknown>,
  updatePatch: Record<string, unknown>,
): TableExpectation => ({
  key,
  target,
  insertRow: () => insertRow,
  updatePatch: () => updatePatch,
  allowed: {
    select: SIGNED_IN,
    insert: NOBODY,
    update: NOBODY,
    delete: NOBODY,
  },
});

const referenceTable = (
  key: string,
  target: string,
  insertRow: Record<string, unknown>,
  updatePatch: Record<string, unknown>,
): TableExpectation => ({
  key,
  target: () => target,
  insertRow: () => insertRow,
  updatePatch: () => updatePatch,
  allowed: {
    select: SIGNED_IN,
    insert: NOBODY,
    update: NOBODY,
    delete: NOBODY,
  },
});

export const PERMISSION_MATRIX: Record<string, TableExpectation> = {
  distribution_regions: referenceTable(
    "code",
    "bogazici",
    { code: "matrix_region", name: "Matrix", company_name: "Matrix EDAŞ" },
    { provinces_note: "changed" },
  ),
  subscriber_groups: referenceTable(
    "code",
    "mesken",
    { code: "matrix", name_tr: "Matrix", name_en: "Matrix", sort_order: 9 },
    { sort_order: 1 },
  ),
  voltage_levels: referenceTable(
    "code",
    "AG",
    { code: "OG", name_tr: "Orta", name_en: "Medium" },
    { name_en: "Low" },
  ),
  time_zones: referenceTable(
    "code",
    "T1",
    {
      code: "T2",
      name_tr: "Puant",
      name_en: "Peak",
      starts_at: "17:00",
      span: "5 hours",
    },
    { name_en: "Day" },
  ),
  provinces: referenceTable(
    "plate_code",
    "34",
    { plate_code: 81, name: "Matrix", distribution_region_code: "sakarya" },
    { name: "İstanbul" },
  ),
  districts: {
    key: "id",
    target: (f) => f.districtId,
    insertRow: () => ({ province_plate_code: 81, name: "Matrix" }),
    updatePatch: () => ({ distribution_region_code: null }),
    allowed: {
      select: SIGNED_IN,
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  },
  organisation_settings: {
    key: "id",
    target: () => "true",
    insertRow: () => ({
      id: false,
      legal_name: "X",
      trade_name: "X",
      vkn: vknWithCheckDigit("111111111"),
      tax_office: "X",
      email_sender_name: "X",
      email_sender_address: "x@x.test",
    }),
    updatePatch: () => ({ payment_term_days: 10 }),
    allowed: {
      select: SIGNED_IN,
      insert: NOBODY,
      update: ["admin"],
      delete: NOBODY,
    },
  },
  staff: {
    key: "id",
    target: (f) => f.staffIds.sales_consultant,
    deleteTarget: (f) => f.staffIds.operations,
    insertRow: (f) => ({
      role: "finance",
      full_name: "Yeni Personel",
      email: `new.${f.suffix}@staff.test`,
    }),
    updatePatch: () => ({ title: "Kıdemli satış danışmanı" }),
    allowed: {
      select: [...STAFF, ...DEALERS_IN_SCOPE],
      insert: ["admin"],
      update: ["admin"],
      delete: ["admin"],
    },
  },
  app_users: {
    key: "user_id",
    target: (f) => f.userIds.dealer_below,
    insertRow: (f) => ({ user_id: f.spareUserId, dealer_id: f.dealerIds.c }),
    updatePatch: () => ({ is_active: true }),
    allowed: {
      select: ["admin", "dealer_below"],
      insert: ["admin"],
      update: ["admin"],
      delete: ["admin"],
    },
  },
  dealers: {
    key: "id",
    target: (f) => f.dealerIds.b,
    deleteTarget: (f) => f.dealerIds.b2,
    insertRow: (f) => ({
      level: "sub_dealer",
      parent_dealer_id: f.dealerIds.a,
      code: `NEW-${f.suffix.toUpperCase()}`,
      name: "Yeni Alt Bayi",
      legal_name: "Yeni Alt Bayi Ltd. Şti.",
      tckn: "10000000146",
    }),
    updatePatch: () => ({ address: "Atatürk Cad. No: 1" }),
    allowed: {
      select: [...STAFF, ...DEALERS_IN_SCOPE],
      insert: ["admin", "manager"],
      update: ["admin", "manager", "sales_consultant"],
      delete: ["admin"],
    },
  },
  dealer_contacts: {
    key: "id",
    target: (f) => f.dealerContactId,
    insertRow: (f) => ({ dealer_id: f.dealerIds.b, full_name: "Çağrı Öz" }),
    updatePatch: () => ({ title: "Satış Sorumlusu" }),
    allowed: {
      select: [...STAFF, ...DEALERS_IN_SCOPE],
      insert: ["admin", "manager", "sales_consultant", ...DEALERS_IN_SCOPE],
      update: ["admin", "manager", "sales_consultant", ...DEALERS_IN_SCOPE],
      delete: ["admin", "manager", "sales_consultant", ...DEALERS_IN_SCOPE],
    },
  },
  parties: {
    key: "id",
    target: (f) => f.partyIds.k1,
    insertRow: (f) => ({
      kind: "person",
      tckn: "10000000146",
      name: "Dilek Irmak",
      owner_dealer_id: f.dealerIds.b,
    }),
    updatePatch: () => ({ notes: "Görüşme notu" }),
    allowed: {
      select: PARTY_READERS,
      insert: PARTY_WRITERS,
      update: PARTY_WRITERS,
      delete: ["admin"],
    },
  },
  party_contacts: {
    key: "id",
    target: (f) => f.partyContactId,
    insertRow: (f) => ({ party_id: f.partyIds.k1, full_name: "Ilgaz Işık" }),
    updatePatch: () => ({ title: "Muhasebe" }),
    allowed: {
      select: PARTY_READERS,
      insert: PARTY_WRITERS,
      update: PARTY_WRITERS,
      delete: PARTY_WRITERS,
    },
  },
  meetings: {
    key: "id",
    target: (f) => f.meetingId,
    insertRow: (f) => ({
      party_id: f.partyIds.k1,
      kind: "call",
      starts_at: "2026-11-03T10:00:00+03:00",
      subject: "Arama",
      owner_dealer_id: f.dealerIds.b,
    }),
    updatePatch: () => ({ notes: "Fatura istendi" }),
    allowed: {
      select: MEETING_READERS,
      insert: MEETING_WRITERS,
      update: ["admin", "manager", ...DEALERS_IN_SCOPE],
      delete: ["admin", "manager"],
    },
  },
  meeting_participants: {
    key: "id",
    target: (f) => f.meetingParticipantId,
    insertRow: (f) => ({ meeting_id: f.meetingId, external_name: "Misafir" }),
    updatePatch: (f) => ({ party_contact_id: f.partyContactId }),
    allowed: {
      select: MEETING_READERS,
      insert: MEETING_WRITERS,
      update: MEETING_WRITERS,
      delete: MEETING_WRITERS,
    },
  },
  actions: {
    key: "id",
    target: (f) => f.actionId,
    insertRow: (f) => ({
      party_id: f.partyIds.k1,
      title: "Geri ara",
      owner_dealer_id: f.dealerIds.b,
      due_on: "2026-12-10",
    }),
    updatePatch: () => ({ status: "in_progress" }),
    allowed: {
      select: MEETING_READERS,
      insert: MEETING_WRITERS,
      update: ["admin", "manager", ...DEALERS_IN_SCOPE],
      delete: ["admin", "manager"],
    },
  },
  sales_targets: {
    key: "id",
    target: (f) => f.salesTargetId,
    insertRow: (f) => ({
      dealer_id: f.dealerIds.b,
      period_start: "2027-01-01",
      period_end: "2027-03-31",
      target_count: 5,
    }),
    updatePatch: () => ({ target_mwh: 1500 }),
    allowed: {
      select: ["admin", "manager", "sales_consultant", ...DEALERS_IN_SCOPE],
      insert: ["admin", "manager"],
      update: ["admin", "manager"],
      delete: ["admin", "manager"],
    },
  },
  meter_groups: {
    key: "id",
    target: (f) => f.meterGroupId,
    insertRow: (f) => ({ party_id: f.partyIds.k1, name: "Şubeler" }),
    updatePatch: () => ({ description: "Merkez bina" }),
    allowed: {
      select: PARTY_READERS,
      insert: ["admin", "manager", "operations"],
      update: ["admin", "manager", "operations"],
      delete: ["admin", "operations"],
    },
  },
  metering_points: {
    key: "id",
    target: (f) => f.meteringPointId,
    insertRow: (f) => ({
      code: "40Z9999999999995",
      party_id: f.partyIds.k1,
      installation_number: "77777777",
      meter_serial: "MTX-NEW",
      distribution_region_code: "ayedas",
      subscriber_group_code: "ticarethane",
      voltage_level_code: "AG",
      tariff_type: "single_time",
      connection_power_kw: 30,
      reading_method: "manual",
    }),
    updatePatch: () => ({ connection_power_kw: 300 }),
    allowed: {
      select: PARTY_READERS,
      insert: [
        "admin",
        "manager",
        "operations",
        "sales_consultant",
        ...DEALERS_IN_SCOPE,
      ],
      update: [
        "admin",
        "manager",
        "operations",
        "sales_consultant",
        ...DEALERS_IN_SCOPE,
      ],
      delete: ["admin", "operations"],
    },
  },
  audit_events: {
    key: "id",
    target: (f) => f.auditEventId,
    insertRow: (f) => ({
      table_name: "parties",
      record_id: f.partyIds.k1,
      operation: "update",
    }),
    updatePatch: () => ({ operation: "delete" }),
    allowed: {
      select: ["admin", "manager"],
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  },
  ptf_hourly_prices: marketTable(
    "hour_start",
    (f) => f.marketHourStart,
    { hour_start: SPARE_HOUR, price_try_per_mwh: 2400, source: MARKET_SOURCE },
    { price_try_per_mwh: 2450 },
  ),
  smf_hourly_prices: marketTable(
    "hour_start",
    (f) => f.marketHourStart,
    { hour_start: SPARE_HOUR, price_try_per_mwh: 2400, source: MARKET_SOURCE },
    { price_try_per_mwh: 2450 },
  ),
  profile_coefficients: marketTable(
    "hour_start",
    (f) => f.marketHourStart,
    {
      hour_start: SPARE_HOUR,
      period_month: MARKET_FIXTURE.periodMonth,
      distribution_region_code: "bogazici",
      subscriber_group_code: "mesken",
      meter_reading_type: "single_time",
      multiplier: 0.002,
      source: MARKET_SOURCE,
    },
    { multiplier: 0.003 },
  ),
  yekdem_unit_costs: marketTable(
    "period_month",
    () => MARKET_FIXTURE.periodMonth,
    {
      period_month: MARKET_FIXTURE.nextPeriodMonth,
      unit_cost_try_per_mwh: 310,
      source: MARKET_SOURCE,
    },
    { unit_cost_try_per_mwh: 320 },
  ),
  regulated_tariff_rates: marketTable(
    "regulated_tariff_rate_id",
    (f) => f.regulatedTariffRateId,
    {
      component: "distribution",
      subscriber_group_code: "mesken",
      voltage_level_code: "AG",
      term_type: "single_term",
      valid_from: MARKET_FIXTURE.nextPeriodMonth,
      rate_try_per_kwh: 1.6,
      source: MARKET_SOURCE,
    },
    { rate_try_per_kwh: 1.7 },
  ),
  tax_rates: marketTable(
    "tax_rate_id",
    (f) => f.taxRateId,
    {
      tax_code: "energy_fund",
      rate: 1,
      unit: "percent",
      valid_from: MARKET_FIXTURE.validFrom,
      valid_to: MARKET_FIXTURE.validFrom,
      description: "Energy fund",
      source: MARKET_SOURCE,
    },
    { description: "TRT share (changed)" },
  ),
  eligible_consumer_limits: marketTable(
    "year",
    () => String(MARKET_FIXTURE.year),
    {
      year: MARKET_FIXTURE.year + 1,
      limit_kwh_per_year: 900,
      source: MARKET_SOURCE,
    },
    { limit_kwh_per_year: 950 },
  ),
  last_resort_tariff_parameters: marketTable(
    "valid_from",
    () => MARKET_FIXTURE.validFrom,
    {
      valid_from: MARKET_FIXTURE.nextPeriodMonth,
      coefficient: 1.1,
      threshold_kwh_per_year: 10000000,
      source: MARKET_SOURCE,
    },
    { coefficient: 1.2 },
  ),
  forward_price_expectations: {
    key: "period_month",
    target: () => MARKET_FIXTURE.periodMonth,
    insertRow: () => ({
      period_month: MARKET_FIXTURE.nextPeriodMonth,
      expected_ptf_try_per_mwh: 2700,
      note: "Vadeli piyasa beklentisi",
      source: MARKET_SOURCE,
    }),
    updatePatch: () => ({ expected_ptf_try_per_mwh: 2650 }),
    allowed: {
      select: PRICING_USERS,
      insert: PRICING_INPUT_WRITERS,
      update: PRICING_INPUT_WRITERS,
      delete: PRICING_INPUT_WRITERS,
    },
  },
  price_rules: {
    key: "price_rule_id",
    target: (f) => f.priceRuleId,
    insertRow: () => ({
      rule_kind: "minimum_discount",
      subscriber_group_code: "mesken",
      limit_value: 2,
      valid_from: MARKET_FIXTURE.validFrom,
      is_active: false,
      note: "Yeni kural",
    }),
    updatePatch: () => ({ limit_value: 1.5 }),
    allowed: {
      select: PRICING_USERS,
      insert: PRICING_INPUT_WRITERS,
      update: PRICING_INPUT_WRITERS,
      delete: PRICING_INPUT_WRITERS,
    },
  },
  job_runs: {
    key: "job_run_id",
    target: (f) => f.jobRunId,
    insertRow: (f) => ({
      job_name: `${f.scheduledJobName}-manual`,
      status: "succeeded",
      finished_at: "2026-11-02T09:00:00+03:00",
    }),
    updatePatch: () => ({ progress_done: 1 }),
    allowed: {
      select: JOB_READERS,
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  },
  // Admins pause or reschedule jobs. Jobs are added and removed with the
  // code whose functions they call.
  scheduled_jobs: {
    key: "name",
    target: (f) => f.scheduledJobName,
    insertRow: (f) => ({
      name: `${f.scheduledJobName}-new`,
      cron_expression: "0 4 * * *",
      function_name: "matrix-fixture",
      enabled: false,
    }),
    updatePatch: () => ({ cron_expression: "30 4 * * 1-5" }),
    allowed: {
      select: JOB_READERS,
      insert: NOBODY,
      update: ["admin"],
      delete: NOBODY,
    },
  },
  // Portal: requests and complaints, announcements and party documents.
  service_requests: {
    key: "id",
    target: (f) => f.serviceRequestId,
    insertRow: (f) => ({
      party_id: f.partyIds.k1,
      kind: "request",
      category: "contract",
      subject: "Sözleşme kopyası",
      description: "İmzalı sözleşmenin bir kopyasını rica ederim.",
    }),
    updatePatch: () => ({ status: "in_progress" }),
    allowed: {
      select: PARTY_READERS,
      insert: [
        "admin",
        "manager",
        "call_centre_agent",
        "operations",
        "sales_consultant",
        ...DEALERS_IN_SCOPE,
        "customer_own",
      ],
      update: ["admin", "manager", "call_centre_agent", "operations"],
      delete: ["admin"],
    },
  },
  // Threads are append-only, so no actor may edit or delete a message.
  service_request_messages: {
    key: "id",
    target: (f) => f.serviceRequestMessageId,
    insertRow: (f) => ({
      service_request_id: f.serviceRequestId,
      body: "Talebiniz inceleniyor.",
    }),
    updatePatch: () => ({ body: "Düzeltilmiş mesaj" }),
    allowed: {
      select: PARTY_READERS,
      insert: PARTY_READERS,
      update: NOBODY,
      delete: NOBODY,
    },
  },
  announcements: {
    key: "id",
    target: (f) => f.announcementId,
    insertRow: () => ({
      title_tr: "Yeni tarife",
      title_en: "New tariff",
      body_tr: "Ocak tarifesi yayımlandı.",
      body_en: "The January tariff is out.",
      audience: "dealers",
    }),
    updatePatch: () => ({ audience: "customers" }),
    allowed: {
      select: SIGNED_IN,
      insert: STAFF,
      update: STAFF,
      delete: STAFF,
    },
  },
  party_documents: {
    key: "id",
    target: (f) => f.partyDocumentId,
    insertRow: (f) => ({
      party_id: f.partyIds.k1,
      document_code: "invoice",
      storage_path: f.unrecordedDocumentPath,
      file_name: "kasim-faturasi.pdf",
    }),
    updatePatch: () => ({ file_name: "vergi-levhasi-2026.pdf" }),
    allowed: {
      select: PARTY_READERS,
      insert: [
        "admin",
        "manager",
        "sales_consultant",
        "operations",
        ...DEALERS_IN_SCOPE,
        "customer_own",
      ],
      update: ["admin", "manager"],
      delete: ["admin", "manager"],
    },
  },

  // Sales chain. Offers and the records under them are written by the
  // sales RPCs only. Customers read their sent offers and their contracts,
  // never revisions, alternatives, approvals or sends.
  offers: salesRecord(
    "id",
    (f) => f.offerId,
    (f) => ({
      party_id: f.partyIds.k1,
      dealer_id: f.dealerIds.b,
      state: "draft",
      valid_until: "2099-03-31",
      customer_code: "CMATRIX",
    }),
    { valid_until: "2099-02-28" },
    [...OFFER_SELLERS, "customer_own"],
  ),
  offer_revisions: salesRecord(
    "id",
    (f) => f.offerRevisionId,
    (f) => ({ offer_id: f.offerId, revision_no: 2, consumption: {} }),
    { changes: { note: "changed" } },
    OFFER_SELLERS,
  ),
  offer_revision_metering_points: salesRecord(
    "offer_revision_id",
    (f) => f.offerRevisionId,
    (f) => ({
      offer_revision_id: f.offerRevisionId,
      metering_point_id: f.meteringPointId,
    }),
    { metering_point_id: null },
    OFFER_SELLERS,
  ),
  offer_alternatives: salesRecord(
    "id",
    (f) => f.offerAlternativeId,
    (f) => ({
      offer_revision_id: f.offerRevisionId,
      position: 2,
      label: "Sabit fiyat",
      kind: "fixed_price",
      parameters: { kind: "fixed_price", unit_price_try_per_kwh: 3 },
    }),
    { label: "Değişti" },
    OFFER_SELLERS,
  ),
  offer_state_changes: salesRecord(
    "id",
    (f) => f.offerStateChangeId,
    (f) => ({ offer_id: f.offerId, from_state: "draft", to_state: "sent" }),
    { note: "changed" },
    OFFER_SELLERS,
  ),
  offer_approvals: salesRecord(
    "id",
    (f) => f.offerApprovalId,
    (f) => ({ offer_id: f.offerId, offer_revision_id: f.offerRevisionId }),
    { note: "changed" },
    OFFER_SELLERS,
  ),
  offer_sends: salesRecord(
    "id",
    (f) => f.offerSendId,
    (f) => ({
      offer_id: f.offerId,
      offer_revision_id: f.offerRevisionId,
      recipient_email: "yeni@matrix.test",
    }),
    { message_id: "changed" },
    OFFER_SELLERS,
  ),
  competitor_offers: {
    key: "id",
    target: (f) => f.competitorOfferId,
    insertRow: (f) => ({
      offer_id: f.offerId,
      supplier_name: "Başka Enerji",
      kind: "fixed_price",
      unit_price_try_per_kwh: 2.9,
    }),
    updatePatch: () => ({ discount_pct: 7 }),
    allowed: {
      select: OFFER_SELLERS,
      insert: OFFER_WRITERS,
      update: OFFER_WRITERS,
      delete: OFFER_WRITERS,
    },
  },
  contracts: salesRecord(
    "id",
    (f) => f.contractId,
    (f) => ({
      offer_id: f.offerId,
      offer_alternative_id: f.offerAlternativeId,
      party_id: f.partyIds.k1,
      template_code: "indirimli-2026",
      sales_strategy: "indirimli",
      start_date: "2099-03-01",
      end_date: "2100-02-28",
      price_terms: {},
      termination_terms: {},
      payment_term_days: 10,
      contract_value_try: 1,
      stamp_tax_rate_per_mille: 9.48,
      stamp_tax_try: 0.01,
    }),
    { state: "signed" },
    [...OFFER_SELLERS, "customer_own"],
  ),
  contract_metering_points: salesRecord(
    "contract_id",
    (f) => f.contractId,
    (f) => ({
      contract_id: f.contractId,
      metering_point_id: f.meteringPointId,
    }),
    { metering_point_id: null },
    [...OFFER_SELLERS, "customer_own"],
  ),
  contract_required_documents: {
    key: "contract_id",
    target: (f) => f.contractId,
    insertRow: (f) => ({ contract_id: f.contractId, document_code: "id_copy" }),
    updatePatch: () => ({ received_at: "2099-01-05T10:00:00+03:00" }),
    allowed: {
      select: [...OFFER_SELLERS, "customer_own"],
      insert: NOBODY,
      update: [
        "admin",
        "manager",
        "operations",
        "sales_consultant",
        ...DEALERS_IN_SCOPE,
      ],
      delete: NOBODY,
    },
  },
  registration_batches: salesRecord(
    "id",
    (f) => f.registrationBatchId,
    () => ({ period_month: "2099-03-01", deadline_on: "2099-02-20" }),
    { state: "submitted" },
    STAFF,
  ),
  registration_requests: salesRecord(
    "id",
    (f) => f.registrationRequestId,
    (f) => ({
      metering_point_id: f.meteringPointId,
      contract_id: f.contractId,
      registration_batch_id: f.registrationBatchId,
      state: "rejected",
      rejection_reason: "test",
    }),
    { external_reference: "changed" },
    [...OFFER_SELLERS, "customer_own"],
  ),
  // Meter readings: readable by the users who can view the metering point,
  // written only by the service role (the fetch-readings edge function).
  hourly_readings: {
    key: "metering_point_id",
    target: (f) => f.meteringPointId,
    insertRow: (f) => ({
      metering_point_id: f.meteringPointId,
      hour_start: "2099-02-01T05:00:00+03:00",
      consumption_kwh: 1,
    }),
    updatePatch: () => ({ consumption_kwh: 99 }),
    allowed: {
      select: PARTY_READERS,
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  },
  index_readings: {
    key: "index_reading_id",
    target: (f) => f.indexReadingId,
    insertRow: (f) => ({
      metering_point_id: f.meteringPointId,
      read_at: "2099-02-01T00:00:00+03:00",
      meter_serial: "MTX-NEW",
      register_digits: 6,
      multiplier: 40,
      t1_index_kwh: 1,
      t2_index_kwh: 1,
      t3_index_kwh: 1,
    }),
    updatePatch: () => ({ t1_index_kwh: 200 }),
    allowed: {
      select: PARTY_READERS,
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  },
  reading_flags: {
    key: "reading_flag_id",
    target: (f) => f.readingFlagId,
    insertRow: (f) => ({
      metering_point_id: f.meteringPointId,
      flag_kind: "reset",
      starts_at: "2099-02-01T00:00:00+03:00",
    }),
    updatePatch: () => ({ hour_count: 4 }),
    allowed: {
      select: PARTY_READERS,
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  },
  // Market registration sync: flags written only by the sync-registrations
  // edge function (service role), readable by head-office staff.
  registration_discrepancies: {
    key: "id",
    target: (f) => f.registrationDiscrepancyId,
    insertRow: (f) => ({
      metering_point_code: `MATRIX-${f.suffix}`,
      metering_point_id: f.meteringPointId,
      field: "multiplier",
    }),
    updatePatch: () => ({ market_value: "changed" }),
    allowed: {
      select: HEAD_OFFICE,
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  },
  // E-mail outbox: queued by the sales RPCs and the edge functions, written
  // only by them and the sender; staff who follow scheduled work read it.
  outbox_emails: {
    key: "id",
    target: (f) => f.outboxEmailId,
    insertRow: (f) => ({
      message_id: `<matrix-insert-${f.suffix}@matrix.test>`,
      purpose: "welcome",
      sender_name: "Matrix",
      sender_address: "sender@matrix.test",
      recipient_email: `insert.${f.suffix}@matrix.test`,
      subject: "Matrix insert",
      body_text: "Matrix insert",
      status: "failed",
    }),
    updatePatch: () => ({ subject: "changed" }),
    allowed: {
      select: JOB_READERS,
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  },
};

// A sales table that only the sales RPCs write: `readers` may select, and
// no API user may insert, update or delete.
function salesRecord(
  key: string,
  target: (fixture: Fixture) => string,
  insertRow: (fixture: Fixture) => Record<string, unknown>,
  updatePatch: Record<string, unknown>,
  readers: readonly Actor[],
): TableExpectation {
  return {
    key,
    target,
    insertRow,
    updatePatch: () => updatePatch,
    allowed: {
      select: readers,
      insert: NOBODY,
      update: NOBODY,
      delete: NOBODY,
    },
  };
}
