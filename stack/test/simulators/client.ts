// Small HTTP clients for the simulator tests, written the way an
// integration would call the outside systems.
import { SIMULATOR_PASSWORD } from "../../src/simulators/cas.ts";

export async function requestTicket(
  casUrl: string,
  username: string,
  password = SIMULATOR_PASSWORD,
): Promise<Response> {
  return fetch(`${casUrl}/cas/v1/tickets`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/plain",
    },
    body: new URLSearchParams({ username, password }).toString(),
  });
}

export async function ticketFor(casUrl: string, username: string) {
  const response = await requestTicket(casUrl, username);
  if (response.status !== 201) {
    throw new Error(`ticket request failed with ${response.status}`);
  }

  return response.text();
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function control(
  url: string,
  method: "PUT" | "POST" | "DELETE",
  body: unknown,
): Promise<Response> {
  return fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export async function ososToken(ososUrl: string, username: string) {
  const response = await postJson(`${ososUrl}/auth/token`, {
    username,
    password: SIMULATOR_PASSWORD,
  });
  if (response.status !== 200) {
    throw new Error(`OSOS login failed with ${response.status}`);
  }

  return ((await response.json()) as { accessToken: string }).accessToken;
}

// Reads a CSV file without quoted fields into rows keyed by the header.
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split("\n");
  const columns = (header ?? "").split(",");

  return lines.map((line) => {
    const cells = line.split(",");

    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ""]));
  });
}
