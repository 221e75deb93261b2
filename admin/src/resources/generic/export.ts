// Export of a list as CSV or Excel: the list's columns, filters and order,
// every page. CSV follows Turkish spreadsheets (UTF-8 with BOM, `;` between
// fields, values formatted as on screen: 1.234,56 and 05.01.2026).
import type { ResourceDescription } from "../../catalogue/types.ts";
import {
  decimalString,
  formatValue,
  type Translate,
} from "../../format/values.ts";
import { referenceLabel } from "./select.ts";

export type ExportFormat = "csv" | "xlsx";

function listFields(description: ResourceDescription) {
  return description.fields.filter((field) => field.list);
}

function quoteCsv(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  description: ResourceDescription,
  rows: readonly Record<string, unknown>[],
  translate: Translate,
  language: "tr" | "en",
): string {
  const fields = listFields(description);
  const header = fields.map((field) => quoteCsv(field.label[language]));
  const lines = rows.map((row) =>
    fields
      .map((field) =>
        quoteCsv(
          formatValue(
            field,
            row[field.name],
            translate,
            referenceLabel(row, field),
          ),
        ),
      )
      .join(";"),
  );

  return `\uFEFF${[header.join(";"), ...lines].join("\r\n")}\r\n`;
}

// Builds an .xlsx file. Numbers are written as numeric cells with a Turkish
// display format, because spreadsheet cells hold numbers as doubles anyway;
// everything else is written as the text shown on screen.
export async function toXlsx(
  description: ResourceDescription,
  rows: readonly Record<string, unknown>[],
  translate: Translate,
  language: "tr" | "en",
): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(description.label[language].slice(0, 31));
  const fields = listFields(description);
  sheet.columns = fields.map((field) => ({
    header: field.label[language],
    key: field.name,
    width: Math.max(12, field.label[language].length + 2),
  }));
  for (const row of rows) {
    const values = fields.map((field) => {
      const value = row[field.name];
      const numeric =
        field.kind === "money" ||
        field.kind === "decimal" ||
        field.kind === "integer";
      const decimal = numeric ? decimalString(value) : null;
      if (decimal !== null) {
        return Number(decimal);
      }

      return formatValue(field, value, translate, referenceLabel(row, field));
    });
    sheet.addRow(values);
  }
  fields.forEach((field, index) => {
    const digits = field.kind === "money" ? 2 : (field.fractionDigits ?? 0);
    const fraction = digits > 0 ? `.${"0".repeat(digits)}` : "";
    if (field.kind === "money") {
      sheet.getColumn(index + 1).numFmt = `#,##0${fraction} "₺"`;
    } else if (field.kind === "decimal" || field.kind === "integer") {
      sheet.getColumn(index + 1).numFmt = `#,##0${fraction}`;
    }
  });
  sheet.getRow(1).font = { bold: true };

  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

export function downloadFile(name: string, content: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
