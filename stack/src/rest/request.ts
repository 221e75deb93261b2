// Reads the parts of an HTTP request PostgREST looks at: the query string
// split into levels of the embedding tree, the Prefer header and Accept.
import { ApiError } from "./errors.ts";
import {
  type Filter,
  type LogicTree,
  type OrderTerm,
  parseField,
  parseFilter,
  parseLogic,
  parseOrder,
  parseSelect,
  type SelectItem,
} from "./parse.ts";
import type { NodeOptions } from "./query.ts";

export type ParsedQuery = {
  select: SelectItem[];
  selectGiven: boolean;
  nodes: Map<string, NodeOptions>;
  columns?: string[];
  onConflict?: string[];
  rawPairs: Array<[string, string]>;
};

const nodeFor = (nodes: Map<string, NodeOptions>, path: string[]) => {
  const id = path.join("\u0000");
  let node = nodes.get(id);
  if (!node) {
    node = { filters: [], logic: [] };
    nodes.set(id, node);
  }

  return node;
};

function parseLimit(name: string, value: string): number {
  if (!/^-?\d+$/.test(value.trim())) {
    throw new ApiError(
      400,
      "PGRST100",
      `"failed to parse ${name} parameter (${value})" (line 1, column 1)`,
    );
  }
  const number = Number.parseInt(value, 10);
  if (number < 0 && name === "offset") {
    return 0;
  }
  if (number < 0) {
    throw new ApiError(
      416,
      "PGRST103",
      "Requested range not satisfiable",
      name === "limit"
        ? "Limit should be greater than or equal to zero."
        : "Offset should be greater than or equal to zero.",
    );
  }

  return number;
}

// `skip` names query keys that are not filters (function arguments).
export function parseQuery(
  search: string,
  skip: Set<string> = new Set(),
): ParsedQuery {
  const pairs = [...new URLSearchParams(search).entries()];
  const nodes = new Map<string, NodeOptions>();
  nodes.set("", { filters: [], logic: [] });
  const parsed: ParsedQuery = {
    select: [{ kind: "star" }],
    selectGiven: false,
    nodes,
    rawPairs: pairs,
  };
  for (const [rawKey, value] of pairs) {
    const keyText = rawKey;
    if (keyText === "select") {
      parsed.select = parseSelect(value);
      parsed.selectGiven = true;
      continue;
    }
    if (keyText === "columns") {
      const columns = value
        .split(",")
        .map((column) => column.trim().replace(/^"(.*)"$/, "$1"));
      if (columns.some((column) => column === "")) {
        throw new ApiError(
          400,
          "PGRST100",
          `"failed to parse columns parameter (${value})" (line 1, column ${value.length + 1})`,
        );
      }
      parsed.columns = columns;
      continue;
    }
    if (keyText === "on_conflict") {
      parsed.onConflict = value.split(",").map((column) => column.trim());
      continue;
    }
    if (skip.has(keyText)) {
      continue;
    }
    const arrow = keyText.indexOf("->");
    const head = arrow < 0 ? keyText : keyText.slice(0, arrow);
    const tail = arrow < 0 ? "" : keyText.slice(arrow);
    const segments = head.split(".");
    const last = segments[segments.length - 1] ?? "";
    if (tail === "") {
      const negatedLogic =
        segments.length >= 2 &&
        segments[segments.length - 2] === "not" &&
        (last === "or" || last === "and");
      if (last === "or" || last === "and") {
        const path = segments.slice(0, negatedLogic ? -2 : -1);
        nodeFor(nodes, path).logic.push(
          parseLogic(last, negatedLogic, value) as LogicTree,
        );
        continue;
      }
      if (last === "order") {
        nodeFor(nodes, segments.slice(0, -1)).order = parseOrder(
          value,
        ) as OrderTerm[];
        continue;
      }
      if (last === "limit") {
        nodeFor(nodes, segments.slice(0, -1)).limit = parseLimit(
          "limit",
          value,
        );
        continue;
      }
      if (last === "offset") {
        nodeFor(nodes, segments.slice(0, -1)).offset = parseLimit(
          "offset",
          value,
        );
        continue;
      }
    }
    const path = segments.slice(0, -1);
    const field = parseField(`${last}${tail}`, "filter");
    nodeFor(nodes, path).filters.push(parseFilter(field, value) as Filter);
  }

  return parsed;
}

export type Preferences = {
  return?: "minimal" | "headers-only" | "representation";
  count?: "exact" | "planned" | "estimated";
  resolution?: "merge-duplicates" | "ignore-duplicates";
  missing?: "default" | "null";
  handling?: "strict" | "lenient";
  maxAffected?: number;
  tx?: "commit" | "rollback";
  params?: "single-object";
  timezone?: string;
  invalid: string[];
  applied: string[];
};

const PREFER_VALUES: Record<string, string[]> = {
  return: ["minimal", "headers-only", "representation"],
  count: ["exact", "planned", "estimated"],
  resolution: ["merge-duplicates", "ignore-duplicates"],
  missing: ["default", "null"],
  handling: ["strict", "lenient"],
  tx: ["commit", "rollback"],
  params: ["single-object"],
};

export function parsePrefer(
  header: string | string[] | undefined,
): Preferences {
  const prefs: Preferences = { invalid: [], applied: [] };
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  for (const raw of text.split(",")) {
    const token = raw.trim();
    if (token === "") {
      continue;
    }
    const [name = "", value = ""] = token.split("=").map((part) => part.trim());
    if (name === "max-affected" && /^\d+$/.test(value)) {
      prefs.maxAffected = Number.parseInt(value, 10);
    } else if (name === "timezone" && value !== "") {
      prefs.timezone = value;
    } else if (PREFER_VALUES[name]?.includes(value)) {
      (prefs as unknown as Record<string, string>)[name] = value;
    } else {
      prefs.invalid.push(token);
    }
  }

  return prefs;
}

export type MediaType =
  | "json"
  | "object"
  | "csv"
  | "openapi"
  | "array-stripped"
  | "object-stripped"
  | "text"
  | "octet"
  | "any";

// Picks the first acceptable media type of an Accept header in q order.
export function negotiate(
  accept: string | undefined,
  offered: MediaType[],
): MediaType | undefined {
  const entries = (accept && accept.trim() !== "" ? accept : "*/*")
    .split(",")
    .map((part, index) => {
      const [type = "", ...params] = part.split(";").map((p) => p.trim());
      let q = 1;
      const options: Record<string, string> = {};
      for (const param of params) {
        const [name = "", value = ""] = param.split("=").map((p) => p.trim());
        if (name === "q") {
          q = Number.parseFloat(value);
        } else {
          options[name.toLowerCase()] = value.toLowerCase();
        }
      }

      return { type: type.toLowerCase(), q, index, options };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of entries) {
    const stripped = entry.options.nulls === "stripped";
    const candidates: MediaType[] = (() => {
      switch (entry.type) {
        case "*/*":
          return ["json", "openapi", "text", "octet"];
        case "application/*":
          return ["json", "openapi", "octet"];
        case "application/json":
          return ["json", "openapi"];
        case "application/vnd.pgrst.object+json":
        case "application/vnd.pgrst.object":
          return [stripped ? "object-stripped" : "object"];
        case "application/vnd.pgrst.array+json":
        case "application/vnd.pgrst.array":
          return [stripped ? "array-stripped" : "json"];
        case "text/csv":
          return ["csv"];
        case "application/openapi+json":
          return ["openapi"];
        case "text/plain":
        case "text/*":
          return ["text"];
        case "application/octet-stream":
          return ["octet"];
        default:
          return [];
      }
    })();
    const match = candidates.find((candidate) => offered.includes(candidate));
    if (match) {
      return match;
    }
  }

  return undefined;
}
