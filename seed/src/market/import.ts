// Importers of market data files: EPİAŞ transparency platform exports (CSV
// and XLSX, Turkish headers and number format), the project's market-data
// CSV files and the documented CSV formats for tariffs, taxes, profile
// coefficients, YEKDEM, forward prices and last-resort parameters (see
// seed/README.md). One transaction per file: a malformed row stops the file
// with its line and reason, and nothing of that file is stored. Importing a
// period again replaces it.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import type pg from "pg";
import { type CsvTable, parseCsv } from "./csv.ts";
import {
  englishReason,
  englishReplaced,
  type ImportReason,
  type ImportReasonCode,
  type ReasonParams,
  type ReplacedScope,
  reason,
} from "./import-reasons.ts";
import { type NumberProfile, parseDecimal } from "./numbers.ts";
import { addHours, localDay, localTimeInstants } from "./time.ts";

export class ImportError extends Error {
  // The English text of the reason, as the command line prints it.
  readonly reason: string;
  readonly code: ImportReasonCode;
  readonly params: ReasonParams;

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    cause: ImportReason,
  ) {
    const text = englishReason(cause);
    super(`${file}${line === undefined ? "" : `, line ${line}`}: ${text}`);
    this.reason = text;
    this.code = cause.code;
    this.params = cause.params;
  }
}

export type ImportReport = {
  file: string;
  format: string;
  numberProfile: NumberProfile;
  table: string;
  rows: number;
  // Period or keys whose earlier rows were replaced, in English and as a
  // scope that the admin shows in its own language.
  replaced: string;
  replacedScope: ReplacedScope;
  skipped: Array<{ line: number; reason: string } & ImportReason>;
};

// Rows of a file parsed and stored so far. `totalRows` counts one row per
// value to store, so an EPİAŞ export with PTF and SMF columns counts each
// line twice.
export type ImportProgress = {
  parsedRows: number;
  storedRows: number;
  totalRows: number;
};

export type ImportOptions = {
  // Called while the file imports. It runs inside the import, so it must
  // write through a connection of its own to be seen before the commit.
  onProgress?: (progress: ImportProgress) => Promise<void> | void;
};

// A failure of the onProgress callback. It is the caller's, not the
// file's, so importMarketFile throws it as it is after rolling back.
export class ProgressReportError extends Error {
  constructor(cause: unknown) {
    super(`Reporting progress failed: ${(cause as Error)?.message}`, {
      cause,
    });
  }
}

// Rows between two progress reports, and rows per insert statement of an
// hourly series.
const PROGRESS_STEP_ROWS = 1000;

class ProgressTracker {
  parsedRows = 0;
  storedRows = 0;
  private reportedParsed = 0;

  constructor(
    public totalRows: number,
    private readonly onProgress: ImportOptions["onProgress"],
  ) {}

  async parsed(): Promise<void> {
    this.parsedRows += 1;
    if (this.parsedRows - this.reportedParsed >= PROGRESS_STEP_ROWS) {
      this.reportedParsed = this.parsedRows;
      await this.report();
    }
  }

  async stored(rows: number): Promise<void> {
    this.storedRows += rows;
    await this.report();
  }

  async complete(): Promise<void> {
    this.parsedRows = this.totalRows;
    this.storedRows = this.totalRows;
    await this.report();
  }

  private async report(): Promise<void> {
    try {
      await this.onProgress?.({
        parsedRows: this.parsedRows,
        storedRows: this.storedRows,
        totalRows: this.totalRows,
      });
    } catch (error) {
      throw new ProgressReportError(error);
    }
  }
}

type Table = CsvTable & {
  file: string;
  profile: NumberProfile;
  progress: ProgressTracker;
};

type Format = {
  name: string;
  matches: (header: string[]) => boolean;
  import: (client: pg.ClientBase, table: Table) => Promise<ImportReport[]>;
};

const key = (text: string) => text.trim().toLocaleLowerCase("tr-TR");

function replacedFields(scope: ReplacedScope) {
  return { replaced: englishReplaced(scope), replacedScope: scope };
}

function skippedReason(cause: ImportReason) {
  return { reason: englishReason(cause), ...cause };
}

function column(table: Table, ...names: string[]): number {
  const expected = names.map(key);
  const index = table.header.findIndex((name) => expected.includes(key(name)));
  if (index < 0) {
    throw new ImportError(
      table.file,
      1,
      reason("missing_column", { columns: names.join(" / ") }),
    );
  }

  return index;
}

function optionalColumn(table: Table, ...names: string[]): number | undefined {
  const expected = names.map(key);
  const index = table.header.findIndex((name) => expected.includes(key(name)));

  return index < 0 ? undefined : index;
}

function cell(
  table: Table,
  row: { line: number; cells: string[] },
  index: number,
  name: string,
): string {
  const value = row.cells[index];
  if (value === undefined || value === "") {
    throw new ImportError(
      table.file,
      row.line,
      reason("empty_value", { column: name }),
    );
  }

  return value;
}

function decimal(
  table: Table,
  row: { line: number; cells: string[] },
  index: number,
  name: string,
): string {
  const text = cell(table, row, index, name);
  try {
    return parseDecimal(text, table.profile);
  } catch (error) {
    throw new ImportError(
      table.file,
      row.line,
      reason("invalid_number", { column: name, text, profile: table.profile }),
    );
  }
}

function isoDate(
  table: Table,
  row: { line: number; cells: string[] },
  text: string,
  name: string,
): string {
  const turkish = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = turkish
    ? [turkish[3], turkish[2], turkish[1]]
    : iso
      ? [iso[1], iso[2], iso[3]]
      : [];
  const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
  if (!year || Number.isNaN(date.getTime()) || date.getUTCDate() !== +day!) {
    throw new ImportError(
      table.file,
      row.line,
      reason("invalid_date", { column: name, text }),
    );
  }

  return `${year}-${month}-${day}`;
}

// Hourly series --------------------------------------------------------------

type HourlyValue = { line: number; hourStart: Date; value: string };

const ISO_HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00(:00)?(\.0+)?([+-]\d{2}:\d{2}|Z)$/;

// Hour of a row in an EPİAŞ export. `Saat` is either the hour's start
// ("HH:mm") or an hour number of the local day; numbers 1-24 (25 on the day
// daylight saving time ended) count hours ending, so 1 is 00:00-01:00. A
// file whose hour numbers include 0 counts 0-23 from the hour's start.
function epiasHourStart(
  table: Table,
  row: { line: number; cells: string[] },
  dateText: string,
  hourText: string | undefined,
  zeroBased: boolean,
  seen: Set<number>,
): Date {
  const [datePart, timePart] = dateText.split(/\s+/);
  const date = isoDate(table, row, datePart ?? "", "Tarih");
  const [year, month, day] = date.split("-").map(Number) as [
    number,
    number,
    number,
  ];
  const hour = hourText ?? timePart;
  if (hour === undefined) {
    throw new ImportError(table.file, row.line, reason("hour_missing"));
  }
  if (/^\d{1,2}$/.test(hour)) {
    const number = Number(hour);
    const { start, hours } = localDay(year, month, day);
    const index = zeroBased ? number : number - 1;
    if (index < 0 || index >= hours) {
      throw new ImportError(
        table.file,
        row.line,
        reason("hour_out_of_range", {
          hour: number,
          date: datePart ?? "",
          hours,
          first: zeroBased ? 0 : 1,
          last: zeroBased ? hours - 1 : hours,
        }),
      );
    }

    return addHours(start, index);
  }
  const clock = /^(\d{1,2}):(\d{2})(:00)?$/.exec(hour);
  if (!clock || clock[2] !== "00") {
    throw new ImportError(
      table.file,
      row.line,
      reason("invalid_hour", { text: hour }),
    );
  }
  const instants = localTimeInstants(year, month, day, Number(clock[1]));
  // A repeated local hour (the night daylight saving time ended) is taken
  // the first time for the first row and the second time after it.
  const instant = instants.find((candidate) => !seen.has(candidate.getTime()));
  if (!instant) {
    throw new ImportError(
      table.file,
      row.line,
      reason(
        instants.length === 0 ? "local_time_missing" : "local_time_twice",
        { hour, date: datePart ?? "" },
      ),
    );
  }

  return instant;
}

async function readHourly(
  table: Table,
  valueColumn: number,
  valueName: string,
  timeOf: (row: { line: number; cells: string[] }, seen: Set<number>) => Date,
): Promise<HourlyValue[]> {
  const seen = new Set<number>();
  const values: HourlyValue[] = [];
  for (const row of table.rows) {
    const hourStart = timeOf(row, seen);
    if (seen.has(hourStart.getTime())) {
      throw new ImportError(
        table.file,
        row.line,
        reason("hour_twice", { hour_start: hourStart.toISOString() }),
      );
    }
    seen.add(hourStart.getTime());
    const value = decimal(table, row, valueColumn, valueName);
    if (value.startsWith("-")) {
      throw new ImportError(
        table.file,
        row.line,
        reason("negative_value", { column: valueName, value }),
      );
    }
    values.push({ line: row.line, hourStart, value });
    await table.progress.parsed();
  }
  if (values.length === 0) {
    throw new ImportError(table.file, undefined, reason("no_data_rows"));
  }

  return values;
}

const PRICE_TABLES = {
  ptf: "public.ptf_hourly_prices",
  smf: "public.smf_hourly_prices",
} as const;

async function storeHourlyPrices(
  client: pg.ClientBase,
  table: Table,
  format: string,
  series: keyof typeof PRICE_TABLES,
  values: HourlyValue[],
  source: string,
): Promise<ImportReport> {
  const name = PRICE_TABLES[series];
  const times = values.map((value) => value.hourStart.getTime());
  const from = new Date(Math.min(...times));
  const to = new Date(Math.max(...times));
  await client.query(
    "select private.ensure_month_partitions($1::regclass, $2, $3)",
    [name, from, addHours(to, 1)],
  );
  await client.query(`delete from ${name} where hour_start between $1 and $2`, [
    from,
    to,
  ]);
  // Inserted in chunks so that progress can be reported between them.
  for (let start = 0; start < values.length; start += PROGRESS_STEP_ROWS) {
    const chunk = values.slice(start, start + PROGRESS_STEP_ROWS);
    await client.query(
      `insert into ${name} (hour_start, price_try_per_mwh, source, is_demo)
       select hour_start, price, $3, false
       from unnest($1::timestamptz[], $2::numeric[]) as v (hour_start, price)`,
      [
        chunk.map((value) => value.hourStart),
        chunk.map((value) => value.value),
        source,
      ],
    );
    await table.progress.stored(chunk.length);
  }

  return {
    file: table.file,
    format,
    numberProfile: table.profile,
    table: name,
    rows: values.length,
    ...replacedFields({
      kind: "period",
      from: from.toISOString(),
      to: to.toISOString(),
    }),
    skipped: [],
  };
}

const projectHourly = (series: "ptf" | "smf"): Format => ({
  name: `market-data ${series.toUpperCase()} CSV`,
  matches: (header) =>
    header.map(key).includes("timestamp") &&
    header.map(key).includes(`${series}_try_per_mwh`),
  import: async (client, table) => {
    const time = column(table, "timestamp");
    const values = await readHourly(
      table,
      column(table, `${series}_try_per_mwh`),
      `${series}_try_per_mwh`,
      (row) => {
        const text = cell(table, row, time, "timestamp");
        if (!ISO_HOUR.test(text)) {
          throw new ImportError(
            table.file,
            row.line,
            reason("invalid_timestamp", { text }),
          );
        }

        return new Date(text);
      },
    );
    const source = `${series.toUpperCase()} file ${path.basename(table.file)}`;

    return [
      await storeHourlyPrices(
        client,
        table,
        `market-data ${series.toUpperCase()} CSV`,
        series,
        values,
        source,
      ),
    ];
  },
});

const epiasExport: Format = {
  name: "EPİAŞ transparency platform export",
  matches: (header) =>
    header.map(key).includes("tarih") &&
    header.some((name) => /^(ptf|smf) \(tl\/mwh\)$/i.test(name.trim())),
  import: async (client, table) => {
    const date = column(table, "Tarih");
    const hour = optionalColumn(table, "Saat");
    const zeroBased =
      hour !== undefined &&
      table.rows.some((row) => /^0{1,2}$/.test(row.cells[hour] ?? ""));
    const reports: ImportReport[] = [];
    const seriesCount = (["ptf", "smf"] as const).filter(
      (series) => optionalColumn(table, `${series} (TL/MWh)`) !== undefined,
    ).length;
    table.progress.totalRows = table.rows.length * seriesCount;
    for (const series of ["ptf", "smf"] as const) {
      const valueColumn = optionalColumn(table, `${series} (TL/MWh)`);
      if (valueColumn === undefined) {
        continue;
      }
      const values = await readHourly(
        table,
        valueColumn,
        `${series.toUpperCase()} (TL/MWh)`,
        (row, seen) =>
          epiasHourStart(
            table,
            row,
            cell(table, row, date, "Tarih"),
            hour === undefined ? undefined : cell(table, row, hour, "Saat"),
            zeroBased,
            seen,
          ),
      );
      reports.push(
        await storeHourlyPrices(
          client,
          table,
          epiasExport.name,
          series,
          values,
          `EPİAŞ export ${path.basename(table.file)}`,
        ),
      );
    }

    return reports;
  },
};

// Tariffs and taxes ---------------------------------------------------------

const TERM_TYPES: Record<string, string> = {
  tek_terim: "single_term",
  single_term: "single_term",
  cift_terim: "two_term",
  çift_terim: "two_term",
  two_term: "two_term",
};

type RateRow = {
  component: string;
  group: string;
  voltage: string;
  termType: string;
  tariffType: string | null;
  zone: string | null;
  validFrom: string;
  rate: string;
  source: string;
  isDemo: boolean;
};

async function knownCodes(
  client: pg.ClientBase,
  tableName: string,
): Promise<Set<string>> {
  const { rows } = await client.query<{ code: string }>(
    `select code from ${tableName}`,
  );

  return new Set(rows.map((row) => row.code));
}

async function storeRates(
  client: pg.ClientBase,
  table: Table,
  format: string,
  rates: RateRow[],
  skipped: ImportReport["skipped"],
): Promise<ImportReport> {
  const pick = <K extends keyof RateRow>(name: K) => rates.map((r) => r[name]);
  const arrays = [
    pick("component"),
    pick("group"),
    pick("voltage"),
    pick("termType"),
    pick("tariffType"),
    pick("zone"),
    pick("validFrom"),
    pick("rate"),
    pick("source"),
    pick("isDemo"),
  ];
  const input = `unnest($1::text[], $2::text[], $3::text[], $4::text[],
    $5::text[], $6::text[], $7::date[], $8::numeric[], $9::text[],
    $10::boolean[]) as v (component, subscriber_group_code, voltage_level_code,
    term_type, tariff_type, time_zone_code, valid_from, rate, source, is_demo)`;
  await client.query(
    `delete from public.regulated_tariff_rates r
     using ${input}
     where r.component = v.component
       and r.subscriber_group_code = v.subscriber_group_code
       and r.voltage_level_code = v.voltage_level_code
       and r.term_type = v.term_type
       and r.tariff_type is not distinct from v.tariff_type
       and r.time_zone_code is not distinct from v.time_zone_code
       and r.valid_from = v.valid_from`,
    arrays,
  );
  await client.query(
    `insert into public.regulated_tariff_rates (component,
       subscriber_group_code, voltage_level_code, term_type, tariff_type,
       time_zone_code, valid_from, rate_try_per_kwh, source, is_demo)
     select * from ${input}`,
    arrays,
  );

  return {
    file: table.file,
    format,
    numberProfile: table.profile,
    table: "public.regulated_tariff_rates",
    rows: rates.length,
    ...replacedFields({ kind: "tariff_keys" }),
    skipped,
  };
}

const distributionCharges: Format = {
  name: "EPDK distribution charges CSV",
  matches: (header) =>
    header.map(key).includes("distribution_charge_try_per_kwh"),
  import: async (client, table) => {
    const groups = await knownCodes(client, "public.subscriber_groups");
    const columns = {
      validFrom: column(table, "valid_from"),
      group: column(table, "subscriber_group"),
      voltage: column(table, "voltage"),
      term: column(table, "term_type"),
      rate: column(table, "distribution_charge_try_per_kwh"),
      confidence: optionalColumn(table, "confidence"),
    };
    const rates: RateRow[] = [];
    const skipped: ImportReport["skipped"] = [];
    for (const row of table.rows) {
      const group = cell(table, row, columns.group, "subscriber_group");
      if (!groups.has(group)) {
        // Sub-tariffs such as reduced rates for veterans' homes have no
        // subscriber group of their own.
        skipped.push({
          line: row.line,
          ...skippedReason(reason("not_reference_group", { group })),
        });
        continue;
      }
      const term = TERM_TYPES[cell(table, row, columns.term, "term_type")];
      if (!term) {
        throw new ImportError(
          table.file,
          row.line,
          reason("invalid_term_type", { text: row.cells[columns.term] ?? "" }),
        );
      }
      const confidence =
        columns.confidence === undefined ? "" : row.cells[columns.confidence];
      rates.push({
        component: "distribution",
        group,
        voltage: cell(table, row, columns.voltage, "voltage").toUpperCase(),
        termType: term,
        tariffType: null,
        zone: null,
        validFrom: isoDate(
          table,
          row,
          cell(table, row, columns.validFrom, "valid_from"),
          "valid_from",
        ),
        rate: decimal(table, row, columns.rate, "distribution charge"),
        source:
          `EPDK distribution tariff as published in third-party code ` +
          `(${path.basename(table.file)}; confidence: ${confidence || "n/a"}; ` +
          "not checked against the EPDK table)",
        isDemo: false,
      });
    }

    return [
      await storeRates(client, table, distributionCharges.name, rates, skipped),
    ];
  },
};

const tariffRates: Format = {
  name: "regulated tariff rates CSV",
  matches: (header) =>
    header.map(key).includes("component") &&
    header.map(key).includes("rate_try_per_kwh"),
  import: async (client, table) => {
    const c = {
      component: column(table, "component"),
      group: column(table, "subscriber_group"),
      voltage: column(table, "voltage"),
      term: column(table, "term_type"),
      tariffType: column(table, "tariff_type"),
      zone: column(table, "time_zone"),
      validFrom: column(table, "valid_from"),
      rate: column(table, "rate_try_per_kwh"),
      source: column(table, "source"),
      isDemo: optionalColumn(table, "is_demo"),
    };
    const rates = table.rows.map((row): RateRow => {
      const component = cell(table, row, c.component, "component");
      const term = TERM_TYPES[cell(table, row, c.term, "term_type")];
      if (!["energy", "distribution"].includes(component) || !term) {
        throw new ImportError(
          table.file,
          row.line,
          reason("invalid_component"),
        );
      }
      const isDemo =
        c.isDemo === undefined ? "false" : (row.cells[c.isDemo] ?? "false");
      if (!["true", "false", ""].includes(isDemo)) {
        throw new ImportError(table.file, row.line, reason("invalid_is_demo"));
      }

      return {
        component,
        group: cell(table, row, c.group, "subscriber_group"),
        voltage: cell(table, row, c.voltage, "voltage").toUpperCase(),
        termType: term,
        tariffType: row.cells[c.tariffType] || null,
        zone: row.cells[c.zone] || null,
        validFrom: isoDate(
          table,
          row,
          cell(table, row, c.validFrom, "valid_from"),
          "valid_from",
        ),
        rate: decimal(table, row, c.rate, "rate_try_per_kwh"),
        source: cell(table, row, c.source, "source"),
        isDemo: isDemo === "true",
      };
    });

    return [await storeRates(client, table, tariffRates.name, rates, [])];
  },
};

// Moves the decimal point one place right: "0.948" -> "9.48".
function timesTen(value: string): string {
  const [whole = "0", fraction = ""] = value.split(".");
  const digits = `${whole}${fraction.padEnd(1, "0")}`;
  const point = whole.length + 1;
  const shifted = `${digits.slice(0, point)}.${digits.slice(point)}`;

  return shifted.replace(/\.$/, "").replace(/^(-?)0+(?=\d)/, "$1");
}

// Maps a row of the taxes file to a tax code, its group and unit.
function taxOf(item: string, appliesTo: string, unit: string) {
  const text = `${item} ${appliesTo}`.toLocaleLowerCase("tr-TR");
  const groupOf = () =>
    /sanayi \(industrial\)/.test(appliesTo.toLocaleLowerCase("tr-TR"))
      ? "sanayi"
      : /^tarimsal sulama/.test(appliesTo.toLocaleLowerCase("tr-TR"))
        ? "tarimsal_sulama"
        : null;
  if (text.startsWith("kdv")) {
    return { code: "kdv", group: groupOf(), unit: "percent" };
  }
  if (text.startsWith("btv")) {
    return { code: "btv", group: groupOf(), unit: "percent" };
  }
  if (text.startsWith("trt")) {
    return { code: "trt", group: null, unit: "percent" };
  }
  if (text.startsWith("enerji fonu")) {
    return { code: "energy_fund", group: null, unit: "percent" };
  }
  if (text.startsWith("damga")) {
    return { code: "stamp_tax", group: null, unit: "per_mille" };
  }
  if (text.startsWith("gecikme")) {
    return {
      code: "late_payment",
      group: null,
      unit: /month/.test(unit) ? "percent_per_month" : "percent",
    };
  }

  return undefined;
}

const taxesAndCharges: Format = {
  name: "bill taxes and charges CSV",
  matches: (header) =>
    ["item", "applies_to", "rate", "unit"].every((name) =>
      header.map(key).includes(name),
    ),
  import: async (client, table) => {
    const c = {
      item: column(table, "item"),
      appliesTo: column(table, "applies_to"),
      rate: column(table, "rate"),
      unit: column(table, "unit"),
      validFrom: column(table, "valid_from"),
      validTo: column(table, "valid_to"),
      confidence: column(table, "confidence"),
      source: column(table, "source"),
    };
    const rows = table.rows.map((row) => {
      const item = cell(table, row, c.item, "item");
      const unitText = cell(table, row, c.unit, "unit");
      const tax = taxOf(item, row.cells[c.appliesTo] ?? "", unitText);
      if (!tax) {
        throw new ImportError(
          table.file,
          row.line,
          reason("unknown_tax_item", { item }),
        );
      }
      let rate = decimal(table, row, c.rate, "rate");
      // The stamp tax is given as a percent ("0.948") but is a per mille
      // rate (binde 9.48).
      if (tax.unit === "per_mille" && /percent/.test(unitText)) {
        rate = timesTen(rate);
      }
      const date = (index: number, name: string) =>
        row.cells[index] ? isoDate(table, row, row.cells[index], name) : null;

      return {
        ...tax,
        rate,
        validFrom: date(c.validFrom, "valid_from"),
        validTo: date(c.validTo, "valid_to"),
        description: `${item} (${row.cells[c.appliesTo]}; ${unitText})`,
        source: `${row.cells[c.source]}; confidence: ${row.cells[c.confidence]}`,
      };
    });
    const arrays = [
      rows.map((r) => r.code),
      rows.map((r) => r.group),
      rows.map((r) => r.rate),
      rows.map((r) => r.unit),
      rows.map((r) => r.validFrom),
      rows.map((r) => r.validTo),
      rows.map((r) => r.description),
      rows.map((r) => r.source),
    ];
    const input = `unnest($1::text[], $2::text[], $3::numeric[], $4::text[],
      $5::date[], $6::date[], $7::text[], $8::text[]) as v (tax_code,
      subscriber_group_code, rate, unit, valid_from, valid_to, description,
      source)`;
    await client.query(
      `delete from public.tax_rates t using ${input}
       where t.tax_code = v.tax_code
         and t.subscriber_group_code is not distinct from v.subscriber_group_code
         and t.valid_from is not distinct from v.valid_from`,
      arrays,
    );
    await client.query(
      `insert into public.tax_rates (tax_code, subscriber_group_code, rate,
         unit, valid_from, valid_to, description, source, is_demo)
       select v.*, false from ${input}`,
      arrays,
    );

    return [
      {
        file: table.file,
        format: taxesAndCharges.name,
        numberProfile: table.profile,
        table: "public.tax_rates",
        rows: rows.length,
        ...replacedFields({ kind: "tax_keys" }),
        skipped: [],
      },
    ];
  },
};

// Limits, coefficients, monthly figures --------------------------------------

const eligibleLimits: Format = {
  name: "eligible consumer limit CSV",
  matches: (header) => header.map(key).includes("limit_kwh_per_year"),
  import: async (client, table) => {
    const year = column(table, "year");
    const limit = column(table, "limit_kwh_per_year");
    const source = column(table, "source");
    const skipped: ImportReport["skipped"] = [];
    const rows: Array<{ year: string; limit: string; source: string }> = [];
    for (const row of table.rows) {
      const yearText = cell(table, row, year, "year");
      if (!/^\d{4}$/.test(yearText)) {
        throw new ImportError(
          table.file,
          row.line,
          reason("invalid_year", { text: yearText }),
        );
      }
      if (!row.cells[limit]) {
        skipped.push({
          line: row.line,
          ...skippedReason(reason("no_limit", { year: yearText })),
        });
        continue;
      }
      rows.push({
        year: yearText,
        limit: decimal(table, row, limit, "limit_kwh_per_year"),
        source: cell(table, row, source, "source"),
      });
    }
    await client.query(
      `insert into public.eligible_consumer_limits (year, limit_kwh_per_year,
         source, is_demo)
       select v.*, false
       from unnest($1::integer[], $2::numeric[], $3::text[]) as v
       on conflict (year) do update set
         limit_kwh_per_year = excluded.limit_kwh_per_year,
         source = excluded.source, is_demo = false`,
      [
        rows.map((r) => r.year),
        rows.map((r) => r.limit),
        rows.map((r) => r.source),
      ],
    );

    return [
      {
        file: table.file,
        format: eligibleLimits.name,
        numberProfile: table.profile,
        table: "public.eligible_consumer_limits",
        rows: rows.length,
        ...replacedFields({ kind: "years" }),
        skipped,
      },
    ];
  },
};

const READING_TYPES: Record<string, string> = {
  "üç zamanlı": "three_time",
  three_time: "three_time",
  "tek zamanlı": "single_time",
  single_time: "single_time",
};

// Profile groups are published as "<group> - <voltage>" (Ticarethane - OG)
// or as a group alone (lighting groups per province).
const GROUP_NAMES: Record<string, string> = {
  mesken: "mesken",
  ticarethane: "ticarethane",
  sanayi: "sanayi",
  "tarımsal sulama": "tarimsal_sulama",
  tarimsal_sulama: "tarimsal_sulama",
  aydınlatma: "aydinlatma",
  aydinlatma: "aydinlatma",
  kamu_diger: "kamu_diger",
};

const profileCoefficients: Format = {
  name: "profile coefficients CSV",
  matches: (header) =>
    header.map(key).includes("multiplier") &&
    header.map(key).includes("timestamp"),
  import: async (client, table) => {
    const { rows: regions } = await client.query<{
      code: string;
      epias_distribution_id: number;
    }>("select code, epias_distribution_id from public.distribution_regions");
    const c = {
      time: column(table, "timestamp"),
      region: column(table, "distribution_region", "distribution_org_id"),
      group: column(table, "subscriber_group", "profile_group"),
      voltage: optionalColumn(table, "voltage"),
      reading: column(table, "meter_reading_type"),
      multiplier: column(table, "multiplier"),
      source: optionalColumn(table, "source"),
    };
    const values = table.rows.map((row) => {
      const time = cell(table, row, c.time, "timestamp");
      if (!ISO_HOUR.test(time)) {
        throw new ImportError(
          table.file,
          row.line,
          reason("invalid_timestamp", { text: time }),
        );
      }
      const regionText = cell(table, row, c.region, "distribution region");
      const region = regions.find(
        (r) =>
          r.code === regionText ||
          String(r.epias_distribution_id) === regionText,
      );
      const [groupText = "", voltageText] = cell(table, row, c.group, "group")
        .split(/\s+-\s+/)
        .map((part) => part.trim());
      const group = GROUP_NAMES[key(groupText)];
      const voltage =
        (c.voltage === undefined ? voltageText : row.cells[c.voltage]) || null;
      const reading =
        READING_TYPES[key(cell(table, row, c.reading, "meter_reading_type"))];
      if (!region || !group || !reading) {
        throw new ImportError(
          table.file,
          row.line,
          !region
            ? reason("unknown_region", { text: regionText })
            : !group
              ? reason("unknown_group", { text: groupText })
              : reason("unknown_reading_type"),
        );
      }

      return {
        hourStart: new Date(time),
        region: region.code,
        group,
        voltage: voltage?.toUpperCase() ?? null,
        reading,
        multiplier: decimal(table, row, c.multiplier, "multiplier"),
        source:
          (c.source === undefined ? undefined : row.cells[c.source]) ||
          `profile coefficients file ${path.basename(table.file)}`,
      };
    });
    const times = values.map((v) => v.hourStart.getTime());
    const from = new Date(Math.min(...times));
    const to = new Date(Math.max(...times));
    const arrays = [
      values.map((v) => v.hourStart),
      values.map((v) => v.region),
      values.map((v) => v.group),
      values.map((v) => v.voltage),
      values.map((v) => v.reading),
      values.map((v) => v.multiplier),
      values.map((v) => v.source),
    ];
    const input = `unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[],
      $5::text[], $6::numeric[], $7::text[]) as v (hour_start, region, grp,
      voltage, reading, multiplier, source)`;
    await client.query(
      "select private.ensure_month_partitions($1::regclass, $2, $3)",
      ["public.profile_coefficients", from, addHours(to, 1)],
    );
    // The file replaces its sets (region, group, voltage, reading type)
    // over the hours it covers.
    await client.query(
      `delete from public.profile_coefficients p
       using (select distinct region, grp, voltage, reading from ${input}) s
       where p.distribution_region_code = s.region
         and p.subscriber_group_code = s.grp
         and p.voltage_level_code is not distinct from s.voltage
         and p.meter_reading_type = s.reading
         and p.hour_start between $8 and $9`,
      [...arrays, from, to],
    );
    await client.query(
      `insert into public.profile_coefficients (hour_start, period_month,
         distribution_region_code, subscriber_group_code, voltage_level_code,
         meter_reading_type, multiplier, source, is_demo)
       select hour_start,
         date_trunc('month', hour_start at time zone 'Europe/Istanbul')::date,
         region, grp, voltage, reading, multiplier, source, false
       from ${input}`,
      arrays,
    );

    return [
      {
        file: table.file,
        format: profileCoefficients.name,
        numberProfile: table.profile,
        table: "public.profile_coefficients",
        rows: values.length,
        ...replacedFields({
          kind: "profile_sets",
          from: from.toISOString(),
          to: to.toISOString(),
        }),
        skipped: [],
      },
    ];
  },
};

// Monthly figures: "month" (YYYY-MM) and a value column.
function monthlyFormat(options: {
  name: string;
  valueColumn: string;
  table: string;
  targetColumn: string;
}): Format {
  return {
    name: options.name,
    matches: (header) =>
      header.map(key).includes("month") &&
      header.map(key).includes(options.valueColumn),
    import: async (client, table) => {
      const month = column(table, "month");
      const value = column(table, options.valueColumn);
      const source = column(table, "source");
      const isDemo = optionalColumn(table, "is_demo");
      const rows = table.rows.map((row) => {
        const text = cell(table, row, month, "month");
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) {
          throw new ImportError(
            table.file,
            row.line,
            reason("invalid_month", { text }),
          );
        }

        return {
          month: `${text}-01`,
          value: decimal(table, row, value, options.valueColumn),
          source: cell(table, row, source, "source"),
          isDemo: isDemo !== undefined && row.cells[isDemo] === "true",
        };
      });
      await client.query(
        `insert into ${options.table} (period_month, ${options.targetColumn},
           source, is_demo)
         select * from unnest($1::date[], $2::numeric[], $3::text[],
           $4::boolean[])
         on conflict (period_month) do update set
           ${options.targetColumn} = excluded.${options.targetColumn},
           source = excluded.source, is_demo = excluded.is_demo`,
        [
          rows.map((r) => r.month),
          rows.map((r) => r.value),
          rows.map((r) => r.source),
          rows.map((r) => r.isDemo),
        ],
      );

      return [
        {
          file: table.file,
          format: options.name,
          numberProfile: table.profile,
          table: options.table,
          rows: rows.length,
          ...replacedFields({ kind: "months" }),
          skipped: [],
        },
      ];
    },
  };
}

const lastResort: Format = {
  name: "last-resort tariff parameters CSV",
  matches: (header) =>
    header.map(key).includes("coefficient") &&
    header.map(key).includes("threshold_kwh_per_year"),
  import: async (client, table) => {
    const c = {
      validFrom: column(table, "valid_from"),
      coefficient: column(table, "coefficient"),
      threshold: column(table, "threshold_kwh_per_year"),
      source: column(table, "source"),
    };
    const rows = table.rows.map((row) => [
      isoDate(
        table,
        row,
        cell(table, row, c.validFrom, "valid_from"),
        "valid_from",
      ),
      decimal(table, row, c.coefficient, "coefficient"),
      decimal(table, row, c.threshold, "threshold_kwh_per_year"),
      cell(table, row, c.source, "source"),
    ]);
    await client.query(
      `insert into public.last_resort_tariff_parameters (valid_from,
         coefficient, threshold_kwh_per_year, source, is_demo)
       select v.*, false from unnest($1::date[], $2::numeric[], $3::numeric[],
         $4::text[]) as v
       on conflict (valid_from) do update set coefficient = excluded.coefficient,
         threshold_kwh_per_year = excluded.threshold_kwh_per_year,
         source = excluded.source, is_demo = false`,
      [0, 1, 2, 3].map((i) => rows.map((row) => row[i])),
    );

    return [
      {
        file: table.file,
        format: lastResort.name,
        numberProfile: table.profile,
        table: "public.last_resort_tariff_parameters",
        rows: rows.length,
        ...replacedFields({ kind: "valid_from_dates" }),
        skipped: [],
      },
    ];
  },
};

const FORMATS: Format[] = [
  projectHourly("ptf"),
  projectHourly("smf"),
  epiasExport,
  distributionCharges,
  tariffRates,
  taxesAndCharges,
  eligibleLimits,
  profileCoefficients,
  monthlyFormat({
    name: "YEKDEM unit cost CSV",
    valueColumn: "unit_cost_try_per_mwh",
    table: "public.yekdem_unit_costs",
    targetColumn: "unit_cost_try_per_mwh",
  }),
  monthlyFormat({
    name: "forward price expectations CSV",
    valueColumn: "expected_ptf_try_per_mwh",
    table: "public.forward_price_expectations",
    targetColumn: "expected_ptf_try_per_mwh",
  }),
  lastResort,
];

// Reading files ------------------------------------------------------------

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return "";
  }
  if (value instanceof Date) {
    // Spreadsheet dates carry the wall-clock time in their UTC fields.
    const pad = (n: number) => String(n).padStart(2, "0");
    const date = `${pad(value.getUTCDate())}.${pad(value.getUTCMonth() + 1)}.${value.getUTCFullYear()}`;
    const time = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;

    return time === "00:00" ? date : `${date} ${time}`;
  }
  if (typeof value === "number") {
    // Numeric cells are written in the Turkish format that text cells of
    // the same export use.
    return String(value).replace(".", ",");
  }
  if (typeof value === "object" && "result" in value) {
    return cellText(value.result as ExcelJS.CellValue);
  }
  if (typeof value === "object" && "richText" in value) {
    return value.richText.map((part) => part.text).join("");
  }

  return String(value).trim();
}

async function readXlsx(file: string): Promise<CsvTable> {
  const workbook = new ExcelJS.Workbook();
  // Loaded from bytes rather than with readFile, which needs Node's streams.
  // The edge function's bundle of this file has only the in-memory reader.
  const bytes = await readFile(file);
  await workbook.xlsx.load(
    bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer,
  );
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw new ImportError(file, undefined, reason("no_sheet"));
  }
  const rows: CsvTable["rows"] = [];
  let header: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (header.length === 0) {
      header = values;
    } else if (values.some((value) => value !== "")) {
      rows.push({ line, cells: values });
    }
  });
  // A time column formatted as a time of day reads as "30.12.1899 HH:mm".
  for (const row of rows) {
    row.cells = row.cells.map((value) => value.replace(/^30\.12\.1899 /, ""));
  }

  return { separator: ";", header, rows };
}

// Reads a CSV file. A NUL byte marks a binary file, which the database
// could not store as text either, so the file is rejected at the line of
// its first NUL byte.
async function readCsv(file: string): Promise<CsvTable> {
  const bytes = await readFile(file);
  const nulOffset = bytes.indexOf(0);
  if (nulOffset !== -1) {
    let line = 1;
    for (let i = 0; i < nulOffset; i++) {
      if (bytes[i] === 0x0a) {
        line += 1;
      }
    }
    // The byte's position counts from 1, as editors show it.
    throw new ImportError(
      file,
      line,
      reason("not_text", { byte: nulOffset + 1 }),
    );
  }

  return parseCsv(bytes.toString("utf8"));
}

// The number profile of a file: Turkish for EPİAŞ exports (Turkish headers),
// spreadsheets and `;`-separated files, a decimal point otherwise.
function numberProfile(table: CsvTable, spreadsheet: boolean): NumberProfile {
  if (spreadsheet || table.separator === ";") {
    return "tr";
  }

  return table.header.map(key).includes("tarih") ? "tr" : "point";
}

async function readTable(
  file: string,
  options: ImportOptions = {},
): Promise<Table> {
  const spreadsheet = /\.xlsx$/i.test(file);
  const table = spreadsheet ? await readXlsx(file) : await readCsv(file);

  return {
    ...table,
    file,
    profile: numberProfile(table, spreadsheet),
    progress: new ProgressTracker(table.rows.length, options.onProgress),
  };
}

export function formatOf(header: string[]): Format | undefined {
  return FORMATS.find((format) => format.matches(header));
}

// Imports one file in one transaction. Throws ImportError naming the file,
// line and reason; then nothing of the file is stored. Hourly series report
// progress every PROGRESS_STEP_ROWS rows, other formats once at the end.
export async function importMarketFile(
  client: pg.ClientBase,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport[]> {
  let table: Table;
  try {
    table = await readTable(file, options);
  } catch (error) {
    if (error instanceof ImportError) {
      throw error;
    }
    throw new ImportError(
      file,
      undefined,
      reason("unreadable_file", { message: (error as Error).message }),
    );
  }
  const format = formatOf(table.header);
  if (!format) {
    throw new ImportError(
      file,
      1,
      reason("unknown_format", {
        header: table.header.join(", "),
        expected: FORMATS.map((f) => f.name).join(", "),
      }),
    );
  }
  await client.query("begin");
  let reports: ImportReport[];
  try {
    reports = await format.import(client, table);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    if (error instanceof ImportError || error instanceof ProgressReportError) {
      throw error;
    }
    throw new ImportError(
      file,
      undefined,
      reason("database_error", { message: (error as Error).message }),
    );
  }
  await table.progress.complete();

  return reports;
}

// Imports a file, or every CSV and XLSX file of a folder in name order. In a
// folder, files of no known format are listed as ignored.
export async function importMarketPath(
  client: pg.ClientBase,
  target: string,
  log: (line: string) => void = () => undefined,
): Promise<{ reports: ImportReport[]; ignored: string[] }> {
  if (!(await stat(target)).isDirectory()) {
    return { reports: await importMarketFile(client, target), ignored: [] };
  }
  const names = (await readdir(target))
    .filter((name) => /\.(csv|xlsx)$/i.test(name))
    .sort();
  const reports: ImportReport[] = [];
  const ignored: string[] = [];
  for (const name of names) {
    const file = path.join(target, name);
    const table = await readTable(file);
    if (!formatOf(table.header)) {
      ignored.push(file);
      log(`ignored ${name}: not a market-data format`);
      continue;
    }
    for (const report of await importMarketFile(client, file)) {
      reports.push(report);
      log(describeReport(report));
    }
  }

  return { reports, ignored };
}

const PROFILE_NAMES: Record<NumberProfile, string> = {
  tr: "Turkish (decimal comma, dot for thousands)",
  point: "decimal point, no grouping",
};

export function describeReport(report: ImportReport): string {
  const skipped =
    report.skipped.length === 0
      ? ""
      : `; skipped ${report.skipped
          .map((s) => `line ${s.line} (${s.reason})`)
          .join(", ")}`;

  return (
    `${path.basename(report.file)}: ${report.rows} rows into ${report.table} ` +
    `as ${report.format}, number profile ${PROFILE_NAMES[report.numberProfile]}` +
    skipped
  );
}
