import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { validateHourlySeries } from "../../../functions/_shared/readings/hourly-validation.ts";
import { consumptionFromIndexes } from "../../../functions/_shared/readings/index-consumption.ts";
import { makeMeteringPointEic } from "../../../shared/eic.ts";
import { ROOT_DIR } from "../../src/config.ts";
import {
  describeMeteringPoint,
  REAL_SERIES_METERING_POINTS,
} from "../../src/simulators/metering-points.ts";
import { control, ososToken, parseCsv, postJson } from "./client.ts";

const stack = inject("stack");
const OSOS = stack.OSOS_URL as string;
const CONTROL = stack.OSOS_SIMULATOR_URL as string;
const USER = "osos-tests";
const SAMPLE = parseCsv(
  readFileSync(
    path.resolve(
      ROOT_DIR,
      "..",
      "shared",
      "market-data",
      "osos-hourly-sample-meram-edas-2025-2026.csv",
    ),
    "utf8",
  ),
);

type LoadItem = {
  timestamp: string;
  importKwh: number;
  exportKwh: number;
  reactiveInductiveKvarh: number | null;
  reactiveCapacitiveKvarh: number | null;
};
type LoadProfile = {
  installationNumber: string;
  meteringPointEic: string;
  multiplier: number;
  page: {
    number: number;
    size: number;
    totalItems: number;
    totalPages: number;
  };
  items: LoadItem[];
};
type IndexReading = {
  readAt: string;
  meterSerial: string;
  registerDigits: number;
  multiplier: number;
  t1Index: number;
  t2Index: number;
  t3Index: number;
  exportIndex: number;
};

let token = "";

async function get(resource: string, user = USER) {
  const bearer = user === USER ? token : await ososToken(OSOS, user);

  return fetch(`${OSOS}/${resource}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
}

function query(start: string, end: string, extra = "") {
  return `start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}${extra}`;
}

// Hundredths of a kWh from the sample's decimal text.
function hundredths(text: string): number {
  return Math.round(Number(text) * 100);
}

beforeAll(async () => {
  token = await ososToken(OSOS, USER);
});

describe("OSOS simulator authentication", () => {
  it("should reject a wrong password", async () => {
    const response = await postJson(`${OSOS}/auth/token`, {
      username: USER,
      password: "wrong",
    });

    expect(response.status).toBe(401);
  });

  it("should answer 401 without a token", async () => {
    const response = await fetch(
      `${OSOS}/meters/${REAL_SERIES_METERING_POINTS.site_1}`,
    );

    expect(response.status).toBe(401);
  });

  it("should reject an expired token", async () => {
    const user = "osos-expiry";
    const own = await ososToken(OSOS, user);
    await control(`${CONTROL}/_control/tokens/expire`, "POST", { scope: user });
    const response = await fetch(
      `${OSOS}/meters/${REAL_SERIES_METERING_POINTS.site_1}`,
      {
        headers: { authorization: `Bearer ${own}` },
      },
    );

    expect(response.status).toBe(401);
  });
});

describe("OSOS meters", () => {
  it("should find a meter by EIC and installation number", async () => {
    const eic = REAL_SERIES_METERING_POINTS.site_3;
    const byCode = await get(`meters/${eic}`);
    const meter = (await byCode.json()) as Record<string, unknown>;
    const byNumber = await get(`meters/${meter.installationNumber}`);

    expect(byCode.status).toBe(200);
    expect(meter).toMatchObject({
      meteringPointEic: eic,
      installationNumber: "1021000013",
      multiplier: 3150,
      tariffType: "three_time",
    });
    expect(await byNumber.json()).toEqual(meter);
  });

  it("should answer 404 for an invalid code", async () => {
    const response = await get("meters/40Z0000000000011");

    expect(response.status).toBe(404);
  });
});

describe("OSOS real series", () => {
  it.each(["site_1", "site_2", "site_3"] as const)(
    "should replay every %s row",
    async (site) => {
      const rows = SAMPLE.filter((row) => row.site === site);
      const firstMs = Date.parse(rows[0]?.timestamp as string);
      const endMs = Date.parse(rows.at(-1)?.timestamp as string) + 3_600_000;
      const items: LoadItem[] = [];
      // The service serves at most 400 days per request, so fetch by 200.
      const chunkMs = 200 * 86_400_000;
      for (let from = firstMs; from < endMs; from += chunkMs) {
        const to = Math.min(endMs, from + chunkMs);
        for (let page = 1; ; page++) {
          const response = await get(
            `meters/${REAL_SERIES_METERING_POINTS[site]}/load-profile?${query(new Date(from).toISOString(), new Date(to).toISOString(), `&page=${page}&pageSize=2000`)}`,
          );
          const body = (await response.json()) as LoadProfile;
          items.push(...body.items);
          if (page >= body.page.totalPages) {
            break;
          }
        }
      }

      expect(items).toHaveLength(rows.length);
      expect(items.map((item) => item.timestamp)).toEqual(
        rows.map((row) => row.timestamp),
      );
      expect(items.map((item) => Math.round(item.importKwh * 100))).toEqual(
        rows.map((row) => hundredths(row.import_kwh as string)),
      );
      expect(items.map((item) => Math.round(item.exportKwh * 100))).toEqual(
        rows.map((row) => hundredths(row.export_kwh as string)),
      );
    },
  );

  it("should keep the site_3 reset and gaps", async () => {
    const response = await get(
      `meters/${REAL_SERIES_METERING_POINTS.site_3}/load-profile?${query("2025-07-18T00:00:00+03:00", "2025-07-19T00:00:00+03:00")}`,
    );
    const body = (await response.json()) as LoadProfile;
    const reset = body.items.find(
      (item) => item.timestamp === "2025-07-18T12:00:00+03:00",
    );
    const result = validateHourlySeries(body.items);

    expect(reset?.importKwh).toBe(-20896662.15);
    expect(result.flags.filter((flag) => flag.kind === "reset")).toHaveLength(
      1,
    );
    expect(result.missingHourCount).toBeGreaterThan(0);
  });

  it("should page the load profile", async () => {
    const response = await get(
      `meters/${REAL_SERIES_METERING_POINTS.site_1}/load-profile?${query("2025-07-01T00:00:00+03:00", "2025-08-01T00:00:00+03:00", "&page=2&pageSize=100")}`,
    );
    const body = (await response.json()) as LoadProfile;
    const inMonth = SAMPLE.filter(
      (row) => row.site === "site_1" && row.timestamp?.startsWith("2025-07"),
    );

    expect(body.page).toEqual({
      number: 2,
      size: 100,
      totalItems: inMonth.length,
      totalPages: Math.ceil(inMonth.length / 100),
    });
    expect(body.items[0]?.timestamp).toBe(inMonth[100]?.timestamp);
  });

  it("should give index readings that match the load profile", async () => {
    const eic = REAL_SERIES_METERING_POINTS.site_2;
    const range = query(
      "2026-03-01T00:00:00+03:00",
      "2026-03-03T00:00:00+03:00",
    );
    const readings = (
      (await (await get(`meters/${eic}/index-readings?${range}`)).json()) as {
        items: IndexReading[];
      }
    ).items;
    const load = (
      (await (
        await get(`meters/${eic}/load-profile?${range}`)
      ).json()) as LoadProfile
    ).items;

    expect(readings.map((reading) => reading.readAt)).toEqual([
      "2026-03-01T00:00:00+03:00",
      "2026-03-02T00:00:00+03:00",
    ]);
    // The sample lacks 2026-03-01 13:00, so 14:00 contains the catch-up.
    const sampleRows = SAMPLE.filter(
      (row) =>
        row.site === "site_2" && /^2026-03-0[12]/.test(row.timestamp ?? ""),
    );
    expect(load).toHaveLength(sampleRows.length);
    expect(load).toHaveLength(47);
    const firstDay = load.filter((item) =>
      item.timestamp.startsWith("2026-03-01"),
    );
    const t1Hundredths = firstDay
      .filter((item) => {
        const hour = Number(item.timestamp.slice(11, 13));

        return hour >= 6 && hour < 17;
      })
      .reduce((sum, item) => sum + Math.round(item.importKwh * 100), 0);
    const [from, to] = readings;
    const advanceMilli = Math.round(
      ((to?.t1Index ?? 0) - (from?.t1Index ?? 0)) * 1000,
    );

    expect(advanceMilli * 1890).toBe(t1Hundredths * 10);
  });
});

describe("OSOS demo meters", () => {
  const eic = makeMeteringPointEic(777000001);
  const master = describeMeteringPoint(eic);

  it("should give a full month of hourly data", async () => {
    const response = await get(
      `meters/${eic}/load-profile?${query("2025-01-01T00:00:00+03:00", "2025-02-01T00:00:00+03:00")}`,
    );
    const body = (await response.json()) as LoadProfile;

    expect(body.page.totalItems).toBe(744);
    expect(body.items[0]?.timestamp).toBe("2025-01-01T00:00:00+03:00");
    expect(body.multiplier).toBe(master.multiplier);
    expect(
      body.items.every((item) => item.importKwh >= 0 && item.exportKwh === 0),
    ).toBe(true);
    const monthKwh = body.items.reduce((sum, item) => sum + item.importKwh, 0);
    expect(monthKwh).toBeGreaterThan(master.annualConsumptionKwh / 12 / 2);
    expect(monthKwh).toBeLessThan((master.annualConsumptionKwh / 12) * 2);
  });

  it("should bill the month from indexes like the profile", async () => {
    const range = query(
      "2025-01-01T00:00:00+03:00",
      "2025-02-01T00:00:01+03:00",
    );
    const readings = (
      (await (await get(`meters/${eic}/index-readings?${range}`)).json()) as {
        items: IndexReading[];
      }
    ).items;
    const load = (
      (await (
        await get(
          `meters/${eic}/load-profile?${query("2025-01-01T00:00:00+03:00", "2025-02-01T00:00:00+03:00")}`,
        )
      ).json()) as LoadProfile
    ).items;
    const first = readings[0] as IndexReading;
    const last = readings.at(-1) as IndexReading;
    const result = consumptionFromIndexes([
      {
        meterSerial: first.meterSerial,
        registerDigits: first.registerDigits,
        multiplier: first.multiplier,
        readings: [first, last].map((reading) => ({
          readAt: reading.readAt,
          registers: {
            T1: reading.t1Index,
            T2: reading.t2Index,
            T3: reading.t3Index,
          },
        })),
      },
    ]);
    const profileMilli = load.reduce(
      (sum, item) => sum + BigInt(Math.round(item.importKwh * 1000)),
      0n,
    );

    expect(readings).toHaveLength(32);
    expect(last.readAt).toBe("2025-02-01T00:00:00+03:00");
    expect(result.reviews).toEqual([]);
    expect(result.totalMilli).toBe(profileMilli);
  });

  it("should have no data before the demo series starts", async () => {
    const response = await get(
      `meters/${eic}/load-profile?${query("2023-06-01T00:00:00+03:00", "2023-07-01T00:00:00+03:00")}`,
    );

    expect(((await response.json()) as LoadProfile).items).toEqual([]);
  });

  it.each([
    ["start=2025-01-01&end=2025-01-02", /start must be/],
    [
      query("2025-01-02T00:00:00+03:00", "2025-01-01T00:00:00+03:00"),
      /end must be after start/,
    ],
    [
      query(
        "2025-01-01T00:00:00+03:00",
        "2025-01-02T00:00:00+03:00",
        "&pageSize=0",
      ),
      /pageSize/,
    ],
  ])("should reject bad query %#", async (text, message) => {
    const response = await get(`meters/${eic}/load-profile?${text}`);
    const body = (await response.json()) as { error: { message: string } };

    expect(response.status).toBe(400);
    expect(body.error.message).toMatch(message);
  });
});

describe("OSOS faults", () => {
  const eic = REAL_SERIES_METERING_POINTS.site_1;
  const range = query("2025-07-01T00:00:00+03:00", "2025-07-02T00:00:00+03:00");

  it("should fail with 503 once", async () => {
    const user = "osos-fault-503";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      scope: user,
      status: 503,
      times: 1,
      pathContains: "load-profile",
    });
    const failed = await get(`meters/${eic}/load-profile?${range}`, user);
    const next = await get(`meters/${eic}/load-profile?${range}`, user);

    expect(failed.status).toBe(503);
    expect(next.status).toBe(200);
  });

  it("should delay answers", async () => {
    const user = "osos-fault-delay";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      scope: user,
      delayMs: 300,
    });
    const bearer = await ososToken(OSOS, user);
    const started = Date.now();
    const response = await fetch(
      `${OSOS}/meters/${eic}/load-profile?${range}`,
      {
        headers: { authorization: `Bearer ${bearer}` },
      },
    );

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("should drop fields when told", async () => {
    const user = "osos-fault-fields";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      scope: user,
      malformed: "missing_fields",
      pathContains: "load-profile",
    });
    const response = await get(`meters/${eic}/load-profile?${range}`, user);
    const body = (await response.json()) as {
      items: Record<string, unknown>[];
    };

    expect(Object.keys(body.items[0] ?? {})).toEqual(["timestamp"]);
  });

  it("should send broken JSON when told", async () => {
    const user = "osos-fault-json";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      scope: user,
      malformed: "bad_json",
    });
    const bearer = await postJson(`${OSOS}/auth/token`, {
      username: user,
      password: "simulator-password",
    });

    expect(bearer.status).toBe(200);
    await expect(bearer.json()).rejects.toThrow(SyntaxError);
  });
});
