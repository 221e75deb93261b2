// Stores fetched readings through the client of the chunk's transaction.
// Each store is one set-based statement per batch and leaves rows with
// equal values alone, so storing a batch twice changes nothing. Each
// returns how many rows it inserted or changed.
// @ts-types="npm:@types/pg@8.23.1"
import type pg from "npm:pg@8.23.1";
import type { FlagRow, HourRow, IndexRow } from "./readings-batch.ts";

export async function storeHours(
  db: pg.Client,
  hours: readonly HourRow[],
  jobRunId: string,
): Promise<number> {
  if (hours.length === 0) {
    return 0;
  }
  const { rows } = await db.query<{ written: number }>(
    `select private.store_hourly_readings(
       $1::uuid[], $2::timestamptz[], $3::numeric[], $4::numeric[],
       $5::text[], $6::text[], $7::text[], $8::numeric[], $9::numeric[], $10
     ) as written`,
    [
      hours.map((hour) => hour.meteringPointId),
      hours.map((hour) => hour.hourStart),
      hours.map((hour) => hour.consumptionKwh),
      hours.map((hour) => hour.injectionKwh),
      hours.map((hour) => hour.consumptionQuality),
      hours.map((hour) => hour.injectionQuality),
      hours.map((hour) => hour.estimationMethod),
      hours.map((hour) => hour.meterConsumptionKwh),
      hours.map((hour) => hour.meterInjectionKwh),
      jobRunId,
    ],
  );

  return rows[0]?.written ?? 0;
}

export async function storeFlags(
  db: pg.Client,
  flags: readonly FlagRow[],
  jobRunId: string,
): Promise<number> {
  if (flags.length === 0) {
    return 0;
  }
  const result = await db.query(
    `insert into public.reading_flags as f (
       metering_point_id, flag_kind, channel, starts_at, hour_count,
       meter_value_kwh, detail, job_run_id
     )
     select b.*, $8::uuid
     from unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[],
       $5::integer[], $6::numeric[], $7::jsonb[]) as b
     on conflict (metering_point_id, flag_kind, channel, starts_at) do update
     set hour_count = excluded.hour_count,
         meter_value_kwh = excluded.meter_value_kwh,
         detail = excluded.detail,
         job_run_id = excluded.job_run_id
     where (f.hour_count, f.meter_value_kwh, f.detail)
       is distinct from (excluded.hour_count, excluded.meter_value_kwh,
         excluded.detail)`,
    [
      flags.map((flag) => flag.meteringPointId),
      flags.map((flag) => flag.kind),
      flags.map((flag) => flag.channel),
      flags.map((flag) => flag.startsAt),
      flags.map((flag) => flag.hourCount),
      flags.map((flag) => flag.meterValueKwh),
      flags.map((flag) => JSON.stringify(flag.detail)),
      jobRunId,
    ],
  );

  return result.rowCount ?? 0;
}

export async function storeIndexReadings(
  db: pg.Client,
  readings: readonly IndexRow[],
  jobRunId: string,
): Promise<number> {
  if (readings.length === 0) {
    return 0;
  }
  const result = await db.query(
    `insert into public.index_readings as i (
       metering_point_id, read_at, meter_serial, register_digits, multiplier,
       t1_index_kwh, t2_index_kwh, t3_index_kwh, total_index_kwh,
       export_index_kwh, job_run_id
     )
     select b.*, $11::uuid
     from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::smallint[],
       $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[],
       $9::numeric[], $10::numeric[]) as b
     on conflict (metering_point_id, meter_serial, read_at) do update
     set register_digits = excluded.register_digits,
         multiplier = excluded.multiplier,
         t1_index_kwh = excluded.t1_index_kwh,
         t2_index_kwh = excluded.t2_index_kwh,
         t3_index_kwh = excluded.t3_index_kwh,
         total_index_kwh = excluded.total_index_kwh,
         export_index_kwh = excluded.export_index_kwh,
         job_run_id = excluded.job_run_id
     where (i.register_digits, i.multiplier, i.t1_index_kwh, i.t2_index_kwh,
         i.t3_index_kwh, i.total_index_kwh, i.export_index_kwh)
       is distinct from (excluded.register_digits, excluded.multiplier,
         excluded.t1_index_kwh, excluded.t2_index_kwh, excluded.t3_index_kwh,
         excluded.total_index_kwh, excluded.export_index_kwh)`,
    [
      readings.map((row) => row.meteringPointId),
      readings.map((row) => row.reading.readAt),
      readings.map((row) => row.reading.meterSerial),
      readings.map((row) => row.reading.registerDigits),
      readings.map((row) => String(row.reading.multiplier)),
      readings.map((row) => String(row.reading.t1Index)),
      readings.map((row) => String(row.reading.t2Index)),
      readings.map((row) => String(row.reading.t3Index)),
      readings.map((row) =>
        row.reading.totalIndex === null ? null : String(row.reading.totalIndex),
      ),
      readings.map((row) =>
        row.reading.exportIndex === null
          ? null
          : String(row.reading.exportIndex),
      ),
      jobRunId,
    ],
  );

  return result.rowCount ?? 0;
}
