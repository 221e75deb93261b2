// Benchmark of the REST layer: a filtered, embedded, counted list over
// 100,000 contracts through /rest/v1, beside the same query sent to Postgres
// directly. Starts its own stack on free ports in a temporary folder.
//   npm run bench:rest [-- --requests 400 --concurrency 8]
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { configFromEnv, type PortName } from "../stack/src/config.ts";
import { startStack } from "../stack/src/stack.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);

  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const REQUESTS = option("--requests", 400);
const CONCURRENCY = option("--concurrency", 8);
const ROWS = 100_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

function percentile(sorted: number[], share: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(share * sorted.length) - 1,
  );

  return sorted[Math.max(0, index)] as number;
}

type Figures = { p50: number; p99: number; rps: number };

// Latency from sequential calls; throughput from `concurrency` callers.
async function measure(
  call: () => Promise<void>,
  concurrency: number,
): Promise<Figures> {
  for (let i = 0; i < 20; i++) {
    await call();
  }
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  let left = REQUESTS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left > 0) {
        left--;
        await call();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  return {
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    rps: REQUESTS / seconds,
  };
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), "enerji-bench-"));
await chmod(dataDir, 0o755);
const base = configFromEnv({ STACK_QUIET: "1", STACK_DEMO_READINGS: "0" });
const ports = { ...base.ports };
for (const name of [
  "api",
  "db",
  "smtp",
  "mail",
  "admin",
  "portal",
] as PortName[]) {
  ports[name] = await freePort();
}
const stack = await startStack({ ...base, dataDir, ports, quiet: true });
try {
  const db = new pg.Client({ connectionString: stack.status.DB_URL });
  await db.connect();
  await db.query(`
    create table public.bench_customers (
      id bigint generated always as identity primary key,
      full_name text not null
    );
    comment on table public.bench_customers is 'Customers of the REST benchmark.';
    create table public.bench_contracts (
      id bigint generated always as identity primary key,
      code text not null unique,
      customer_id bigint not null references public.bench_customers,
      status text not null,
      amount_try numeric(12,2) not null
    );
    comment on table public.bench_contracts is 'Contracts of the REST benchmark.';
    create index on public.bench_contracts (customer_id);
    insert into public.bench_customers (full_name)
      select 'Customer ' || g from generate_series(1, 10000) g;
    insert into public.bench_contracts (code, customer_id, status, amount_try)
      select 'C-' || g, 1 + (g % 10000), (array['active','ended','draft'])[1 + g % 3], (g % 1000) + 0.5
      from generate_series(1, ${ROWS}) g;
    analyze public.bench_customers, public.bench_contracts;
    notify pgrst, 'reload schema';
  `);

  const url = `${stack.status.REST_URL}/bench_contracts?select=id,code,amount_try,customer:bench_customers(full_name)&status=eq.active&amount_try=gte.500&order=id.desc&limit=20`;
  const headers = {
    apikey: stack.status.ANON_KEY,
    Authorization: `Bearer ${stack.status.ANON_KEY}`,
    Prefer: "count=exact",
  };
  // the schema cache reloads in the background after the notification
  let check = await fetch(url, { headers });
  for (let attempt = 0; check.status === 404 && attempt < 200; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    check = await fetch(url, { headers });
  }
  const body = (await check.json()) as unknown[];
  const range = check.headers.get("content-range");

  const direct = new pg.Pool({
    connectionString: stack.status.DB_URL,
    max: CONCURRENCY,
  });
  const sql = `
    select (select count(*) from public.bench_contracts c where c.status = $1 and c.amount_try >= $2) as total,
      coalesce(json_agg(t), '[]')::text as body
    from (
      select c.id, c.code, c.amount_try,
        (select row_to_json(x) from (select cu.full_name from public.bench_customers cu where cu.id = c.customer_id) x) as customer
      from public.bench_contracts c
      where c.status = $1 and c.amount_try >= $2
      order by c.id desc limit 20
    ) t`;
  const directResult = await direct.query(sql, ["active", "500"]);
  if (
    range !== `0-19/${directResult.rows[0].total}` ||
    JSON.stringify(body) !==
      JSON.stringify(JSON.parse(directResult.rows[0].body))
  ) {
    throw new Error(
      `the REST response differs from the direct query result (${range})`,
    );
  }

  const rest = await measure(async () => {
    const response = await fetch(url, { headers });
    await response.text();
  }, CONCURRENCY);
  const sqlOnly = await measure(async () => {
    await direct.query(sql, ["active", "500"]);
  }, CONCURRENCY);
  await direct.end();
  await db.end();

  const line = (name: string, f: Figures) =>
    `${name.padEnd(12)} p50 ${f.p50.toFixed(2)} ms   p99 ${f.p99.toFixed(2)} ms   ${f.rps.toFixed(0)} req/s (${CONCURRENCY} callers)`;
  console.log(
    `list of ${ROWS} contracts, ${range} rows counted, ${REQUESTS} requests each`,
  );
  console.log(line("REST", rest));
  console.log(line("direct SQL", sqlOnly));
  console.log(
    `overhead ratio at p50: ${(rest.p50 / sqlOnly.p50).toFixed(2)} (p99: ${(rest.p99 / sqlOnly.p99).toFixed(2)})`,
  );
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
