// Database access of the storage service. Every statement runs in a
// transaction as the caller's API role with its JWT claims set, so that
// row-level security on storage.objects and storage.buckets decides, as it
// does behind Supabase Storage.
import pg from "pg";
import { fromDatabaseError, isDatabaseError, StorageError } from "./errors.ts";

export type ApiRole = "anon" | "authenticated" | "service_role";

export const API_ROLES: readonly ApiRole[] = [
  "anon",
  "authenticated",
  "service_role",
];

export type Caller = {
  role: ApiRole;
  claims: Record<string, unknown>;
  // The JWT's `sub`, stored as the owner of what the caller creates.
  sub?: string;
};

export const SERVICE_CALLER: Caller = {
  role: "service_role",
  claims: { role: "service_role" },
};

export type Transaction = {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
  // Switches the rest of the transaction to another caller, as storage-api
  // does for steps it runs as the service role.
  actAs(caller: Caller): Promise<void>;
  // Registers a change outside the database, such as a file moved into
  // place, to be undone on rollback or finished after the commit.
  track(change: OutsideChange): void;
};

export type OutsideChange = {
  undo: () => Promise<void>;
  finish: () => Promise<void>;
};

export class StorageDatabase {
  private readonly pool: pg.Pool;
  private closing = false;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 });
    // pg's pool resolves `end()` before its connections have closed, so a
    // database stopped right after may still fail them. That is expected.
    // Postgres stopped from outside the stack ends each connection with
    // SQLSTATE 57P01. A later query reports a database that stays down.
    this.pool.on("error", (error: Error & { code?: string }) => {
      if (!this.closing && error.code !== "57P01") {
        console.error(`[storage] idle database connection failed: ${error}`);
      }
    });
  }

  // Runs `work` in one transaction as `caller`. It commits when `work`
  // returns and rolls back when it throws, and Postgres errors reach the
  // caller as storage errors.
  async transaction<T>(
    caller: Caller,
    work: (tx: Transaction) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    const changes: OutsideChange[] = [];
    let broken = false;
    const tx: Transaction = {
      query: (text, values) => client.query(text, values),
      actAs: (next) => actAs(client, next),
      track: (change) => changes.push(change),
    };
    try {
      await client.query("begin");
      await actAs(client, caller);
      const result = await work(tx);
      await client.query("commit");
      for (const change of changes) {
        await change
          .finish()
          .catch((error: Error) =>
            console.error(`[storage] clean-up after commit failed: ${error}`),
          );
      }

      return result;
    } catch (error) {
      // A connection that cannot roll back is broken and leaves the pool.
      await client.query("rollback").catch(() => {
        broken = true;
      });
      for (const change of changes.reverse()) {
        await change
          .undo()
          .catch((undoError: Error) =>
            console.error(`[storage] undo after rollback failed: ${undoError}`),
          );
      }
      throw toStorageError(error);
    } finally {
      client.release(broken);
    }
  }

  // Runs `work` as `caller` and rolls its statements back, to learn whether
  // row-level security lets the caller make a change before making it.
  async testPermission<T>(
    caller: Caller,
    work: (tx: Transaction) => Promise<T>,
  ): Promise<T> {
    const rollback = Symbol("rollback");
    let result: T | undefined;
    try {
      await this.transaction(caller, async (tx) => {
        result = await work(tx);
        throw rollback;
      });
    } catch (error) {
      if (error !== rollback) {
        throw error;
      }
    }

    return result as T;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pool.end();
  }
}

async function actAs(client: pg.PoolClient, caller: Caller): Promise<void> {
  if (!API_ROLES.includes(caller.role)) {
    throw new Error(`unexpected API role ${caller.role}`);
  }
  // The role is one of API_ROLES, so quoting it as an identifier is enough.
  await client.query(`set local role "${caller.role}"`);
  await client.query(
    `select set_config('request.jwt.claims', $1, true),
            set_config('request.jwt.claim.sub', $2, true),
            set_config('request.jwt.claim.role', $3, true)`,
    [JSON.stringify(caller.claims), caller.sub ?? "", caller.role],
  );
}

export function toStorageError(error: unknown): unknown {
  if (error instanceof StorageError) {
    return error;
  }
  if (isDatabaseError(error)) {
    return fromDatabaseError(error);
  }

  return error;
}
