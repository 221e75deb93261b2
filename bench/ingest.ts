// `npm run bench:ingest`: stores 5,000 metering points x one month of
// hourly readings (January 2026, 3,720,000 rows) into public.hourly_readings
// the way fetch-readings does. That is one call of
// private.store_hourly_readings per chunk of points, with the batch as
// parallel arrays. Then it stores the same rows with a plain COPY FROM
// STDIN into the same, emptied table, and prints the rows per second of
// both and their ratio (target: at most 2). It runs on a stack of its own
// (free ports, temporary data folder). BENCH_POINTS and BENCH_CHUNK_POINTS
// change the size.
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import {
  isIssuableMeteringPointSerial,
  makeMeteringPointEic,
} from "../shared/eic.ts";
import { configFromEnv, type PortName } from "../stack/src/config.ts";
import { startStack } from "../stack/src/stack.ts";
import { freePort } from "../test/free-port.ts";

const POINTS = Number(process.env.BENCH_POINTS ?? 5000);
const CHUNK_POINTS = Number(process.env.BENCH_CHUNK_POINTS ?? 100);
const MONTH_START_MS = Date.parse("2026-01-01T00:00:00+03:00");
const HOURS = 31 * 24;
const HOUR_MS = 3_600_000;

type Chunk = {
  pointIds: string[];
  hourStarts: string[];
  consumption: string[];
  injection: string[];
};

// Deterministic readings: consumption with a daily shape, injection by day
// on every fifth point.
function buildChunk(pointIds: readonly string[], first: number): Chunk {
  const chunk: Chunk = {
    pointIds: [],
    hourStarts: [],
    consumption: [],
    injection: [],
  };
  pointIds.forEach((pointId, p) => {
    for (let h = 0; h < HOURS; h++) {
      const hourOfDay = h % 24;
      const milli = (((first + p) * 37 + h * 101) % 5000) + hourOfDay * 250;
      const injectionMilli =
        (first + p) % 5 === 0 && hourOfDay >= 8 && hourOfDay < 17
          ? (h * 13) % 9000
          : 0;
      chunk.pointIds.push(pointId);
      chunk.hourStarts.push(
        new Date(MONTH_START_MS + h * HOUR_MS).toISOString(),
      );
      chunk.consumption.push((milli / 1000).toFixed(3));
      chunk.injection.push((injectionMilli / 1000).toFixed(3));
    }
  });

  return chunk;
}

// CPU time (user + system, ms) of a database backend, from /proc.
async function backendCpuMs(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>(
    "select pg_backend_pid() as pid",
  );
  const stat = await readFile(`/proc/${rows[0]?.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");

  // Linux reports 100 clock ticks per second on every common platform.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

// A COPY FROM STDIN for node-postgres, which has no copy API of its own:
// the client calls these hooks as the protocol messages arrive.
class CopyIn {
  private callback: (error?: Error) => void = () => undefined;
  private failure: Error | undefined;
  readonly done: Promise<void>;
  private settle: { resolve: () => void; reject: (e: Error) => void } = {
    resolve: () => undefined,
    reject: () => undefined,
  };

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  submit(connection: { query: (text: string) => void }): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: {
    sendCopyFromChunk: (chunk: Buffer) => void;
    endCopyFrom: () => void;
  }): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.failure) {
      this.settle.reject(this.failure);
    } else {
      this.settle.resolve();
    }
    this.callback();
  }

  handleError(error: Error): void {
    this.failure = error;
  }
}

function copyText(chunk: Chunk): Buffer {
  const lines: string[] = [];
  for (let k = 0; k < chunk.pointIds.length; k++) {
    lines.push(
      `${chunk.pointIds[k]}\t${chunk.hourStarts[k]}\t${chunk.consumption[k]}\t${chunk.injection[k]}\tmeasured\tmeasured\t\\N\t\\N\t\\N\n`,
    );
  }

  return Buffer.from(lines.join(""));
}

async function storeChunk(client: pg.Client, chunk: Chunk): Promise<void> {
  const count = chunk.pointIds.length;
  const measured = new Array<string>(count).fill("measured");
  const none = new Array<null>(count).fill(null);
  await client.query("begin");
  await client.query(
    `select private.store_hourly_readings(
       $1::uuid[], $2::timestamptz[], $3::numeric[], $4::numeric[],
       $5::text[], $6::text[], $7::text[], $8::numeric[], $9::numeric[], null)`,
    [
      chunk.pointIds,
      chunk.hourStarts,
      chunk.consumption,
      chunk.injection,
      measured,
      measured,
      none,
      none,
      none,
    ],
  );
  await client.query("commit");
}

async function copyChunk(client: pg.Client, chunk: Chunk): Promise<void> {
  const copy = new CopyIn(
    `copy public.hourly_readings (metering_point_id, hour_start,
       consumption_kwh, injection_kwh, consumption_quality, injection_quality,
       estimation_method, meter_consumption_kwh, meter_injection_kwh)
     from stdin`,
    copyText(chunk),
  );
  await client.query("begin");
  client.query(copy as unknown as pg.QueryConfig);
  await copy.done;
  await client.query("commit");
}

async function timedRun(
  client: pg.Client,
  pointIds: readonly string[],
  store: (client: pg.Client, chunk: Chunk) => Promise<void>,
): Promise<{ seconds: number; cpuSeconds: number }> {
  const cpuBefore = await backendCpuMs(client);
  const started = process.hrtime.bigint();
  for (let first = 0; first < pointIds.length; first += CHUNK_POINTS) {
    const ids = pointIds.slice(first, first + CHUNK_POINTS);
    await store(client, buildChunk(ids, first));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  return {
    seconds,
    cpuSeconds: ((await backendCpuMs(client)) - cpuBefore) / 1000,
  };
}

// Valid metering point codes for `count` points, from a serial far above
// the demo data's and skipping the serials whose check character would be
// "-".
function benchCodes(count: number): string[] {
  const codes: string[] = [];
  for (let serial = 500_000_000_001; codes.length < count; serial++) {
    if (isIssuableMeteringPointSerial(serial)) {
      codes.push(makeMeteringPointEic(serial));
    }
  }

  return codes;
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
    const { rows } = await client.query<{ id: string }>(
      `insert into public.metering_points (
         code, installation_number, meter_serial, distribution_region_code,
         subscriber_group_code, voltage_level_code, tariff_type,
         connection_power_kw, reading_method, status
       )
       select c.code, (900000000 + c.n)::text,
         'BENCH-' || c.n, 'kayseri', 'ticarethane', 'AG', 'three_time', 30,
         'osos', 'active'
       from unnest($1::text[]) with ordinality as c (code, n)
       returning id`,
      [benchCodes(POINTS)],
    );
    const pointIds = rows.map((row) => row.id);
    const total = pointIds.length * HOURS;
    await client.query(
      `select private.ensure_month_partitions('public.hourly_readings',
         '2026-01-01T00:00:00+03:00', '2026-02-01T00:00:00+03:00')`,
    );
    console.log(
      `Rows: ${POINTS} metering points x ${HOURS} hours = ${total.toLocaleString("en")}, chunks of ${CHUNK_POINTS} points`,
    );

    const stored = await timedRun(client, pointIds, storeChunk);
    await client.query("truncate public.hourly_readings");
    await client.query("checkpoint");
    const copied = await timedRun(client, pointIds, copyChunk);

    const rate = (seconds: number) =>
      Math.round(total / seconds).toLocaleString("en");
    console.log(
      `store_hourly_readings: ${stored.seconds.toFixed(1)} s, ${rate(stored.seconds)} rows/s (database CPU ${stored.cpuSeconds.toFixed(1)} s)`,
    );
    console.log(
      `COPY FROM STDIN:       ${copied.seconds.toFixed(1)} s, ${rate(copied.seconds)} rows/s (database CPU ${copied.cpuSeconds.toFixed(1)} s)`,
    );
    console.log(
      `Ratio (wall time): ${(stored.seconds / copied.seconds).toFixed(2)}; ` +
        `ratio (database CPU): ${(stored.cpuSeconds / copied.cpuSeconds).toFixed(2)}; target <= 2`,
    );
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
