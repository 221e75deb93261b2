// Parses PostgREST's query grammar: select lists, filters, logic trees and
// order terms, into plain structures the query builder turns into SQL.
import { ApiError } from "./errors.ts";

export type JsonStep = { arrow: "->" | "->>"; key: string };
export type Field = { name: string; json: JsonStep[] };

export type Aggregate = "sum" | "avg" | "max" | "min" | "count";

export type SelectItem =
  | { kind: "star" }
  | {
      kind: "column";
      field: Field;
      alias?: string;
      cast?: string;
      aggregate?: Aggregate;
      aggregateCast?: string;
    }
  | { kind: "count"; alias?: string; cast?: string }
  | {
      kind: "embed";
      name: string;
      alias?: string;
      hint?: string;
      joinType?: "inner" | "left";
      spread: boolean;
      select: SelectItem[];
    };

export type Operator =
  | "eq"
  | "neq"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "like"
  | "ilike"
  | "match"
  | "imatch"
  | "in"
  | "is"
  | "isdistinct"
  | "fts"
  | "plfts"
  | "phfts"
  | "wfts"
  | "cs"
  | "cd"
  | "ov"
  | "sl"
  | "sr"
  | "nxr"
  | "nxl"
  | "adj";

export const OPERATORS = new Set<string>([
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "match",
  "imatch",
  "in",
  "is",
  "isdistinct",
  "fts",
  "plfts",
  "phfts",
  "wfts",
  "cs",
  "cd",
  "ov",
  "sl",
  "sr",
  "nxr",
  "nxl",
  "adj",
]);

const QUANTIFIABLE = new Set([
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "match",
  "imatch",
]);

export type Filter = {
  kind: "filter";
  field: Field;
  negate: boolean;
  op: Operator;
  quantifier?: "any" | "all";
  language?: string;
  value: string;
  list?: string[];
};

export type LogicTree = {
  kind: "logic";
  op: "and" | "or";
  negate: boolean;
  children: Array<LogicTree | Filter>;
};

export type OrderTerm = {
  relation?: string;
  field: Field;
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
};

const failed = (what: string, input: string, details: string | null = null) =>
  new ApiError(
    400,
    "PGRST100",
    `"failed to parse ${what} (${input})" (line 1, column ${input.length + 1})`,
    details,
  );

// Splits at top-level commas, keeping parentheses and double quotes intact.
export function splitTopLevel(input: string, separator = ","): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (quoted) {
      current += ch;
      if (ch === "\\" && i + 1 < input.length) {
        current += input[++i];
      } else if (ch === '"') {
        quoted = false;
      }
      continue;
    }
    if (ch === '"') {
      quoted = true;
    } else if (ch === "(" || ch === "{" || ch === "[") {
      depth++;
    } else if (ch === ")" || ch === "}" || ch === "]") {
      depth--;
    } else if (ch === separator && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current);

  return parts;
}

function unquote(value: string): string {
  const trimmed = value;
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, "$1");
  }

  return trimmed;
}

// `data->a->>b` → name "data" and its JSON steps.
export function parseField(input: string, what = "select parameter"): Field {
  const text = input.trim();
  let name: string;
  let rest: string;
  if (text.startsWith('"')) {
    const close = text.indexOf('"', 1);
    if (close < 0) {
      throw failed(what, input);
    }
    name = text.slice(1, close);
    rest = text.slice(close + 1);
  } else {
    const arrow = text.indexOf("->");
    name = arrow < 0 ? text : text.slice(0, arrow);
    rest = arrow < 0 ? "" : text.slice(arrow);
  }
  if (name === "") {
    throw failed(what, input);
  }
  const json: JsonStep[] = [];
  while (rest.length > 0) {
    const arrow = rest.startsWith("->>")
      ? "->>"
      : rest.startsWith("->")
        ? "->"
        : "";
    if (arrow === "") {
      throw failed(what, input);
    }
    rest = rest.slice(arrow.length);
    const next = rest.indexOf("->");
    let step = next < 0 ? rest : rest.slice(0, next);
    rest = next < 0 ? "" : rest.slice(next);
    if (step.startsWith('"') && step.endsWith('"') && step.length >= 2) {
      step = step.slice(1, -1);
    } else if (step === "" || (step.startsWith("-") && !/^-\d+$/.test(step))) {
      throw new ApiError(
        400,
        "PGRST100",
        `"failed to parse ${what} (${input})" (line 1, column ${input.length - rest.length - step.length + 2})`,
        'unexpected "-" expecting digit',
      );
    }
    json.push({ arrow, key: step });
  }

  return { name, json };
}

const CAST = /^[A-Za-z_][A-Za-z0-9_ ]*(\[\])?$/;

function splitCast(text: string, what: string): [string, string | undefined] {
  const index = text.lastIndexOf("::");
  if (index < 0) {
    return [text, undefined];
  }
  const cast = text.slice(index + 2);
  if (!CAST.test(cast)) {
    throw failed(what, text);
  }

  return [text.slice(0, index), cast];
}

const AGGREGATES = new Set(["sum", "avg", "max", "min", "count"]);

export function parseSelect(input: string): SelectItem[] {
  if (input.trim() === "") {
    return [];
  }

  return splitTopLevel(input).map((raw) => parseSelectItem(raw, input));
}

function parseSelectItem(raw: string, whole: string): SelectItem {
  const text = raw.trim();
  if (text === "*") {
    return { kind: "star" };
  }
  if (text === "") {
    throw failed("select parameter", whole);
  }
  const embed =
    /^(\.\.\.)?(?:([^:()!]+):(?!:))?([^:()!]+)((?:![^!()]+)*)\((.*)\)$/s.exec(
      text,
    );
  if (embed && !embed[3]?.includes(".") && embed[3] !== "count") {
    const [, spread, alias, name, hints, inner] = embed;
    let hint: string | undefined;
    let joinType: "inner" | "left" | undefined;
    for (const part of (hints ?? "").split("!").filter(Boolean)) {
      if (part === "inner" || part === "left") {
        joinType = part;
      } else {
        hint = part;
      }
    }

    return {
      kind: "embed",
      name: (name ?? "").trim(),
      alias: alias?.trim(),
      hint,
      joinType,
      spread: Boolean(spread),
      select: parseSelect(inner ?? ""),
    };
  }
  let alias: string | undefined;
  let rest = text;
  const aliasMatch = /^([^:"]+|"(?:[^"\\]|\\.)*"):(?!:)(.*)$/s.exec(text);
  if (aliasMatch) {
    alias = unquote((aliasMatch[1] ?? "").trim());
    rest = aliasMatch[2] ?? "";
  }
  const countMatch = /^count\(\)(?:::(.+))?$/.exec(rest);
  if (countMatch) {
    if (countMatch[1] !== undefined && !CAST.test(countMatch[1])) {
      throw failed("select parameter", whole);
    }

    return { kind: "count", alias, cast: countMatch[1] };
  }
  const aggMatch = /^(.*)\.(\w+)\(\)(?:::(.+))?$/.exec(rest);
  if (aggMatch && AGGREGATES.has(aggMatch[2] ?? "")) {
    const [fieldText, cast] = splitCast(aggMatch[1] ?? "", "select parameter");
    if (aggMatch[3] !== undefined && !CAST.test(aggMatch[3])) {
      throw failed("select parameter", whole);
    }

    return {
      kind: "column",
      field: parseField(fieldText),
      alias,
      cast,
      aggregate: aggMatch[2] as Aggregate,
      aggregateCast: aggMatch[3],
    };
  }
  const [fieldText, cast] = splitCast(rest, "select parameter");
  if (/[()]/.test(fieldText)) {
    throw failed("select parameter", whole);
  }

  return { kind: "column", field: parseField(fieldText), alias, cast };
}

// `not.in.(1,2)`, `eq(any).{1,2}`, `fts(english).cat` → a filter.
export function parseFilter(field: Field, input: string): Filter {
  let text = input;
  let negate = false;
  if (text.startsWith("not.")) {
    negate = true;
    text = text.slice(4);
  }
  const match = /^(\w+)(?:\(([^)]*)\))?\.([\s\S]*)$/.exec(text);
  if (!match || !OPERATORS.has(match[1] ?? "")) {
    throw failed("filter", input);
  }
  const op = match[1] as Operator;
  const modifier = match[2];
  const value = match[3] ?? "";
  const filter: Filter = { kind: "filter", field, negate, op, value };
  if (modifier !== undefined) {
    if (op === "fts" || op === "plfts" || op === "phfts" || op === "wfts") {
      filter.language = modifier;
    } else if (
      (modifier === "any" || modifier === "all") &&
      QUANTIFIABLE.has(op)
    ) {
      filter.quantifier = modifier;
      filter.list = parseListValue(value, "{", "}", input);
    } else {
      throw failed("filter", input);
    }
  }
  if (op === "in") {
    filter.list = parseListValue(value, "(", ")", input);
  }
  if (op === "is") {
    const normal = value.toLowerCase();
    if (!["null", "not_null", "true", "false", "unknown"].includes(normal)) {
      throw failed("filter", input);
    }
    filter.value = normal;
  }

  return filter;
}

function parseListValue(
  value: string,
  open: string,
  close: string,
  input: string,
): string[] {
  if (!value.startsWith(open) || !value.endsWith(close)) {
    throw failed("filter", input);
  }
  const inner = value.slice(1, -1);
  if (inner.trim() === "") {
    return [];
  }

  return splitTopLevel(inner).map((item) => unquote(item.trim()));
}

// `(a.eq.1,and(b.gt.2,not.c.is.null))` with its operator `or`.
export function parseLogic(
  op: "and" | "or",
  negate: boolean,
  input: string,
): LogicTree {
  const text = input.trim();
  if (!text.startsWith("(") || !text.endsWith(")")) {
    throw failed("logic tree", input);
  }
  const inner = text.slice(1, -1);
  if (inner.trim() === "") {
    throw new ApiError(
      400,
      "PGRST100",
      `"failed to parse logic tree (${input})" (line 1, column ${op.length + 2})`,
      'unexpected ")" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)',
    );
  }
  const children = splitTopLevel(inner).map((raw): LogicTree | Filter => {
    const item = raw.trim();
    const nested = /^(not\.)?(and|or)\s*(\(.*\))$/s.exec(item);
    if (nested) {
      return parseLogic(
        nested[2] as "and" | "or",
        Boolean(nested[1]),
        nested[3] ?? "",
      );
    }
    const dot = fieldEnd(item);
    if (dot < 0) {
      throw failed("logic tree", input);
    }

    const filter = parseFilter(
      parseField(item.slice(0, dot), "logic tree"),
      item.slice(dot + 1),
    );
    if (!filter.list && filter.op !== "is") {
      filter.value = unquote(filter.value);
    }

    return filter;
  });

  return { kind: "logic", op, negate, children };
}

// Index of the dot that ends a field (with its JSON path) in `field.op.value`.
function fieldEnd(item: string): number {
  let i = 0;
  if (item.startsWith('"')) {
    i = item.indexOf('"', 1) + 1;
  }
  for (; i < item.length; i++) {
    if (item[i] === ".") {
      return i;
    }
  }

  return -1;
}

export function parseOrder(input: string): OrderTerm[] {
  return splitTopLevel(input).map((raw) => {
    const text = raw.trim();
    if (text === "") {
      throw failed("order", input);
    }
    let relation: string | undefined;
    let rest = text;
    const related = /^([^().]+)\(([^()]+)\)(.*)$/.exec(text);
    if (related) {
      relation = related[1];
      rest = `${related[2]}${related[3]}`;
    }
    const parts = rest.split(".");
    const term: OrderTerm = { relation, field: { name: "", json: [] } };
    while (parts.length > 1) {
      const last = parts[parts.length - 1] as string;
      if ((last === "asc" || last === "desc") && term.direction === undefined) {
        term.direction = last;
      } else if (
        (last === "nullsfirst" || last === "nullslast") &&
        term.nulls === undefined &&
        term.direction === undefined
      ) {
        term.nulls = last === "nullsfirst" ? "first" : "last";
      } else {
        break;
      }
      parts.pop();
    }
    if (parts.length !== 1) {
      throw failed("order", input);
    }
    term.field = parseField(parts[0] as string, "order");

    return term;
  });
}

export function parseNonNegative(
  name: string,
  value: string,
): number | undefined {
  if (!/^-?\d+$/.test(value)) {
    throw new ApiError(
      400,
      "PGRST100",
      `"failed to parse ${name} parameter (${value})" (line 1, column 1)`,
      null,
    );
  }

  return Number.parseInt(value, 10);
}
