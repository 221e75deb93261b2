// A table that may run over many pages. react-pdf has no table element, so
// rows are flex rows: each row is marked unbreakable (wrap={false}) so a
// page break never splits a row, the header row is `fixed` so it repeats at
// the top of the table on every page, and the totals row follows the last
// row, so it appears once on the last page.

import type { Styles } from "@react-pdf/renderer";
import { StyleSheet, Text, View } from "@react-pdf/renderer";
import type { TableColumn, TableRow } from "../types.ts";
import { COLORS } from "./layout.tsx";

const tableStyles = StyleSheet.create({
  header: {
    flexDirection: "row",
    backgroundColor: COLORS.brand,
    color: "#ffffff",
    fontWeight: "bold",
  },
  row: {
    flexDirection: "row",
    borderBottomWidth: 0.5,
    borderBottomColor: COLORS.rule,
  },
  shadedRow: { backgroundColor: COLORS.shade },
  totals: {
    flexDirection: "row",
    fontWeight: "bold",
    borderTopWidth: 1,
    borderTopColor: COLORS.brand,
  },
  cell: { paddingVertical: 2.5, paddingHorizontal: 4 },
});

function cellStyle(column: TableColumn): Styles[string] {
  return {
    ...tableStyles.cell,
    flexGrow: column.width,
    flexShrink: 1,
    flexBasis: 0,
    textAlign: column.align ?? "left",
  };
}

export interface LongTableProps {
  columns: TableColumn[];
  rows: TableRow[];
  totals?: TableRow;
  fontSize?: number;
}

export function LongTable({
  columns,
  rows,
  totals,
  fontSize = 8.5,
}: LongTableProps) {
  return (
    <View style={{ fontSize }}>
      <View style={tableStyles.header} fixed>
        {columns.map((column) => (
          <Text key={column.key} style={cellStyle(column)}>
            {column.header}
          </Text>
        ))}
      </View>
      {rows.map((row, index) => (
        <View
          // Rows have no identity beyond their position in the input.
          key={index}
          style={
            index % 2 === 1
              ? [tableStyles.row, tableStyles.shadedRow]
              : tableStyles.row
          }
          wrap={false}
        >
          {columns.map((column) => (
            <Text key={column.key} style={cellStyle(column)}>
              {row[column.key] ?? ""}
            </Text>
          ))}
        </View>
      ))}
      {totals ? (
        <View style={tableStyles.totals} wrap={false}>
          {columns.map((column) => (
            <Text key={column.key} style={cellStyle(column)}>
              {totals[column.key] ?? ""}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
