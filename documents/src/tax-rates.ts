// Reads a tax rate from the bill taxes and charges table (CSV with the
// columns item, applies_to, rate, unit, valid_from, valid_to, ...). Rates
// live in data with validity periods, never in code.

import type { DateString, DecimalString } from "./types.ts";

/** Splits one CSV line, honouring double-quoted fields. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index];
    if (character === '"' && quoted && line[index + 1] === '"') {
      field += '"';
      index += 1;
    } else if (character === '"') {
      quoted = !quoted;
    } else if (character === "," && !quoted) {
      fields.push(field);
      field = "";
    } else {
      field += character;
    }
  }
  fields.push(field);

  return fields;
}

/**
 * Returns the rate in percent of the row whose item starts with `item` and
 * whose validity period contains `date` (empty bounds are open).
 */
export function findTaxRatePct(
  csv: string,
  item: string,
  date: DateString,
): DecimalString {
  const [headerLine = "", ...lines] = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitCsvLine(headerLine);
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) {
      throw new Error(`Tax table is missing the column "${name}"`);
    }

    return index;
  };
  const itemColumn = column("item");
  const rateColumn = column("rate");
  const unitColumn = column("unit");
  const fromColumn = column("valid_from");
  const toColumn = column("valid_to");

  for (const line of lines) {
    if (line.trim() === "") {
      continue;
    }

    const fields = splitCsvLine(line);
    const validFrom = fields[fromColumn] ?? "";
    const validTo = fields[toColumn] ?? "";
    const matches =
      (fields[itemColumn] ?? "").startsWith(item) &&
      (validFrom === "" || validFrom <= date) &&
      (validTo === "" || date <= validTo);
    if (!matches) {
      continue;
    }

    if (!(fields[unitColumn] ?? "").startsWith("percent")) {
      throw new Error(
        `Tax "${item}" is given in "${fields[unitColumn]}", expected a percent rate`,
      );
    }

    return fields[rateColumn] ?? "";
  }

  throw new Error(`No tax rate found for "${item}" on ${date}`);
}
