import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseCsv } from "../../seed/src/market/csv.ts";
import {
  ImportError,
  importMarketFile,
  importMarketPath,
} from "../../seed/src/market/import.ts";
import { parseDecimal } from "../../seed/src/market/numbers.ts";
import { createMarketDatabase } from "./market-db.ts";

const stack = inject("stack");
let db: { client: pg.Client; drop: () => Promise<void> };
let dir: string;

beforeAll(async () => {
  db = await createMarketDatabase(stack.DB_URL);
  dir = await mkdtemp(path.join(os.tmpdir(), "market-import-"));
});

afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, text);

  return target;
}

// PTF rows of one local day: count and sum, read back from the database.
async function ptfDay(day: string): Promise<{ hours: number; sum: string }> {
  const { rows } = await db.client.query<{ hours: number; sum: string }>(
    `select count(*)::integer as hours, coalesce(sum(price_try_per_mwh), 0)::text as sum
     from public.ptf_hourly_prices
     where (hour_start at time zone 'Europe/Istanbul')::date = $1::date`,
    [day],
  );

  return rows[0] as { hours: number; sum: string };
}

describe("Turkish number format", () => {
  // The meter-reading export of a Turkish spreadsheet: BOM, `;`, decimal
  // comma and dot grouping.
  const text =
    "\ufeffTesisat No;Okuma Tarihi;T1;T2;T3;Tutar\n" +
    "1000123;02.03.2024;1.234,567;456,5;0;1.482,30\n" +
    "1000124;31.01.2024;12,5;0,75;1.000;9,99\n";

  it("reads both rows with the Turkish profile", () => {
    const table = parseCsv(text);
    expect(table.separator).toBe(";");
    expect(table.header[0]).toBe("Tesisat No");
    const values = table.rows.map((row) =>
      row.cells.slice(2).map((cell) => parseDecimal(cell, "tr")),
    );
    expect(values[0]).toEqual(["1234.567", "456.5", "0", "1482.30"]);
    expect(values[1]).toEqual(["12.5", "0.75", "1000", "9.99"]);
  });

  it("reads a dot without a comma as thousands", () => {
    expect(parseDecimal("1.234", "tr")).toBe("1234");
    expect(parseDecimal("1.234", "point")).toBe("1.234");
  });

  it("rejects numbers of the other profile", () => {
    expect(() => parseDecimal("1,234.56", "tr")).toThrow(/Turkish format/);
    expect(() => parseDecimal("9,99", "point")).toThrow(/decimal point/);
    expect(() => parseDecimal("12.34.5", "tr")).toThrow();
  });
});

describe("EPİAŞ export import", () => {
  it("imports a semicolon CSV with BOM and states the profile", async () => {
    const target = await file(
      "ptf-2023-03.csv",
      "\ufeffTarih;Saat;PTF (TL/MWh);PTF (USD/MWh);SMF (TL/MWh)\r\n" +
        "01.03.2023;00:00;1.234;65,1;2.494,00\r\n" +
        "01.03.2023;01:00;3.400,00;180,2;3.399,99\r\n",
    );
    const reports = await importMarketFile(db.client, target);
    expect(reports.map((r) => [r.table, r.rows, r.numberProfile])).toEqual([
      ["public.ptf_hourly_prices", 2, "tr"],
      ["public.smf_hourly_prices", 2, "tr"],
    ]);
    const { rows } = await db.client.query(
      `select to_char(hour_start at time zone 'Europe/Istanbul', 'YYYY-MM-DD HH24:MI') as local,
         price_try_per_mwh::text as price
       from public.ptf_hourly_prices
       where hour_start >= '2023-03-01T00:00+03:00' and hour_start < '2023-03-02T00:00+03:00'
       order by hour_start`,
    );
    expect(rows).toEqual([
      { local: "2023-03-01 00:00", price: "1234.00" },
      { local: "2023-03-01 01:00", price: "3400.00" },
    ]);
  });

  it("imports an XLSX export with numeric and text cells", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("PTF");
    sheet.addRow(["Tarih", "Saat", "PTF (TL/MWh)"]);
    sheet.addRow(["02.03.2023", "00:00", 2494]);
    sheet.addRow(["02.03.2023", "01:00", "1.799,98"]);
    sheet.addRow(["02.03.2023", "02:00", 1692.99]);
    const target = path.join(dir, "ptf-2023-03-02.xlsx");
    await workbook.xlsx.writeFile(target);
    const [report] = await importMarketFile(db.client, target);
    expect(report?.rows).toBe(3);
    expect(report?.numberProfile).toBe("tr");
    expect(await ptfDay("2023-03-02")).toEqual({
      hours: 3,
      // 2494 + 1799.98 + 1692.99
      sum: "5986.97",
    });
  });

  it("replaces a period when the file is imported again", async () => {
    const text =
      "Tarih;Saat;PTF (TL/MWh)\n03.03.2023;00:00;100,00\n03.03.2023;01:00;200,00\n";
    const target = await file("ptf-2023-03-03.csv", text);
    await importMarketFile(db.client, target);
    await importMarketFile(db.client, target);
    expect(await ptfDay("2023-03-03")).toEqual({ hours: 2, sum: "300.00" });

    await writeFile(target, text.replace("100,00", "150,00"));
    await importMarketFile(db.client, target);
    expect(await ptfDay("2023-03-03")).toEqual({ hours: 2, sum: "350.00" });
  });

  it("stores nothing of a file with a malformed row", async () => {
    const target = await file(
      "ptf-2023-03-04.csv",
      "Tarih;Saat;PTF (TL/MWh)\n" +
        "04.03.2023;00:00;100,00\n" +
        "04.03.2023;01:00;100,00\n" +
        "04.03.2023;02:00;1,234.5\n",
    );
    const error = await importMarketFile(db.client, target).catch((e) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.file).toBe(target);
    expect(error.line).toBe(4);
    expect(error.message).toContain("PTF (TL/MWh)");
    expect(error.reason).toBe(
      'PTF (TL/MWh): "1,234.5" is not a number in the Turkish format ' +
        "(1.234,56) (number profile tr)",
    );
    expect(error.code).toBe("invalid_number");
    expect(error.params).toEqual({
      column: "PTF (TL/MWh)",
      text: "1,234.5",
      profile: "tr",
    });
    expect(await ptfDay("2023-03-04")).toEqual({ hours: 0, sum: "0" });
  });
});

describe("files that are not text", () => {
  // A NUL byte on line 2, after the 23 bytes of the header, its LF and
  // 17 bytes of line 2: byte 42 of the file.
  const junk =
    "Tarih;Saat;PTF (TL/MWh)\n" + "06.03.2023;00:00;\u0000\u0001\u0002\n";

  it("rejects a CSV file with a NUL byte at its line", async () => {
    const target = await file("junk.csv", junk);
    const error = await importMarketFile(db.client, target).catch((e) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.line).toBe(2);
    expect(error.code).toBe("not_text");
    expect(error.params).toEqual({ byte: 42 });
    expect(error.message).toBe(
      `${target}, line 2: the file contains a NUL byte (byte 42 of the ` +
        "file), so it is not a text file",
    );
    expect(await ptfDay("2023-03-06")).toEqual({ hours: 0, sum: "0" });
  });

  it("makes npm run import:market exit 1 with the reason", async () => {
    const target = await file("junk-cli.csv", junk);
    const failure = await promisify(execFile)(
      "npx",
      ["tsx", "seed/src/market/cli.ts", target],
      { env: { ...process.env, DATABASE_URL: stack.DB_URL } },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      "Import failed, nothing of the file was stored: " +
        `${target}, line 2: the file contains a NUL byte (byte 42 of the ` +
        "file), so it is not a text file",
    );
  });
});

describe("hour numbers 1-24 in source files", () => {
  // Hour n counts the hours ending: hour 1 is 00:00-01:00 local time.
  const day = (date: string, hours: number) =>
    "Tarih;Saat;PTF (TL/MWh)\n" +
    Array.from(
      { length: hours },
      (_, i) => `${date};${i + 1};${Math.floor((i + 1) / 10)},${(i + 1) % 10}`,
    ).join("\n");

  it("keeps hours 1-24 on their own day", async () => {
    // Values hour/10: 0,1 ... 2,4 sum to 30,0.
    const target = await file("hours-2024-01-15.csv", day("15.01.2024", 24));
    const [report] = await importMarketFile(db.client, target);
    expect(report?.replacedScope).toEqual({
      kind: "period",
      from: "2024-01-14T21:00:00.000Z",
      to: "2024-01-15T20:00:00.000Z",
    });
    expect(report?.replaced).toBe(
      "2024-01-14T21:00:00.000Z to 2024-01-15T20:00:00.000Z",
    );
    expect(await ptfDay("2024-01-15")).toEqual({ hours: 24, sum: "30.00" });
    expect(await ptfDay("2024-01-16")).toEqual({ hours: 0, sum: "0" });
    const { rows } = await db.client.query(
      `select min(hour_start) as first, max(hour_start) as last
       from public.ptf_hourly_prices
       where hour_start >= '2024-01-15T00:00+03:00' and hour_start < '2024-01-17T00:00+03:00'`,
    );
    expect(rows[0].first.toISOString()).toBe("2024-01-14T21:00:00.000Z");
    expect(rows[0].last.toISOString()).toBe("2024-01-15T20:00:00.000Z");
  });

  it("accepts 25 hours on the day daylight saving time ended", async () => {
    // Turkey left summer time on 8 November 2015: 03:00 came twice.
    const target = await file("hours-2015-11-08.csv", day("08.11.2015", 25));
    await importMarketFile(db.client, target);
    const { rows } = await db.client.query(
      `select count(*)::integer as hours, min(hour_start) as first, max(hour_start) as last
       from public.ptf_hourly_prices
       where hour_start >= '2015-11-08T00:00+03:00' and hour_start < '2015-11-09T00:00+02:00'`,
    );
    expect(rows[0].hours).toBe(25);
    expect(rows[0].first.toISOString()).toBe("2015-11-07T21:00:00.000Z");
    expect(rows[0].last.toISOString()).toBe("2015-11-08T21:00:00.000Z");
  });

  it("rejects hour 25 on a 24-hour day", async () => {
    const target = await file("hours-2024-01-16.csv", day("16.01.2024", 25));
    const error = await importMarketFile(db.client, target).catch((e) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.line).toBe(26);
    expect(error.message).toMatch(/hour 25 does not exist on 16\.01\.2024/);
    expect(error.code).toBe("hour_out_of_range");
    expect(error.params).toEqual({
      hour: 25,
      date: "16.01.2024",
      hours: 24,
      first: 1,
      last: 24,
    });
    expect(await ptfDay("2024-01-16")).toEqual({ hours: 0, sum: "0" });
  });
});

describe("documented CSV formats", () => {
  it("imports tariff rates and replaces the same key", async () => {
    const header =
      "component,subscriber_group,voltage,term_type,tariff_type,time_zone,valid_from,rate_try_per_kwh,source,is_demo\n";
    const target = await file(
      "tariffs.csv",
      `${header}energy,mesken,AG,single_term,three_time,T1,2030-01-01,2.5,test table,true\n` +
        "distribution,mesken,AG,single_term,,,2030-01-01,1.1,test table,false\n",
    );
    await importMarketFile(db.client, target);
    await importMarketFile(db.client, target);
    const { rows } = await db.client.query(
      `select component, time_zone_code, rate_try_per_kwh::text as rate, is_demo
       from public.regulated_tariff_rates where valid_from = '2030-01-01'
       order by component`,
    );
    expect(rows).toEqual([
      {
        component: "distribution",
        time_zone_code: null,
        rate: "1.100000",
        is_demo: false,
      },
      {
        component: "energy",
        time_zone_code: "T1",
        rate: "2.500000",
        is_demo: true,
      },
    ]);
  });

  it("imports profile coefficients of a distribution company", async () => {
    const target = await file(
      "coefficients.csv",
      "timestamp,distribution_region,subscriber_group,voltage,meter_reading_type,multiplier,source\n" +
        "2030-02-01T00:00:00+03:00,kayseri,ticarethane,OG,three_time,0.00393844,test\n" +
        "2030-02-01T01:00:00+03:00,1011,Ticarethane,OG,Üç Zamanlı,0.00388684,test\n",
    );
    const [report] = await importMarketFile(db.client, target);
    expect(report?.rows).toBe(2);
    const { rows } = await db.client.query(
      `select distribution_region_code, meter_reading_type, multiplier::text
       from public.profile_coefficients where period_month = '2030-02-01'
       order by hour_start`,
    );
    expect(rows).toEqual([
      {
        distribution_region_code: "kayseri",
        meter_reading_type: "three_time",
        multiplier: "0.0039384400",
      },
      {
        distribution_region_code: "kayseri",
        meter_reading_type: "three_time",
        multiplier: "0.0038868400",
      },
    ]);
  });

  it("names the expected formats for an unknown file", async () => {
    const target = await file("unknown.csv", "a,b\n1,2\n");
    await expect(importMarketFile(db.client, target)).rejects.toThrow(
      /unknown format.*EPİAŞ transparency platform export/,
    );
    const { ignored } = await importMarketPath(db.client, target).catch(() => ({
      ignored: ["thrown"],
    }));
    expect(ignored).toEqual(["thrown"]);
  });
});
