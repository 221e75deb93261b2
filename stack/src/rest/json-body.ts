// Parsing of JSON request bodies: the rows of a table write and the
// arguments of an RPC call.
import { ApiError } from "./errors.ts";

// Parses a JSON body and rejects a number outside the range of a double
// (such as 1e400). JSON.parse turns one into Infinity, which JSON.stringify
// would pass to Postgres as null.
// NOTE: PostgREST passes the number text to Postgres unchanged, so an
// unbounded numeric column would store 1e400 there. Numbers of more than
// 17 significant digits are still rounded to the nearest double here.
export function parseJsonBody(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, "PGRST102", "Empty or invalid json");
  }

  const path = pathOfNonFiniteNumber(parsed, "");
  if (path !== undefined) {
    throw new ApiError(
      400,
      "PGRST102",
      `JSON number out of range at ${path || "the top level"}`,
      `Numbers must lie within ±${Number.MAX_VALUE}.`,
      "Send a larger value of a numeric column as a JSON string.",
    );
  }

  return parsed;
}

// Returns the path of the first number that is not finite, such as
// `[1].peak_kw`, or undefined when there is none.
function pathOfNonFiniteNumber(
  value: unknown,
  path: string,
): string | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : path;
  }

  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathOfNonFiniteNumber(item, `${path}[${index}]`);
      if (found !== undefined) {
        return found;
      }
    }

    return undefined;
  }

  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = pathOfNonFiniteNumber(item, path ? `${path}.${key}` : key);
      if (found !== undefined) {
        return found;
      }
    }
  }

  return undefined;
}
