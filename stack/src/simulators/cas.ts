// Ticket-granting tickets as EPİAŞ's CAS server issues them: POST
// /cas/v1/tickets with form fields username and password returns a ticket
// starting "TGT-", valid for a limited time, which data calls send in the
// `TGT` header.
import { randomBytes } from "node:crypto";

// Password every simulator account accepts unless the simulator is given
// its own accounts.
export const SIMULATOR_PASSWORD = "simulator-password";

// EPİAŞ documents tickets as valid for about two hours.
export const DEFAULT_TICKET_TTL_MS = 2 * 60 * 60 * 1000;

export type Accounts = Readonly<Record<string, string>> | undefined;

export function checkCredentials(
  accounts: Accounts,
  username: string,
  password: string,
): boolean {
  if (username === "") {
    return false;
  }
  if (accounts === undefined) {
    return password === SIMULATOR_PASSWORD;
  }

  return accounts[username] === password;
}

export class TicketStore {
  private readonly tickets = new Map<
    string,
    { username: string; expiresAtMs: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly prefix: string,
  ) {}

  issue(username: string, nowMs = Date.now()): string {
    const ticket = `${this.prefix}-${randomBytes(4).readUInt32BE(0)}-${randomBytes(24).toString("base64url")}`;
    this.tickets.set(ticket, { username, expiresAtMs: nowMs + this.ttlMs });

    return ticket;
  }

  // The user name of a valid ticket, or undefined for an unknown or
  // expired one.
  verify(ticket: string | undefined, nowMs = Date.now()): string | undefined {
    if (ticket === undefined) {
      return undefined;
    }
    const entry = this.tickets.get(ticket);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expiresAtMs <= nowMs) {
      this.tickets.delete(ticket);

      return undefined;
    }

    return entry.username;
  }

  revoke(ticket: string): boolean {
    return this.tickets.delete(ticket);
  }

  // Expires every ticket of one user, or of all users, and returns the count.
  expire(username?: string): number {
    let count = 0;
    for (const [ticket, entry] of this.tickets) {
      if (username === undefined || entry.username === username) {
        this.tickets.delete(ticket);
        count++;
      }
    }

    return count;
  }
}
