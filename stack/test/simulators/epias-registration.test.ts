import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeMeteringPointEic } from "../../../shared/eic.ts";
import {
  describeMeteringPoint,
  REAL_SERIES_METERING_POINTS,
} from "../../src/simulators/metering-points.ts";
import { RegistrationBook } from "../../src/simulators/registration.ts";
import { control, postJson, ticketFor } from "./client.ts";

const stack = inject("stack");
const CAS = stack.EPIAS_CAS_URL as string;
const API = stack.EPIAS_REGISTRATION_URL as string;
const CONTROL = stack.EPIAS_SIMULATOR_URL as string;
const SUPPLIER = "registration-tests";
const TAX_ID = "1234567890";
const FEBRUARY = "2026-02-01T00:00:00+03:00";

const approved = makeMeteringPointEic(555000001);
const unknown = makeMeteringPointEic(555000009);
const otherSupplier = makeMeteringPointEic(555000008);
const listed = makeMeteringPointEic(555000002);

type Result = {
  requestId: string;
  meteringPointEic: string;
  status: string;
  rejectionReason: { code: string; description: string } | null;
};

let ticket = "";

async function api(servicePath: string, body: unknown, supplier = SUPPLIER) {
  const tgt = supplier === SUPPLIER ? ticket : await ticketFor(CAS, supplier);

  return postJson(`${API}/${servicePath}`, body, { TGT: tgt });
}

async function setRules(rules: Record<string, unknown>, scope = SUPPLIER) {
  const response = await control(`${CONTROL}/_control/registration`, "PUT", {
    scope,
    rules,
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  ticket = await ticketFor(CAS, SUPPLIER);
  await setRules({
    now: "2026-01-10T12:00:00+03:00",
    rejectList: { [listed]: "OTHER_SUPPLIER_CONTRACT" },
  });
});

describe("EPİAŞ registration simulator", () => {
  let batchId = "";
  let results: Result[] = [];

  beforeAll(async () => {
    const submitted = await api("portfolio/registration-requests", {
      effectiveMonth: FEBRUARY,
      requests: [
        { meteringPointEic: approved, taxId: TAX_ID },
        { meteringPointEic: unknown, taxId: TAX_ID },
        { meteringPointEic: otherSupplier, taxId: TAX_ID },
        { meteringPointEic: listed, taxId: TAX_ID },
        { meteringPointEic: "40Z0000000000011", taxId: TAX_ID },
        { meteringPointEic: makeMeteringPointEic(555000003), taxId: "12" },
        { meteringPointEic: approved, taxId: TAX_ID },
      ],
    });
    expect(submitted.status).toBe(201);
    const body = (await submitted.json()) as {
      batchId: string;
      items: { status: string }[];
    };
    batchId = body.batchId;
    expect(body.items.every((item) => item.status === "RECEIVED")).toBe(true);
    const query = await api("portfolio/registration-requests/query", {
      batchId,
    });
    results = ((await query.json()) as { items: Result[] }).items;
  });

  it("should approve a known free code", () => {
    expect(results[0]).toMatchObject({
      meteringPointEic: approved,
      status: "APPROVED",
      rejectionReason: null,
    });
  });

  it.each([
    [1, "UNKNOWN_METERING_POINT"],
    [2, "OTHER_SUPPLIER_CONTRACT"],
    [3, "OTHER_SUPPLIER_CONTRACT"],
    [4, "INVALID_EIC"],
    [5, "INVALID_TAX_ID"],
    [6, "DUPLICATE_IN_BATCH"],
  ])("should reject request %i as %s", (index, code) => {
    expect(results[index]?.status).toBe("REJECTED");
    expect(results[index]?.rejectionReason?.code).toBe(code);
    expect(results[index]?.rejectionReason?.description).not.toBe("");
  });

  it("should list approved points with master data", async () => {
    const response = await api("portfolio/metering-points/query", {
      effectiveMonth: FEBRUARY,
    });
    const body = (await response.json()) as {
      items: Record<string, unknown>[];
      page: { total: number };
    };
    const master = describeMeteringPoint(approved);

    expect(body.page.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      meteringPointEic: approved,
      installationNumber: master.installationNumber,
      subscriberGroup: master.subscriberGroup,
      multiplier: master.multiplier,
      taxId: TAX_ID,
      effectiveFrom: FEBRUARY,
    });
  });

  it("should not list points before their month", async () => {
    const response = await api("portfolio/metering-points/query", {
      effectiveMonth: "2026-01-01T00:00:00+03:00",
    });

    expect(((await response.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("should fetch one portfolio point or 404", async () => {
    const found = await fetch(`${API}/portfolio/metering-points/${approved}`, {
      headers: { TGT: ticket },
    });
    const missing = await fetch(`${API}/portfolio/metering-points/${unknown}`, {
      headers: { TGT: ticket },
    });

    expect(found.status).toBe(200);
    expect(
      ((await found.json()) as { meteringPointEic: string }).meteringPointEic,
    ).toBe(approved);
    expect(missing.status).toBe(404);
  });

  it("should reject a second request as already in portfolio", async () => {
    const response = await api("portfolio/registration-requests", {
      effectiveMonth: "2026-03-01T00:00:00+03:00",
      requests: [{ meteringPointEic: approved, taxId: TAX_ID }],
    });
    const { batchId: second } = (await response.json()) as { batchId: string };
    const query = await api("portfolio/registration-requests/query", {
      batchId: second,
    });
    const [result] = ((await query.json()) as { items: Result[] }).items;

    expect(result?.rejectionReason?.code).toBe("ALREADY_IN_PORTFOLIO");
  });

  it("should keep portfolios of suppliers apart", async () => {
    const response = await api(
      "portfolio/metering-points/query",
      {},
      "registration-other-supplier",
    );

    expect(((await response.json()) as { items: unknown[] }).items).toEqual([]);
  });
});

describe("EPİAŞ registration rules", () => {
  it("should reject requests after the deadline", async () => {
    const supplier = "registration-deadline";
    await setRules({ now: "2026-01-21T00:00:00+03:00" }, supplier);
    const onTime = await api(
      "portfolio/registration-requests",
      {
        effectiveMonth: "2026-03-01T00:00:00+03:00",
        requests: [{ meteringPointEic: approved, taxId: TAX_ID }],
      },
      supplier,
    );
    const late = await api(
      "portfolio/registration-requests",
      {
        effectiveMonth: FEBRUARY,
        requests: [
          { meteringPointEic: makeMeteringPointEic(555000004), taxId: TAX_ID },
        ],
      },
      supplier,
    );
    const query = await api(
      "portfolio/registration-requests/query",
      {},
      supplier,
    );
    const items = ((await query.json()) as { items: Result[] }).items;

    expect(onTime.status).toBe(201);
    expect(late.status).toBe(201);
    expect(
      items.map((item) => item.rejectionReason?.code ?? item.status),
    ).toEqual(["APPROVED", "DEADLINE_PASSED"]);
  });

  it("should follow configured reject digits", async () => {
    const supplier = "registration-digits";
    await setRules(
      {
        now: "2026-01-01T00:00:00+03:00",
        unknownDigits: ["5"],
        otherSupplierDigits: [],
      },
      supplier,
    );
    await api(
      "portfolio/registration-requests",
      {
        effectiveMonth: FEBRUARY,
        requests: [
          { meteringPointEic: makeMeteringPointEic(555000005), taxId: TAX_ID },
          { meteringPointEic: otherSupplier, taxId: TAX_ID },
        ],
      },
      supplier,
    );
    const query = await api(
      "portfolio/registration-requests/query",
      {},
      supplier,
    );
    const items = ((await query.json()) as { items: Result[] }).items;

    expect(
      items.map((item) => item.rejectionReason?.code ?? item.status),
    ).toEqual(["UNKNOWN_METERING_POINT", "APPROVED"]);
  });

  it("should approve the real-series codes by default", async () => {
    const supplier = "registration-real-series";
    await setRules({ now: "2026-01-01T00:00:00+03:00" }, supplier);
    await api(
      "portfolio/registration-requests",
      {
        effectiveMonth: FEBRUARY,
        requests: Object.values(REAL_SERIES_METERING_POINTS).map((eic) => ({
          meteringPointEic: eic,
          taxId: TAX_ID,
        })),
      },
      supplier,
    );
    const response = await api("portfolio/metering-points/query", {}, supplier);
    const items = (
      (await response.json()) as { items: { distributionId: number }[] }
    ).items;

    expect(items).toHaveLength(3);
    expect(items.every((item) => item.distributionId === 1021)).toBe(true);
  });

  it.each([
    [{ requests: [] }, /effectiveMonth/],
    [
      { effectiveMonth: "2026-02-15T00:00:00+03:00", requests: [] },
      /start of a month/,
    ],
    [{ effectiveMonth: FEBRUARY, requests: [] }, /non-empty/],
    [
      { effectiveMonth: FEBRUARY, requests: [{ taxId: TAX_ID }] },
      /requests\[0\]/,
    ],
  ])("should reject malformed submission %#", async (body, message) => {
    const response = await api("portfolio/registration-requests", body);
    const answer = (await response.json()) as {
      errors: { errorMessage: string }[];
    };

    expect(response.status).toBe(400);
    expect(answer.errors[0]?.errorMessage).toMatch(message);
  });

  it("should answer 401 without a ticket", async () => {
    const response = await postJson(
      `${API}/portfolio/metering-points/query`,
      {},
    );

    expect(response.status).toBe(401);
  });

  it("should fail with a configured 503", async () => {
    const supplier = "registration-fault";
    await control(`${CONTROL}/_control/faults`, "PUT", {
      service: "registration",
      scope: supplier,
      status: 503,
      times: 1,
    });
    const failed = await api("portfolio/metering-points/query", {}, supplier);
    const next = await api("portfolio/metering-points/query", {}, supplier);

    expect(failed.status).toBe(503);
    expect(next.status).toBe(200);
  });
});

describe("RegistrationBook state file", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "registration-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("should restore the portfolio after a restart", () => {
    const file = path.join(dir, "state.json");
    const book = new RegistrationBook(file);
    book.configure("supplier", { now: "2026-01-01T00:00:00+03:00" });
    book.submit("supplier", {
      effectiveMonth: FEBRUARY,
      requests: [{ meteringPointEic: approved, taxId: TAX_ID }],
    });
    const restored = new RegistrationBook(file);

    expect(restored.meteringPoint("supplier", approved)?.effectiveFrom).toBe(
      FEBRUARY,
    );
  });
});
