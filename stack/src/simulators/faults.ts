// Faults that tests switch on to see how integrations cope with outside
// systems that fail, are slow or return malformed data. A fault applies to
// one service and either one client (the user name the request
// authenticated with) or every client ("*"), so test files running side by
// side against one stack do not disturb each other.

export type MalformedKind =
  // Truncated JSON that does not parse.
  | "bad_json"
  // Items keep only their first field.
  | "missing_fields"
  // Numbers become strings with a decimal comma, arrays become objects.
  | "wrong_types";

export const MALFORMED_KINDS: readonly MalformedKind[] = [
  "bad_json",
  "missing_fields",
  "wrong_types",
];

export type Fault = {
  // HTTP status to return instead of an answer (such as 500 or 503).
  status?: number;
  // Delay before the answer, in milliseconds.
  delayMs?: number;
  malformed?: MalformedKind;
  // Number of requests the fault applies to, unlimited when absent.
  times?: number;
  // Applies only to request paths containing this text.
  pathContains?: string;
};

export class FaultError extends Error {}

const MAX_DELAY_MS = 120_000;

// Checks a fault from a control request, so bad input gets a clear 400.
export function parseFault(body: Record<string, unknown>): Fault {
  const fault: Fault = {};
  if (body.status !== undefined) {
    if (
      !Number.isInteger(body.status) ||
      (body.status as number) < 400 ||
      (body.status as number) > 599
    ) {
      throw new FaultError(
        `status must be an HTTP error status 400–599, got ${JSON.stringify(body.status)}`,
      );
    }
    fault.status = body.status as number;
  }
  if (body.delayMs !== undefined) {
    if (
      !Number.isInteger(body.delayMs) ||
      (body.delayMs as number) < 0 ||
      (body.delayMs as number) > MAX_DELAY_MS
    ) {
      throw new FaultError(
        `delayMs must be an integer 0–${MAX_DELAY_MS}, got ${JSON.stringify(body.delayMs)}`,
      );
    }
    fault.delayMs = body.delayMs as number;
  }
  if (body.malformed !== undefined) {
    if (!MALFORMED_KINDS.includes(body.malformed as MalformedKind)) {
      throw new FaultError(
        `malformed must be one of ${MALFORMED_KINDS.join(", ")}, got ${JSON.stringify(body.malformed)}`,
      );
    }
    fault.malformed = body.malformed as MalformedKind;
  }
  if (body.times !== undefined) {
    if (!Number.isInteger(body.times) || (body.times as number) < 1) {
      throw new FaultError(
        `times must be a positive integer, got ${JSON.stringify(body.times)}`,
      );
    }
    fault.times = body.times as number;
  }
  if (body.pathContains !== undefined) {
    if (typeof body.pathContains !== "string") {
      throw new FaultError("pathContains must be a string");
    }
    fault.pathContains = body.pathContains;
  }
  if (
    fault.status === undefined &&
    fault.delayMs === undefined &&
    fault.malformed === undefined
  ) {
    throw new FaultError("a fault needs status, delayMs or malformed");
  }

  return fault;
}

export class FaultBoard {
  private readonly faults = new Map<string, Fault>();

  private key(service: string, scope: string): string {
    return `${service}\u0000${scope}`;
  }

  set(service: string, scope: string, fault: Fault): void {
    this.faults.set(this.key(service, scope), { ...fault });
  }

  // Clears faults of one service and scope, of a service, or all of them.
  clear(service?: string, scope?: string): void {
    for (const key of [...this.faults.keys()]) {
      const [keyService, keyScope] = key.split("\u0000");
      if (
        (service === undefined || keyService === service) &&
        (scope === undefined || keyScope === scope)
      ) {
        this.faults.delete(key);
      }
    }
  }

  // The fault for a request, counting it against the fault's `times`.
  take(service: string, scope: string | undefined, pathname: string) {
    for (const candidate of [scope, "*"]) {
      if (candidate === undefined) {
        continue;
      }
      const key = this.key(service, candidate);
      const fault = this.faults.get(key);
      if (
        fault === undefined ||
        (fault.pathContains !== undefined &&
          !pathname.includes(fault.pathContains))
      ) {
        continue;
      }
      if (fault.times !== undefined) {
        fault.times -= 1;
        if (fault.times <= 0) {
          this.faults.delete(key);
        }
      }

      return fault;
    }

    return undefined;
  }
}

function withWrongTypes(value: unknown): unknown {
  if (typeof value === "number") {
    return String(value).replace(".", ",");
  }
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((item, index) => [String(index), withWrongTypes(item)]),
    );
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withWrongTypes(item)]),
    );
  }

  return value;
}

function withMissingFields(value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const body = { ...(value as Record<string, unknown>) };
  for (const [key, field] of Object.entries(body)) {
    if (Array.isArray(field)) {
      body[key] = field.map((item) =>
        item !== null && typeof item === "object"
          ? Object.fromEntries(Object.entries(item).slice(0, 1))
          : item,
      );
    }
  }

  return body;
}

// Serialises a JSON answer with a malformation applied.
export function malformedText(kind: MalformedKind, body: unknown): string {
  if (kind === "bad_json") {
    const text = JSON.stringify(body);

    return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  }
  if (kind === "missing_fields") {
    return JSON.stringify(withMissingFields(body));
  }

  return JSON.stringify(withWrongTypes(body));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
