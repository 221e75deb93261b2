// The three metering points whose readings replay the real OSOS sample,
// given to the demo customer, and the first fetch of their readings. A new
// local stack runs both, so the customer's consumption pages show real data
// before the nightly readings job has run.
import type pg from "pg";
import {
  describeMeteringPoint,
  REAL_SERIES_METERING_POINTS,
} from "../../stack/src/simulators/metering-points.ts";

const DEMO_CUSTOMER_EMAIL = "customer@demo.enerji.test";

// The sample covers 12 June 2025 to 21 August 2026. The readings function
// takes at most 92 days a call, so the span is fetched in quarters.
export const REAL_SERIES_PERIODS: ReadonlyArray<readonly [string, string]> = [
  ["2025-06-01", "2025-09-01"],
  ["2025-09-01", "2025-12-01"],
  ["2025-12-01", "2026-03-01"],
  ["2026-03-01", "2026-06-01"],
  ["2026-06-01", "2026-09-01"],
];

/**
 * Adds the real-series metering points to the demo customer's party, in the
 * portfolio since June 2025. Returns their codes; none when the demo
 * customer does not exist or the points are already there.
 */
export async function seedRealSeriesPoints(
  client: pg.ClientBase,
): Promise<string[]> {
  const party = await client.query<{ party_id: string }>(
    `select a.party_id from public.app_users a
     join auth.users u on u.id = a.user_id
     where u.email = $1 and a.party_id is not null`,
    [DEMO_CUSTOMER_EMAIL],
  );
  const partyId = party.rows[0]?.party_id;
  if (!partyId) {
    return [];
  }
  const codes: string[] = [];
  for (const code of Object.values(REAL_SERIES_METERING_POINTS)) {
    const point = describeMeteringPoint(code);
    const inserted = await client.query(
      `insert into public.metering_points (code, party_id, installation_number,
         meter_serial, distribution_region_code, subscriber_group_code,
         voltage_level_code, tariff_type, connection_power_kw, multiplier,
         reading_method, status, supply_started_on)
       select $1, $2, $3, $4, r.code, $6, $7, $8, $9, $10, 'osos', 'active',
         date '2025-06-01'
       from public.distribution_regions r where r.epias_distribution_id = $5
       on conflict (code) do nothing`,
      [
        point.meteringPointEic,
        partyId,
        point.installationNumber,
        point.meterSerial,
        point.distributionId,
        point.subscriberGroup,
        point.voltageLevel,
        point.meterReadingType === 1 ? "three_time" : "single_time",
        point.connectionPowerKw,
        point.multiplier,
      ],
    );
    if (inserted.rowCount === 1) {
      codes.push(code);
    }
  }

  return codes;
}

/**
 * Calls the readings function for `codes` over the sample's span, one
 * quarter at a time, as the scheduler would. Returns the number of calls
 * that succeeded; a failed call is reported through `log` and the rest go on.
 */
export async function fetchRealSeriesReadings(
  functionsUrl: string,
  serviceRoleKey: string,
  codes: string[],
  log: (line: string) => void,
): Promise<number> {
  let succeeded = 0;
  for (const [start, end] of REAL_SERIES_PERIODS) {
    try {
      const response = await fetch(`${functionsUrl}/fetch-readings`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${serviceRoleKey}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          period_start: start,
          period_end: end,
          metering_point_codes: codes,
        }),
      });
      const body = await response.text();
      if (response.ok) {
        succeeded += 1;
      } else {
        log(
          `fetch-readings ${start} – ${end} failed: HTTP ${response.status} ${body.slice(0, 200)}`,
        );
      }
    } catch (error) {
      log(
        `fetch-readings ${start} – ${end} failed: ${(error as Error).message}`,
      );
    }
  }

  return succeeded;
}
