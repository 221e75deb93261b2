// A table annex to an offer, contract or invoice: consumption readings,
// invoice lines. Built on LongTable, so rows never split across pages.

import { Document, Text } from "@react-pdf/renderer";
import { DocumentPage, styles } from "./components/layout.tsx";
import {
  fitsOneLinePerRow,
  LineTable,
  LongTable,
} from "./components/long-table.tsx";
import type { AnnexDocument, TableRow } from "./types.ts";

/** Splits rows into page-sized groups: `first` rows, then `other` each. */
export function pageGroups(
  rows: TableRow[],
  rowsPerPage: { first: number; other: number },
): TableRow[][] {
  if (rowsPerPage.first < 1 || rowsPerPage.other < 1) {
    throw new Error("Rows per page must be at least 1");
  }

  const groups = [rows.slice(0, rowsPerPage.first)];
  for (
    let start = rowsPerPage.first;
    start < rows.length;
    start += rowsPerPage.other
  ) {
    groups.push(rows.slice(start, start + rowsPerPage.other));
  }

  return groups;
}

export function AnnexPdf({
  annex,
  onPage,
}: {
  annex: AnnexDocument;
  /** Called as react-pdf lays out each page footer, for progress reports. */
  onPage?: (pageNumber: number, totalPages: number) => void;
}) {
  const groups = annex.rows_per_page
    ? pageGroups(annex.rows, annex.rows_per_page)
    : [annex.rows];
  const lastIndex = groups.length - 1;
  // Paged annexes of one-line rows take the cheaper LineTable: for a year
  // of hourly readings that is most of the render time.
  const Table =
    annex.rows_per_page &&
    fitsOneLinePerRow(annex.columns, annex.rows, annex.totals)
      ? LineTable
      : LongTable;

  return (
    <Document title={annex.title} author={annex.organisation.name}>
      {groups.map((rows, index) => (
        <DocumentPage
          // Page groups have no identity beyond their position.
          key={index}
          organisation={annex.organisation}
          language={annex.language}
          reference={annex.title}
          onPage={onPage}
          letterhead={index === 0}
        >
          {index === 0 ? <Text style={styles.title}>{annex.title}</Text> : null}
          {index === 0 && annex.subtitle ? (
            <Text style={[styles.paragraph, styles.muted]}>
              {annex.subtitle}
            </Text>
          ) : null}
          <Table
            columns={annex.columns}
            rows={rows}
            totals={index === lastIndex ? annex.totals : undefined}
          />
        </DocumentPage>
      ))}
    </Document>
  );
}
