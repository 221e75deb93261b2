// Inserts metering points read by OSOS whose master data matches what the
// OSOS simulator serves for their codes.
import type pg from "pg";
import {
  isIssuableMeteringPointSerial,
  makeMeteringPointEic,
} from "../../shared/eic.ts";
import { describeMeteringPoint } from "../../stack/src/simulators/metering-points.ts";

// The first `count` valid demo codes from serial `first` on; serials whose
// check character would be "-" are skipped.
export function demoCodes(count: number, first = 2_000_001): string[] {
  const codes: string[] = [];
  for (let serial = first; codes.length < count; serial++) {
    if (isIssuableMeteringPointSerial(serial)) {
      codes.push(makeMeteringPointEic(serial));
    }
  }

  return codes;
}

// Inserts active OSOS metering points for `codes` and returns their ids by
// code.
export async function insertOsosPoints(
  db: pg.Client,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const points = codes.map((code) => describeMeteringPoint(code));
  const { rows } = await db.query<{ id: string; code: string }>(
    `insert into public.metering_points (
       code, installation_number, meter_serial, distribution_region_code,
       subscriber_group_code, voltage_level_code, tariff_type,
       connection_power_kw, multiplier, reading_method, status
     )
     select p.code, p.installation_number, p.meter_serial, r.code,
       p.subscriber_group_code, p.voltage_level_code, p.tariff_type,
       p.connection_power_kw, p.multiplier, 'osos', 'active'
     from unnest($1::text[], $2::text[], $3::text[], $4::integer[],
       $5::text[], $6::text[], $7::text[], $8::numeric[], $9::numeric[])
       as p (code, installation_number, meter_serial, distribution_id,
         subscriber_group_code, voltage_level_code, tariff_type,
         connection_power_kw, multiplier)
     join public.distribution_regions as r
       on r.epias_distribution_id = p.distribution_id
     returning id, code`,
    [
      points.map((p) => p.meteringPointEic),
      points.map((p) => p.installationNumber),
      points.map((p) => p.meterSerial),
      points.map((p) => p.distributionId),
      points.map((p) => p.subscriberGroup),
      points.map((p) => p.voltageLevel),
      points.map((p) =>
        p.meterReadingType === 1 ? "three_time" : "single_time",
      ),
      points.map((p) => p.connectionPowerKw),
      points.map((p) => p.multiplier),
    ],
  );

  return new Map(rows.map((row) => [row.code, row.id]));
}
