// A small CSV reader for market files: byte-order mark, `;` or `,`
// separators, quoted fields with doubled quotes, CRLF line ends.

export type CsvTable = {
  separator: "," | ";";
  header: string[];
  // Data rows with their 1-based line numbers in the file.
  rows: Array<{ line: number; cells: string[] }>;
};

function splitLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === separator) {
      cells.push(cell);
      cell = "";
    } else {
      cell += char;
    }
  }
  cells.push(cell);

  return cells.map((value) => value.trim());
}

// The separator is the one of `;` and `,` that occurs more often in the
// header line.
export function parseCsv(text: string): CsvTable {
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  const headerLine = lines[0] ?? "";
  const semicolons = headerLine.split(";").length;
  const commas = headerLine.split(",").length;
  const separator = semicolons > commas ? ";" : ",";
  const rows: CsvTable["rows"] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") {
      continue;
    }
    rows.push({ line: i + 1, cells: splitLine(line, separator) });
  }

  return { separator, header: splitLine(headerLine, separator), rows };
}
