// A table that may run over many pages. react-pdf has no table element, so
// rows are flex rows: each row is marked unbreakable (wrap={false}) so a
// page break never splits a row, the header row is `fixed` so it repeats at
// the top of the table on every page, and the totals row follows the last
// row, so it appears once on the last page.

import type { Styles } from "@react-pdf/renderer";
import { Path, StyleSheet, Svg, Text, View } from "@react-pdf/renderer";
import type { TableColumn, TableRow } from "../types.ts";
import { COLORS, CONTENT_WIDTH_PT } from "./layout.tsx";

/** Font size of LineTable cells, in points. */
const LINE_TABLE_FONT_SIZE_PT = 8.5;
/** Height of one LineTable row, in points: one text line plus padding. */
export const LINE_TABLE_ROW_HEIGHT_PT = 15;
/**
 * Advance width assumed for every character when checking without shaping
 * that a cell fits on one line, in ems. The widest letter or digit of
 * DejaVu Sans Bold, W, is 1.10 em (0.99 em in the regular face).
 */
const MAX_ADVANCE_EM = 1.15;

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
  stripes: { position: "absolute", top: 0, left: 0 },
  lineColumns: { flexDirection: "row" },
  lineCell: {
    paddingTop: 2.5,
    paddingBottom: 0,
    lineHeight: `${LINE_TABLE_ROW_HEIGHT_PT}pt`,
  },
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

/**
 * Returns whether every cell, header and total would fit on one line of a
 * LineTable: no line breaks and, at the widest glyph advance, no wider than
 * its column on a portrait A4 page.
 */
export function fitsOneLinePerRow(
  columns: TableColumn[],
  rows: TableRow[],
  totals?: TableRow,
): boolean {
  const totalWidth = columns.reduce((sum, column) => sum + column.width, 0);

  return columns.every((column) => {
    const padding = 8;
    const widthPt = (CONTENT_WIDTH_PT * column.width) / totalWidth - padding;
    const maxCharacters = Math.floor(
      widthPt / (LINE_TABLE_FONT_SIZE_PT * MAX_ADVANCE_EM),
    );
    const fits = (value: string | undefined) =>
      value === undefined ||
      (value.length <= maxCharacters && !value.includes("\n"));

    return (
      fits(column.header) &&
      fits(totals?.[column.key]) &&
      rows.every((row) => fits(row[column.key]))
    );
  });
}

/**
 * Renders the same table as LongTable for one page's worth of one-line
 * rows, with a fraction of the layout work. Each column is a single Text of
 * newline-joined cells at a fixed line height, and the row stripes and rules
 * are drawn by one Svg behind them. react-pdf's cost grows with the number
 * of Text and View nodes, so this cuts the nodes per row from four to none.
 *
 * The caller must ensure every cell fits on one line (fitsOneLinePerRow),
 * because a wrapped cell would shift its column against the others. The
 * table is unbreakable, so a page group that does not fit moves whole to
 * the next page and no row is split.
 */
export function LineTable({ columns, rows, totals }: LongTableProps) {
  return (
    <View style={{ fontSize: LINE_TABLE_FONT_SIZE_PT }} wrap={false}>
      <View style={tableStyles.header}>
        {columns.map((column) => (
          <Text key={column.key} style={cellStyle(column)}>
            {column.header}
          </Text>
        ))}
      </View>
      <View>
        <RowStripes rowCount={rows.length} />
        <View style={tableStyles.lineColumns}>
          {columns.map((column) => (
            <Text
              key={column.key}
              style={{ ...cellStyle(column), ...tableStyles.lineCell }}
            >
              {rows.map((row) => row[column.key] ?? "").join("\n")}
            </Text>
          ))}
        </View>
      </View>
      {totals ? (
        <View style={tableStyles.totals}>
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

/**
 * Shades every second row and rules each row off, as LongTable does, with
 * one path for all shades and one for all rules.
 */
function RowStripes({ rowCount }: { rowCount: number }) {
  const shades: string[] = [];
  const rules: string[] = [];
  for (let index = 0; index < rowCount; index += 1) {
    const topPt = index * LINE_TABLE_ROW_HEIGHT_PT;
    if (index % 2 === 1) {
      shades.push(
        `M0 ${topPt} H${CONTENT_WIDTH_PT} V${topPt + LINE_TABLE_ROW_HEIGHT_PT} H0 Z`,
      );
    }
    const rulePt = topPt + LINE_TABLE_ROW_HEIGHT_PT - 0.25;
    rules.push(`M0 ${rulePt} H${CONTENT_WIDTH_PT}`);
  }

  return (
    <Svg
      style={tableStyles.stripes}
      width={CONTENT_WIDTH_PT}
      height={rowCount * LINE_TABLE_ROW_HEIGHT_PT}
    >
      {shades.length > 0 ? (
        <Path d={shades.join(" ")} fill={COLORS.shade} />
      ) : null}
      <Path d={rules.join(" ")} stroke={COLORS.rule} strokeWidth={0.5} />
    </Svg>
  );
}
