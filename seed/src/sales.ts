// Demo offers, approvals, sends, contracts and registration requests. They
// need the market data (offers are priced with public.price_offer), so they
// are seeded after it, into a database that has the demo parties.
//
// Each offer covers its party's first metering point with three months of
// consumption. Offers with the same tariff and alternative share one
// pricing, so seeding prices each pair once instead of once per offer.
// States are reached by the same state changes the RPCs make, so the state
// machine, the one-dealer rule and the history triggers check them.
import type pg from "pg";
import { Random } from "./random.ts";

export type SalesSeedResult = {
  seeded: boolean;
  offers: number;
  contracts: number;
  milliseconds: number;
};

type Alternative = {
  label: string;
  kind: "discount" | "fixed_price";
  parameters: Record<string, number>;
};

const ALTERNATIVE_SETS: Alternative[][] = [
  [
    {
      label: "İndirimli %3",
      kind: "discount",
      parameters: { discount_pct: 3 },
    },
    {
      label: "Sabit fiyat",
      kind: "fixed_price",
      parameters: { unit_price_try_per_kwh: 3.9 },
    },
  ],
  [
    {
      label: "İndirimli %18",
      kind: "discount",
      parameters: { discount_pct: 18 },
    },
  ],
];

// The end state of each demo offer, in order; the demo customer's sent
// offer comes first.
const STATES = [
  "sent",
  "draft",
  "awaiting_approval",
  "approved",
  "sent",
  "contracted",
  "rejected",
  "expired",
  "draft",
  "awaiting_approval",
  "approved",
  "sent",
  "contracted",
  "rejected",
  "expired",
  "sent",
  "draft",
  "awaiting_approval",
  "contracted",
  "approved",
  "sent",
  "expired",
  "draft",
  "contracted",
] as const;

type State = (typeof STATES)[number];

// The states an offer passes through to reach its end state.
function pathTo(state: State, needsApproval: boolean): string[] {
  const submitted = needsApproval
    ? ["awaiting_approval", "approved"]
    : ["approved"];
  switch (state) {
    case "draft":
      return [];
    case "awaiting_approval":
      return ["awaiting_approval"];
    case "approved":
      return submitted;
    case "sent":
      return [...submitted, "sent"];
    case "rejected":
      return [...submitted, "sent", "rejected"];
    case "expired":
      return [...submitted, "sent", "expired"];
    case "contracted":
      return [...submitted, "sent", "accepted", "contracted"];
  }
}

// Monthly kWh of a demo point by subscriber group; three-time meters split
// them 50/20/30 over T1/T2/T3.
const MONTHLY_KWH: Record<string, number> = {
  mesken: 400,
  ticarethane: 6000,
  sanayi: 40000,
  tarimsal: 9000,
  aydinlatma: 3000,
};

type Point = {
  party_id: string;
  owner_dealer_id: string | null;
  owner_staff_id: string | null;
  metering_point_id: string;
  distribution_region_code: string;
  subscriber_group_code: string;
  voltage_level_code: string;
  tariff_type: string;
  is_demo_customer: boolean;
  in_main_tree: boolean;
};

function consumptionMonths(point: Point): Array<Record<string, unknown>> {
  const kwh = MONTHLY_KWH[point.subscriber_group_code] ?? 5000;

  return ["2027-01", "2027-02", "2027-03"].map((month) =>
    point.tariff_type === "three_time"
      ? { month, T1: kwh * 0.5, T2: kwh * 0.2, T3: kwh * 0.3 }
      : { month, kwh },
  );
}

// Seeds the demo sales chain unless offers exist. Runs in one transaction.
export async function seedSalesData(
  client: pg.Client,
  seed = 1,
): Promise<SalesSeedResult> {
  const started = performance.now();
  const existing = await client.query("select 1 from public.offers limit 1");
  const parties = await client.query("select 1 from public.parties limit 1");
  if (existing.rowCount || !parties.rowCount) {
    return { seeded: false, offers: 0, contracts: 0, milliseconds: 0 };
  }

  const random = new Random(seed * 7919 + 17);
  await client.query("begin");
  try {
    await client.query(
      "alter table public.offers disable trigger audit_changes",
    );
    await client.query(
      "alter table public.contracts disable trigger audit_changes",
    );
    const result = await insertOffers(client, random);
    await client.query(
      "alter table public.offers enable trigger audit_changes",
    );
    await client.query(
      "alter table public.contracts enable trigger audit_changes",
    );
    await client.query("commit");

    return {
      seeded: true,
      ...result,
      milliseconds: Math.round(performance.now() - started),
    };
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

async function loginOf(client: pg.Client, email: string) {
  const { rows } = await client.query<{
    user_id: string;
    staff_id: string | null;
    dealer_id: string | null;
    party_id: string | null;
  }>(
    `select a.user_id::text, a.staff_id::text, a.dealer_id::text, a.party_id::text
     from public.app_users a join auth.users u on u.id = a.user_id
     where u.email = $1`,
    [email],
  );

  return rows[0];
}

async function actAs(client: pg.Client, userId: string | undefined) {
  await client.query("select set_config('request.jwt.claims', $1, true)", [
    userId ? JSON.stringify({ sub: userId, role: "authenticated" }) : "",
  ]);
}

async function insertOffers(
  client: pg.Client,
  random: Random,
): Promise<{ offers: number; contracts: number }> {
  const consultant = await loginOf(client, "consultant@demo.enerji.test");
  const manager = await loginOf(client, "manager@demo.enerji.test");
  const mainDealer = await loginOf(client, "dealer.main@demo.enerji.test");
  const customer = await loginOf(client, "customer@demo.enerji.test");

  // The demo customer first, then parties of the main dealer's tree, then
  // the others; each with its first metering point.
  const { rows: points } = await client.query<Point>(
    `select distinct on (p.customer_code)
       p.id::text as party_id, p.owner_dealer_id::text, p.owner_staff_id::text,
       m.id::text as metering_point_id, m.distribution_region_code,
       m.subscriber_group_code, m.voltage_level_code, m.tariff_type,
       p.id = $1 as is_demo_customer,
       coalesce(p.owner_dealer_id in (
         select d.id from public.dealers d
         where d.id = $2 or d.parent_dealer_id = $2), false) as in_main_tree
     from public.parties p
     join public.metering_points m on m.party_id = p.id
     order by p.customer_code, m.code`,
    [customer?.party_id ?? null, mainDealer?.dealer_id ?? null],
  );
  const chosen = chooseOffered(points);

  const pricing = new Map<string, { priced: unknown; rules: unknown }>();
  let contracts = 0;
  const count = chosen.length;
  for (let index = 0; index < count; index++) {
    const point = chosen[index] as Point;
    // The demo customer has logins and real points: its offer stays sent,
    // so that the customer can accept it in the portal.
    const state: State = point.is_demo_customer ? "sent" : STATES[index]!;
    const alternatives =
      state === "awaiting_approval" || random.chance(0.2)
        ? (ALTERNATIVE_SETS[1] as Alternative[])
        : (ALTERNATIVE_SETS[0] as Alternative[]);
    const months = consumptionMonths(point);
    const sellerUserId =
      point.owner_dealer_id && point.owner_dealer_id === mainDealer?.dealer_id
        ? mainDealer.user_id
        : consultant?.user_id;

    await actAs(client, sellerUserId);
    const validUntil =
      state === "expired" ? -random.int(2, 20) : random.int(10, 45);
    const offer = await client.query<{ id: string }>(
      `insert into public.offers (party_id, dealer_id, owner_staff_id,
         created_by, valid_until, customer_code)
       select p.id, p.owner_dealer_id, coalesce(p.owner_staff_id, $2),
         $3, (now() at time zone 'Europe/Istanbul')::date + $4::integer,
         p.customer_code
       from public.parties p where p.id = $1
       returning id::text`,
      [
        point.party_id,
        consultant?.staff_id,
        sellerUserId,
        Math.abs(validUntil),
      ],
    );
    const offerId = offer.rows[0]?.id as string;
    const revision = await client.query<{ id: string }>(
      `insert into public.offer_revisions (offer_id, revision_no, consumption,
         created_by)
       values ($1, 1, $2, $3) returning id::text`,
      [
        offerId,
        JSON.stringify({
          metering_point_ids: [point.metering_point_id],
          months,
        }),
        sellerUserId,
      ],
    );
    const revisionId = revision.rows[0]?.id as string;
    await client.query(
      `insert into public.offer_revision_metering_points
         (offer_revision_id, metering_point_id) values ($1, $2)`,
      [revisionId, point.metering_point_id],
    );

    let breaksRules = false;
    for (const [position, alternative] of alternatives.entries()) {
      const input = await client.query<{ input: Record<string, unknown> }>(
        `select private.offer_pricing_input($1, $2)
           || jsonb_build_object('offer', $3::jsonb) as input`,
        [
          JSON.stringify({
            metering_point_ids: [point.metering_point_id],
            months,
          }),
          point.party_id,
          JSON.stringify({ ...alternative.parameters, kind: alternative.kind }),
        ],
      );
      const key = JSON.stringify(input.rows[0]?.input);
      let priced = pricing.get(key);
      if (!priced) {
        const result = await client.query(
          "select public.price_offer($1) as priced, public.check_offer_rules($1) as rules",
          [key],
        );
        priced = result.rows[0] as { priced: unknown; rules: unknown };
        pricing.set(key, priced);
      }
      const inserted = await client.query<{ breaks_rules: boolean }>(
        `insert into public.offer_alternatives (offer_revision_id, position,
           label, kind, parameters, pricing_result, rule_check, breaks_rules,
           consumption_kwh, regulated_bill_try, offer_bill_try, savings_try,
           gross_profit_try)
         select $1, $2, $3, $4, $5::jsonb -> 'offer', $6::jsonb, $7::jsonb,
           jsonb_array_length($7::jsonb -> 'broken_rules') > 0,
           ($6::jsonb #>> '{totals,consumption_kwh}')::numeric,
           ($6::jsonb #>> '{totals,regulated_total_try}')::numeric,
           ($6::jsonb #>> '{totals,offer_total_try}')::numeric,
           ($6::jsonb #>> '{totals,savings_try}')::numeric,
           ($6::jsonb #>> '{totals,gross_profit_try}')::numeric
         returning breaks_rules`,
        [
          revisionId,
          position + 1,
          alternative.label,
          alternative.kind,
          key,
          JSON.stringify(priced.priced),
          JSON.stringify(priced.rules),
        ],
      );
      breaksRules ||= inserted.rows[0]?.breaks_rules ?? false;
    }
    await client.query(
      `update public.offer_revisions set market_snapshot = jsonb_build_object(
         'priced_at', now(),
         'tariff', a.pricing_result -> 'tariff',
         'regulated_basis', a.pricing_result -> 'regulated_basis')
       from public.offer_alternatives a
       where a.offer_revision_id = $1 and a.position = 1
         and offer_revisions.id = $1`,
      [revisionId],
    );

    contracts += await walkStates(client, {
      offerId,
      revisionId,
      path: pathTo(state, breaksRules),
      sellerUserId,
      managerUserId: manager?.user_id,
      validUntil,
    });
  }

  return { offers: count, contracts };
}

// The points that get an offer: the demo customer's, four of the main
// dealer's tree, then the rest from the most common tariffs, because each
// tariff needs its own pricing and pricing is most of the seeding time.
function chooseOffered(points: Point[]): Point[] {
  const tariff = (point: Point) =>
    [
      point.distribution_region_code,
      point.subscriber_group_code,
      point.voltage_level_code,
      point.tariff_type,
    ].join("/");
  const frequency = new Map<string, number>();
  for (const point of points) {
    frequency.set(tariff(point), (frequency.get(tariff(point)) ?? 0) + 1);
  }
  const first = [
    ...points.filter((point) => point.is_demo_customer),
    ...points
      .filter((point) => point.in_main_tree && !point.is_demo_customer)
      .slice(0, 4),
  ];
  const rest = points
    .filter((point) => !first.includes(point))
    .sort(
      (a, b) =>
        (frequency.get(tariff(b)) ?? 0) - (frequency.get(tariff(a)) ?? 0) ||
        tariff(a).localeCompare(tariff(b)),
    );

  return [...first, ...rest].slice(0, STATES.length);
}

type Walk = {
  offerId: string;
  revisionId: string;
  path: string[];
  sellerUserId: string | undefined;
  managerUserId: string | undefined;
  validUntil: number;
};

// Moves an offer along its path with the records each step leaves:
// approvals, the send that freezes the revision, and the contract.
async function walkStates(client: pg.Client, walk: Walk): Promise<number> {
  let contracts = 0;
  for (const state of walk.path) {
    await actAs(
      client,
      state === "approved" && walk.path[0] === "awaiting_approval"
        ? walk.managerUserId
        : walk.sellerUserId,
    );
    if (state === "awaiting_approval") {
      await client.query(
        `insert into public.offer_approvals (offer_id, offer_revision_id,
           requested_by, violations)
         select $1, $2, $3, coalesce(jsonb_agg(jsonb_build_object(
             'offer_alternative_id', a.id, 'position', a.position,
             'label', a.label, 'kind', a.kind,
             'metrics', a.rule_check -> 'metrics',
             'broken_rules', a.rule_check -> 'broken_rules')
             order by a.position), '[]'::jsonb)
         from public.offer_alternatives a
         where a.offer_revision_id = $2 and a.breaks_rules`,
        [walk.offerId, walk.revisionId, walk.sellerUserId],
      );
    }
    if (state === "approved" && walk.path[0] === "awaiting_approval") {
      await client.query(
        `update public.offer_approvals set decision = 'approved',
           decided_by = $2, decided_at = now(),
           note = 'Hacim nedeniyle onaylandı'
         where offer_id = $1 and decision is null`,
        [walk.offerId, walk.managerUserId],
      );
    }
    if (state === "expired") {
      // The offer was valid when sent; its date has passed since.
      await client.query(
        `update public.offers set valid_until =
           (now() at time zone 'Europe/Istanbul')::date + $2::integer
         where id = $1`,
        [walk.offerId, walk.validUntil],
      );
    }
    await client.query(
      `update public.offers set state = $2,
         sent_at = case when $2 = 'sent' then now() else sent_at end
       where id = $1`,
      [walk.offerId, state],
    );
    if (state === "sent") {
      await client.query(
        `insert into public.offer_sends (offer_id, offer_revision_id,
           recipient_email, sent_by, document_paths)
         select o.id, $2, coalesce(p.email, 'teklif@demo.enerji.test'), $3,
           array['offers/' || o.id::text || '/r1/offer.pdf']
         from public.offers o join public.parties p on p.id = o.party_id
         where o.id = $1::uuid`,
        [walk.offerId, walk.revisionId, walk.sellerUserId],
      );
      await client.query(
        "update public.offer_revisions set frozen_at = now() where id = $1",
        [walk.revisionId],
      );
    }
    if (state === "accepted") {
      await client.query(
        `select private.create_contract(o, a)
         from public.offers o, public.offer_alternatives a
         where o.id = $1 and a.offer_revision_id = $2 and a.position = 1`,
        [walk.offerId, walk.revisionId],
      );
      contracts += 1;
    }
  }

  return contracts;
}
