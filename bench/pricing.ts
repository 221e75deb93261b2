// `npm run bench:pricing`: prices offers on an 8,760-hour profile and
// converts 5,000 three-time metering points x one month to hourly, on a
// stack of its own (free ports, temporary data folder). Prints the figures;
// targets: one offer <= 50 ms, conversion to integer micro-kWh <= 3x one
// scan of the same rows. Also prints the conversion to numeric kWh.
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { configFromEnv, type PortName } from "../stack/src/config.ts";
import { startStack } from "../stack/src/stack.ts";
import { freePort } from "../test/free-port.ts";

const OFFER_RUNS = 20;
const POINTS = 5000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)] as number;
}

// CPU time (user + system, ms) the database backend of `client` has used,
// from /proc: unlike wall time it does not grow when other processes
// compete for the CPUs.
async function backendCpuMs(backendPid: number): Promise<number> {
  const stat = await readFile(`/proc/${backendPid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);

  // Linux reports 100 clock ticks per second on every common platform.
  return ticks * 10;
}

async function backendPidOf(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>(
    "select pg_backend_pid() as pid",
  );

  return rows[0]?.pid as number;
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();

  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function benchOffers(client: pg.Client): Promise<void> {
  // A commercial load shape: higher by day, lower at night, in kWh.
  const kwh = Array.from({ length: 8760 }, (_, hour) => {
    const local = hour % 24;

    return local >= 8 && local < 19
      ? 42.5
      : local >= 19 && local < 23
        ? 30.25
        : 12;
  });
  const input = JSON.stringify({
    distribution_region_code: "kayseri",
    subscriber_group_code: "ticarethane",
    voltage_level_code: "AG",
    tariff_type: "three_time",
    consumption: { hourly: { start: "2025-01-01T00:00:00+03:00", kwh } },
    offer: { kind: "ptf_indexed", margin_try_per_mwh: 150 },
  });
  const sql = "select public.price_offer($1::jsonb) as result";
  await client.query(sql, [input]);
  const backend = await backendPidOf(client);
  const times: number[] = [];
  const cpuBefore = await backendCpuMs(backend);
  for (let run = 0; run < OFFER_RUNS; run++) {
    times.push(await timed(() => client.query(sql, [input])));
  }
  const cpu = ((await backendCpuMs(backend)) - cpuBefore) / OFFER_RUNS;
  const total = times.reduce((a, b) => a + b, 0);
  console.log(
    `Offer on 8,760 hours (12 months, PTF-indexed): ${OFFER_RUNS} runs, ` +
      `median ${median(times).toFixed(1)} ms wall, ` +
      `${cpu.toFixed(0)} ms database CPU per offer, ` +
      `${((OFFER_RUNS * 1000) / total).toFixed(2)} offers/s ` +
      `(target: <= 50 ms per offer)`,
  );
}

// Runs `conversion` and `scan` alternately three times and prints their
// medians, wall time and database CPU, and the ratios.
async function compareWithScan(
  client: pg.Client,
  label: string,
  conversion: string,
  scan: string,
  target: string,
): Promise<void> {
  await client.query(conversion);
  await client.query(scan);
  const backend = await backendPidOf(client);
  const conversions: number[] = [];
  const scans: number[] = [];
  const conversionCpu: number[] = [];
  const scanCpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    let before = await backendCpuMs(backend);
    conversions.push(await timed(() => client.query(conversion)));
    conversionCpu.push((await backendCpuMs(backend)) - before);
    before = await backendCpuMs(backend);
    scans.push(await timed(() => client.query(scan)));
    scanCpu.push((await backendCpuMs(backend)) - before);
  }
  const converted = median(conversions);
  const scanned = median(scans);
  console.log(
    `${label}: median ${converted.toFixed(0)} ms; one scan of the same ` +
      `rows ${scanned.toFixed(0)} ms; ratio ${(converted / scanned).toFixed(2)}` +
      `${target}; database CPU ${median(conversionCpu)} ms against ` +
      `${median(scanCpu)} ms, ratio ` +
      `${(median(conversionCpu) / median(scanCpu)).toFixed(2)}`,
  );
}

async function benchConversion(client: pg.Client): Promise<void> {
  // 5,000 metering points with T1/T2/T3 readings of January 2026.
  await client.query(
    `create temp table bench_readings as
     select
       'mp-' || i as row_key, 'kayseri' as region, 'ticarethane' as grp,
       'OG' as voltage, z.zone, (1000 + (i * 37 + z.n * 11) % 9000) + 0.125 as kwh
     from generate_series(1, $1::integer) i
     cross join (values ('T1', 1), ('T2', 2), ('T3', 3)) z (zone, n)`,
    [POINTS],
  );
  // The rows go in as a column of an earlier FROM item, as a plpgsql caller
  // passes a variable: Postgres inlines the function there, but not where
  // its argument is a sub-select.
  const readings = `
    with readings as (
      select array_agg(row(row_key, region, grp, voltage, 'three_time',
        '2026-01-01'::date, zone, kwh)::private.zone_consumption) as rows
      from bench_readings)`;
  // The same hours stored, in micro-kWh and in kWh. A temporary table is
  // scanned by one process, as the conversion runs.
  await client.query(`
    create temp table bench_hourly as
    select s.*, s.consumption_micro_kwh * 0.000001 as consumption_kwh
    from private.spread_zone_consumption_micro_kwh((
      select array_agg(row(row_key, region, grp, voltage, 'three_time',
        '2026-01-01'::date, zone, kwh)::private.zone_consumption)
      from bench_readings)) s`);
  await client.query("vacuum analyze bench_hourly");
  const { rows } = await client.query<{ rows: string }>(
    "select count(*) as rows from bench_hourly",
  );
  const title =
    `Conversion of ${POINTS} three-time points x January 2026 ` +
    `(${rows[0]?.rows} hourly rows)`;

  await compareWithScan(
    client,
    `${title} to integer micro-kWh`,
    `${readings}
     select count(*), sum(s.consumption_micro_kwh)
     from readings r
     cross join lateral private.spread_zone_consumption_micro_kwh(r.rows) s`,
    "select count(*), sum(consumption_micro_kwh) from bench_hourly",
    " (target: <= 3)",
  );
  await compareWithScan(
    client,
    "The same conversion to numeric kWh",
    `${readings}
     select count(*), sum(s.consumption_kwh)
     from readings r
     cross join lateral private.spread_zone_consumption(r.rows) s`,
    "select count(*), sum(consumption_kwh) from bench_hourly",
    "",
  );
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "enerji-bench-"));
  await chmod(dataDir, 0o755);
  const base = configFromEnv({ STACK_QUIET: "1", STACK_DEMO_READINGS: "0" });
  const ports = { ...base.ports };
  for (const name of Object.keys(ports) as PortName[]) {
    ports[name] = await freePort();
  }
  const stack = await startStack({ ...base, dataDir, ports });
  const client = new pg.Client({ connectionString: stack.status.DB_URL });
  try {
    await client.connect();
    console.log(
      `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), load ` +
        `average ${os.loadavg()[0]?.toFixed(1)}`,
    );
    await benchOffers(client);
    await benchConversion(client);
  } finally {
    await client.end();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
