import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ROOT_DIR } from "../../src/config.ts";
import { listen } from "../../src/http.ts";
import { EpiasSimulator } from "../../src/simulators/epias.ts";
import {
  control,
  parseCsv,
  postJson,
  requestTicket,
  ticketFor,
} from "./client.ts";

const stack = inject("stack");
const CAS = stack.EPIAS_CAS_URL as string;
const DATA = stack.EPIAS_TRANSPARENCY_URL as string;
const CONTROL = stack.EPIAS_SIMULATOR_URL as string;
const USER = "transparency-tests";
const MARKET_DATA = path.resolve(ROOT_DIR, "..", "shared", "market-data");

function csv(name: string) {
  return parseCsv(readFileSync(path.join(MARKET_DATA, name), "utf8"));
}

type PriceItem = {
  date: string;
  hour: string;
  price: number;
  priceUsd: number | null;
  priceEur: number | null;
  demo?: boolean;
};

async function call(servicePath: string, body: unknown, user = USER) {
  const ticket = await ticketFor(CAS, user);

  return postJson(`${DATA}/${servicePath}`, body, { TGT: ticket });
}

describe("simulator URLs in the stack status", () => {
  it("should point at loopback", () => {
    for (const url of [CAS, DATA, CONTROL, stack.OSOS_URL]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/simulators\//);
    }
    expect(DATA).toBe(`${CAS}/electricity-service/v1`);
  });
});

describe("EPİAŞ CAS tickets", () => {
  it("should issue a TGT in body and Location", async () => {
    const response = await requestTicket(CAS, USER);
    const ticket = await response.text();

    expect(response.status).toBe(201);
    expect(ticket).toMatch(/^TGT-/);
    expect(response.headers.get("location")).toBe(
      `${CAS}/cas/v1/tickets/${ticket}`,
    );
  });

  it("should reject a wrong password with 401", async () => {
    const response = await requestTicket(CAS, USER, "wrong");

    expect(response.status).toBe(401);
  });

  it("should reject missing credentials with 400", async () => {
    const response = await fetch(`${CAS}/cas/v1/tickets`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=someone",
    });

    expect(response.status).toBe(400);
  });

  it("should answer 401 without or with a bad TGT", async () => {
    const body = {
      startDate: "2025-01-01T00:00:00+03:00",
      endDate: "2025-01-01T00:00:00+03:00",
    };
    const missing = await postJson(`${DATA}/markets/dam/data/mcp`, body);
    const unknown = await postJson(`${DATA}/markets/dam/data/mcp`, body, {
      TGT: "TGT-1-forged",
    });

    expect(missing.status).toBe(401);
    expect(unknown.status).toBe(401);
  });

  it("should reject a ticket expired through control", async () => {
    const user = "transparency-expiry";
    const ticket = await ticketFor(CAS, user);
    const body = {
      startDate: "2025-01-01T00:00:00+03:00",
      endDate: "2025-01-01T00:00:00+03:00",
    };
    const before = await postJson(`${DATA}/markets/dam/data/mcp`, body, {
      TGT: ticket,
    });
    const expire = await control(`${CONTROL}/_control/tickets/expire`, "POST", {
      scope: user,
    });
    const after = await postJson(`${DATA}/markets/dam/data/mcp`, body, {
      TGT: ticket,
    });

    expect(before.status).toBe(200);
    expect(await expire.json()).toEqual({ expired: 1 });
    expect(after.status).toBe(401);
  });

  describe("with a short ticket lifetime", () => {
    const simulator = new EpiasSimulator("", { ticketTtlMs: 150 });
    const serverPromise = listen(0, simulator.handle);
    afterAll(async () => {
      const server = await serverPromise;
      await new Promise((resolve) => server.close(resolve));
    });

    it("should expire tickets after their lifetime", async () => {
      const server = await serverPromise;
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ticket = await ticketFor(base, "short-lived");
      const body = {
        startDate: "2025-01-01T00:00:00+03:00",
        endDate: "2025-01-01T00:00:00+03:00",
      };
      const url = `${base}/electricity-service/v1/markets/dam/data/mcp`;
      const fresh = await postJson(url, body, { TGT: ticket });
      await new Promise((resolve) => setTimeout(resolve, 250));
      const stale = await postJson(url, body, { TGT: ticket });

      expect(fresh.status).toBe(200);
      expect(stale.status).toBe(401);
    });
  });
});

describe("EPİAŞ PTF (markets/dam/data/mcp)", () => {
  it("should serve the real 2025 prices", async () => {
    const response = await call("markets/dam/data/mcp", {
      startDate: "2025-01-01T00:00:00+03:00",
      endDate: "2025-01-02T00:00:00+03:00",
    });
    const body = (await response.json()) as {
      items: PriceItem[];
      statistics: Record<string, number>;
    };
    const expected = csv("ptf-hourly-2025.csv").slice(0, 48);

    expect(response.status).toBe(200);
    expect(response.headers.get("x-simulator-data-source")).toBe("real");
    expect(body.items).toHaveLength(48);
    expect(body.items[0]).toEqual({
      date: "2025-01-01T00:00:00+03:00",
      hour: "00:00",
      price: 2494,
      priceUsd: 70.81,
      priceEur: 67.88,
    });
    body.items.forEach((item, index) => {
      const row = expected[index] as Record<string, string>;
      expect(item.date).toBe(row.timestamp);
      expect(item.hour).toBe(row.timestamp?.slice(11, 16));
      expect(item.price).toBe(Number(row.ptf_try_per_mwh));
      expect(item.priceEur).toBe(Number(row.ptf_eur_per_mwh));
      expect(item.demo).toBeUndefined();
    });
    const cents = expected.map((row) =>
      Math.round(Number(row.ptf_try_per_mwh) * 100),
    );
    const average = Math.round(cents.reduce((a, b) => a + b, 0) / 48) / 100;
    expect(body.statistics.priceAvg).toBe(average);
    expect(body.statistics.priceMax).toBe(Math.max(...cents) / 100);
  });

  it("should serve null USD and EUR for 2024", async () => {
    const response = await call("markets/dam/data/mcp", {
      startDate: "2024-02-29T00:00:00+03:00",
      endDate: "2024-02-29T00:00:00+03:00",
    });
    const body = (await response.json()) as { items: PriceItem[] };
    const expected = csv("ptf-hourly-2024.csv").filter((row) =>
      row.timestamp?.startsWith("2024-02-29"),
    );

    expect(body.items).toHaveLength(24);
    expect(body.items.map((item) => item.price)).toEqual(
      expected.map((row) => Number(row.ptf_try_per_mwh)),
    );
    expect(body.items[0]?.priceUsd).toBeNull();
  });

  it("should mark deterministic demo prices", async () => {
    const request = {
      startDate: "2027-03-01T00:00:00+03:00",
      endDate: "2027-03-01T00:00:00+03:00",
    };
    const first = await call("markets/dam/data/mcp", request);
    const second = await call("markets/dam/data/mcp", request);
    const firstBody = (await first.json()) as { items: PriceItem[] };
    const secondBody = (await second.json()) as { items: PriceItem[] };

    expect(first.headers.get("x-simulator-data-source")).toBe("demo");
    expect(firstBody.items).toHaveLength(24);
    expect(firstBody.items.every((item) => item.demo === true)).toBe(true);
    expect(
      firstBody.items.every((item) => item.price >= 0 && item.price <= 3400),
    ).toBe(true);
    expect(secondBody).toEqual(firstBody);
  });

  it("should reject a missing startDate with 400", async () => {
    const response = await call("markets/dam/data/mcp", {
      endDate: "2025-01-01T00:00:00+03:00",
    });
    const body = (await response.json()) as {
      errors: { errorMessage: string }[];
    };

    expect(response.status).toBe(400);
    expect(body.errors[0]?.errorMessage).toMatch(/startDate must be/);
  });

  it("should reject an end before the start", async () => {
    const response = await call("markets/dam/data/mcp", {
      startDate: "2025-01-02T00:00:00+03:00",
      endDate: "2025-01-01T00:00:00+03:00",
    });

    expect(response.status).toBe(400);
  });

  it("should reject a body that is not JSON", async () => {
    const ticket = await ticketFor(CAS, USER);
    const response = await postJson(
      `${DATA}/markets/dam/data/mcp`,
      "{not json",
      { TGT: ticket },
    );

    expect(response.status).toBe(400);
  });
});

describe("EPİAŞ SMF and YEKDEM", () => {
  it("should serve the real 2025 SMF", async () => {
    const response = await call("markets/bpm/data/system-marginal-price", {
      startDate: "2025-06-01T00:00:00+03:00",
      endDate: "2025-06-01T00:00:00+03:00",
    });
    const body = (await response.json()) as {
      items: { date: string; hour: string; systemMarginalPrice: number }[];
    };
    const expected = csv("smf-hourly-2025.csv").filter((row) =>
      row.timestamp?.startsWith("2025-06-01"),
    );

    expect(body.items).toHaveLength(24);
    expect(body.items[5]).toEqual({
      date: "2025-06-01T05:00:00+03:00",
      hour: "05:00",
      systemMarginalPrice: Number(expected[5]?.smf_try_per_mwh),
    });
    expect(body.items.map((item) => item.systemMarginalPrice)).toEqual(
      expected.map((row) => Number(row.smf_try_per_mwh)),
    );
  });

  it("should serve demo YEKDEM unit costs per month", async () => {
    const response = await call("renewables/data/unit-cost", {
      startDate: "2026-01-01T00:00:00+03:00",
      endDate: "2026-03-01T00:00:00+03:00",
    });
    const body = (await response.json()) as {
      items: { period: string; unitCost: number; demo: boolean }[];
    };

    expect(body.items.map((item) => item.period)).toEqual([
      "2026-01-01T00:00:00+03:00",
      "2026-02-01T00:00:00+03:00",
      "2026-03-01T00:00:00+03:00",
    ]);
    expect(body.items.every((item) => item.demo)).toBe(true);
    expect(body.items.every((item) => item.unitCost > 0)).toBe(true);
  });
});

describe("EPİAŞ profile coefficients (multiple-factor)", () => {
  type Coefficient = {
    period: string;
    time: string;
    multiplier: number;
    demo?: boolean;
  };

  function zoneOf(time: string): string {
    const hour = Number(time.slice(11, 13));
    if (hour >= 6 && hour < 17) {
      return "T1";
    }

    return hour >= 17 && hour < 22 ? "T2" : "T3";
  }

  function sumsByZone(items: Coefficient[], zoneFor = zoneOf) {
    const sums = new Map<string, { units: number; hours: number }>();
    for (const item of items) {
      const zone = zoneFor(item.time);
      const entry = sums.get(zone) ?? { units: 0, hours: 0 };
      entry.units += Math.round(item.multiplier * 1e8);
      entry.hours += 1;
      sums.set(zone, entry);
    }

    return Object.fromEntries(sums);
  }

  it("should keep the real Kayseri rows and sum zones to 1", async () => {
    const response = await call("consumption/data/multiple-factor", {
      period: "2026-01-01T00:00:00+03:00",
      distributionId: 1011,
      subscriberProfileGroup: 87,
      meterReadingType: 1,
    });
    const body = (await response.json()) as { items: Coefficient[] };
    const real = csv(
      "profile-coefficients-kayseri-ticarethane-og-3zone-2026-01-sample.csv",
    );

    expect(response.headers.get("x-simulator-data-source")).toBe("mixed");
    expect(body.items).toHaveLength(31 * 24);
    real.forEach((row, index) => {
      expect(body.items[index]?.time).toBe(row.timestamp);
      expect(body.items[index]?.multiplier).toBe(Number(row.multiplier));
      expect(body.items[index]?.demo).toBeUndefined();
    });
    expect(body.items[10]?.demo).toBe(true);
    expect(body.items[0]?.period).toBe("2026-01-01T00:00:00+03:00");
    expect(sumsByZone(body.items)).toEqual({
      T1: { units: 1e8, hours: 31 * 11 },
      T2: { units: 1e8, hours: 31 * 5 },
      T3: { units: 1e8, hours: 31 * 8 },
    });
  });

  it("should sum a single-time month to 1", async () => {
    const response = await call("consumption/data/multiple-factor", {
      period: "2026-02-01T00:00:00+03:00",
      distributionId: 1021,
      subscriberProfileGroup: 89,
      meterReadingType: 3,
    });
    const body = (await response.json()) as { items: Coefficient[] };

    expect(body.items).toHaveLength(28 * 24);
    expect(sumsByZone(body.items, () => "month")).toEqual({
      month: { units: 1e8, hours: 28 * 24 },
    });
  });

  it("should give a residential evening peak", async () => {
    const response = await call("consumption/data/multiple-factor", {
      period: "2026-02-01T00:00:00+03:00",
      distributionId: 1021,
      subscriberProfileGroup: 89,
      meterReadingType: 3,
    });
    const body = (await response.json()) as { items: Coefficient[] };
    const byHour = (hour: string) =>
      body.items
        .filter((item) => item.time.slice(11, 13) === hour)
        .reduce((sum, item) => sum + item.multiplier, 0);

    expect(byHour("19")).toBeGreaterThan(byHour("04") * 2);
  });

  it("should reject a period that is not a month start", async () => {
    const response = await call("consumption/data/multiple-factor", {
      period: "2026-02-15T00:00:00+03:00",
      distributionId: 1021,
      subscriberProfileGroup: 89,
      meterReadingType: 3,
    });

    expect(response.status).toBe(400);
  });

  it("should return no items for an unknown region", async () => {
    const response = await call("consumption/data/multiple-factor", {
      period: "2026-02-01T00:00:00+03:00",
      distributionId: 42,
      subscriberProfileGroup: 89,
      meterReadingType: 3,
    });

    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe("EPİAŞ simulator faults", () => {
  const body = {
    startDate: "2025-01-01T00:00:00+03:00",
    endDate: "2025-01-01T00:00:00+03:00",
  };

  it("should fail with 503 for the faulted user only", async () => {
    const user = "transparency-fault-503";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      service: "transparency",
      scope: user,
      status: 503,
    });
    const failed = await call("markets/dam/data/mcp", body, user);
    const other = await call("markets/dam/data/mcp", body, "transparency-ok");
    await control(`${CONTROL}/_control/faults`, "DELETE", { scope: user });
    const cleared = await call("markets/dam/data/mcp", body, user);

    expect(failed.status).toBe(503);
    expect(other.status).toBe(200);
    expect(cleared.status).toBe(200);
  });

  it("should fail only the given number of times", async () => {
    const user = "transparency-fault-times";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      service: "transparency",
      scope: user,
      status: 500,
      times: 1,
    });
    const first = await call("markets/dam/data/mcp", body, user);
    const second = await call("markets/dam/data/mcp", body, user);

    expect(first.status).toBe(500);
    expect(second.status).toBe(200);
  });

  it("should delay answers", async () => {
    const user = "transparency-fault-delay";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      service: "transparency",
      scope: user,
      delayMs: 400,
    });
    const started = Date.now();
    const response = await call("markets/dam/data/mcp", body, user);
    const elapsed = Date.now() - started;

    expect(response.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(400);
  });

  it.each([["bad_json"], ["missing_fields"], ["wrong_types"]])(
    "should answer %s data when told",
    async (kind) => {
      const user = `transparency-fault-${kind}`;
      await control(`${CONTROL}/_control/faults`, "PUT", {
        service: "transparency",
        scope: user,
        malformed: kind,
      });
      const response = await call("markets/dam/data/mcp", body, user);
      const text = await response.text();

      expect(response.status).toBe(200);
      if (kind === "bad_json") {
        expect(() => JSON.parse(text)).toThrow(SyntaxError);
      } else if (kind === "missing_fields") {
        const items = JSON.parse(text).items as Record<string, unknown>[];
        expect(Object.keys(items[0] ?? {})).toEqual(["date"]);
      } else {
        const parsed = JSON.parse(text);
        expect(Array.isArray(parsed.items)).toBe(false);
        expect(parsed.items["0"].price).toBe("2494");
      }
    },
  );

  it("should fail ticket requests when told", async () => {
    const user = "cas-fault";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      service: "cas",
      scope: user,
      status: 500,
      times: 1,
    });
    const failed = await requestTicket(CAS, user);
    const next = await requestTicket(CAS, user);

    expect(failed.status).toBe(500);
    expect(next.status).toBe(201);
  });

  it("should reject an invalid fault with 400", async () => {
    const response = await control(`${CONTROL}/_control/faults`, "PUT", {
      service: "transparency",
      status: 200,
    });

    expect(response.status).toBe(400);
  });
});
