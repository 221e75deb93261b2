// Request parsing and responses shared by the simulators.
import type http from "node:http";
import { readBody } from "../http.ts";
import { type Fault, malformedText, sleep } from "./faults.ts";

const BODY_LIMIT_BYTES = 1_000_000;

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = "BAD_REQUEST",
  ) {
    super(message);
  }
}

export async function readJson(
  req: http.IncomingMessage,
): Promise<Record<string, unknown>> {
  const text = (await readBody(req, BODY_LIMIT_BYTES)).toString("utf8");
  if (text.trim() === "") {
    return {};
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RequestError(400, "request body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new RequestError(400, "request body must be a JSON object");
  }

  return body as Record<string, unknown>;
}

export async function readForm(
  req: http.IncomingMessage,
): Promise<URLSearchParams> {
  return new URLSearchParams(
    (await readBody(req, BODY_LIMIT_BYTES)).toString("utf8"),
  );
}

// Sends a JSON answer, or the fault's error status or malformation instead.
export function sendFaultyJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  fault: Fault | undefined,
  headers: Record<string, string> = {},
): void {
  const text =
    fault?.malformed !== undefined
      ? malformedText(fault.malformed, body)
      : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    ...headers,
  });
  res.end(text);
}

// Waits for the fault's delay and, when it has a status, sends that status
// and returns true.
export async function applyFaultBefore(
  res: http.ServerResponse,
  fault: Fault | undefined,
  errorBody: (status: number) => unknown,
): Promise<boolean> {
  if (fault?.delayMs) {
    await sleep(fault.delayMs);
  }
  if (fault?.status !== undefined) {
    res.writeHead(fault.status, {
      "content-type": "application/json; charset=utf-8",
    });
    res.end(JSON.stringify(errorBody(fault.status)));

    return true;
  }

  return false;
}

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

// Parses an ISO 8601 date-time that carries its offset.
export function parseInstant(value: unknown, field: string): number {
  if (typeof value !== "string" || !ISO_WITH_OFFSET.test(value)) {
    throw new RequestError(
      400,
      `${field} must be an ISO 8601 date-time with offset, such as 2026-01-01T00:00:00+03:00; got ${JSON.stringify(value)}`,
    );
  }
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) {
    throw new RequestError(400, `${field} is not a valid date: ${value}`);
  }

  return instant;
}
