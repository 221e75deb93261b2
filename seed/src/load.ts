// Writes the demo data set into a freshly migrated database with a few
// multi-row inserts (one jsonb_populate_recordset per table), and creates
// the demo logins in auth.users and auth.identities.
import type pg from "pg";
import { DEMO_LOGINS, DEMO_PASSWORD, type DemoRole } from "./demo-logins.ts";
import {
  type DataSet,
  type District,
  generateDataSet,
  type Province,
  type Row,
} from "./generate.ts";

export type SeedResult = {
  seeded: boolean;
  milliseconds: { generate: number; insert: number; total: number };
  counts: Record<string, number>;
  // Milliseconds spent inserting each table, and the logins.
  tableMilliseconds: Record<string, number>;
};

const AUDITED_TABLES = [
  "parties",
  "metering_points",
  "dealers",
  "staff",
  "app_users",
];

async function insertRows(
  client: pg.Client,
  table: string,
  rows: Row[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const columns = Object.keys(rows[0] as Row);
  const list = columns
    .map((column) => client.escapeIdentifier(column))
    .join(", ");
  const target = `public.${client.escapeIdentifier(table)}`;
  const batchSize = 2_500;
  for (let start = 0; start < rows.length; start += batchSize) {
    await client.query(
      `insert into ${target} (${list})
       select ${list} from jsonb_populate_recordset(null::${target}, $1::jsonb)`,
      [JSON.stringify(rows.slice(start, start + batchSize))],
    );
  }
}

async function insertLogins(client: pg.Client, data: DataSet): Promise<void> {
  const users = data.accounts.map((account) => ({
    id: account.userId,
    email: account.email,
    full_name: account.fullName,
  }));
  await client.query(
    `insert into auth.users (
       instance_id, id, aud, role, email, encrypted_password,
       email_confirmed_at, raw_app_meta_data, raw_user_meta_data,
       created_at, updated_at, confirmation_token, recovery_token,
       email_change_token_new, email_change
     )
     select
       '00000000-0000-0000-0000-000000000000', u.id, 'authenticated',
       'authenticated', u.email, hash.value,
       now(), '{"provider": "email", "providers": ["email"]}'::jsonb,
       jsonb_build_object('full_name', u.full_name),
       now(), now(), '', '', '', ''
     from jsonb_to_recordset($1::jsonb) as u (id uuid, email text, full_name text)
     -- One bcrypt hash serves every demo login: they share one password,
     -- and hashing it once saves most of the time spent on logins.
     cross join (
       select extensions.crypt($2, extensions.gen_salt('bf', 10)) as value
     ) as hash`,
    [JSON.stringify(users), DEMO_PASSWORD],
  );
  await client.query(
    `insert into auth.identities (
       provider_id, user_id, identity_data, provider, last_sign_in_at,
       created_at, updated_at
     )
     select u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email,
         'email_verified', true, 'phone_verified', false),
       'email', null, now(), now()
     from jsonb_to_recordset($1::jsonb) as u (id uuid, email text)`,
    [JSON.stringify(users)],
  );
  await insertRows(
    client,
    "app_users",
    data.accounts.map((account) => ({
      user_id: account.userId,
      staff_id: account.staffId,
      dealer_id: account.dealerId,
      party_id: account.partyId,
    })),
  );
}

// Seeds the database unless it already contains an organisation row. Runs
// in one transaction, so a failure leaves the database as migrated.
export async function seedDatabase(
  client: pg.Client,
  seed = 1,
): Promise<SeedResult> {
  const started = performance.now();
  const existing = await client.query(
    "select 1 from public.organisation_settings",
  );
  if (existing.rowCount) {
    return {
      seeded: false,
      milliseconds: { generate: 0, insert: 0, total: 0 },
      counts: {},
      tableMilliseconds: {},
    };
  }
  const provinces = await client.query<Province>(
    "select plate_code, name, distribution_region_code from public.provinces order by plate_code",
  );
  const districts = await client.query<District>(
    "select id, province_plate_code, name, distribution_region_code from public.districts order by id",
  );
  const data = generateDataSet(seed, {
    provinces: provinces.rows,
    districts: districts.rows,
  });
  const generated = performance.now();

  const tables: Array<[string, Row[]]> = [
    ["organisation_settings", [data.organisation]],
    ["staff", data.staff],
    ["dealers", data.dealers],
    ["dealer_contacts", data.dealerContacts],
    ["parties", data.parties],
    ["party_contacts", data.partyContacts],
    ["meter_groups", data.meterGroups],
    ["metering_points", data.meteringPoints],
    ["meetings", data.meetings],
    ["meeting_participants", data.meetingParticipants],
    ["actions", data.actions],
    ["sales_targets", data.salesTargets],
  ];
  const tableMilliseconds: Record<string, number> = {};
  await client.query("begin");
  try {
    // The demo rows are the starting point, not changes, so the audit
    // triggers stay off while they are loaded (inside this transaction).
    for (const table of AUDITED_TABLES) {
      await client.query(
        `alter table public.${table} disable trigger audit_changes`,
      );
    }
    for (const [table, rows] of tables) {
      const tableStarted = performance.now();
      await insertRows(client, table, rows);
      tableMilliseconds[table] = Math.round(performance.now() - tableStarted);
    }
    const loginsStarted = performance.now();
    await insertLogins(client, data);
    tableMilliseconds.logins = Math.round(performance.now() - loginsStarted);
    for (const table of AUDITED_TABLES) {
      await client.query(
        `alter table public.${table} enable trigger audit_changes`,
      );
    }
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
  const finished = performance.now();

  return {
    seeded: true,
    milliseconds: {
      generate: Math.round(generated - started),
      insert: Math.round(finished - generated),
      total: Math.round(finished - started),
    },
    counts: Object.fromEntries(
      tables.map(([table, rows]) => [table, rows.length]),
    ),
    tableMilliseconds,
  };
}

export type DemoLoginStatus = {
  email: string;
  role: DemoRole;
  description: string;
  password: string;
};

// Lists the demo logins that exist in this database (none if it was never
// seeded), for the stack's status block.
export async function listDemoLogins(
  client: pg.Client,
): Promise<DemoLoginStatus[]> {
  const { rows } = await client.query<{ email: string }>(
    "select email from auth.users where email = any($1::text[])",
    [DEMO_LOGINS.map((login) => login.email)],
  );
  const present = new Set(rows.map((row) => row.email));

  return DEMO_LOGINS.filter((login) => present.has(login.email)).map(
    (login) => ({ ...login, password: DEMO_PASSWORD }),
  );
}
