import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../test/free-port.ts";
import { ROOT_DIR } from "../src/config.ts";

type Started = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
};

type PortEnv = {
  STACK_API_PORT: string;
  STACK_DB_PORT: string;
  STACK_SMTP_PORT: string;
  STACK_MAIL_PORT: string;
};

async function portEnv(): Promise<PortEnv> {
  return {
    STACK_API_PORT: String(await freePort()),
    STACK_DB_PORT: String(await freePort()),
    STACK_SMTP_PORT: String(await freePort()),
    STACK_MAIL_PORT: String(await freePort()),
  };
}

function runCli(args: string[], env: Record<string, string>): Started {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "stack/src/cli.ts", ...args],
    { cwd: ROOT_DIR, env: { ...process.env, ...env } },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => resolve(code)),
  );

  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error("timed out");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let dataDir: string;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill("SIGKILL");
  }
  if (dataDir) {
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function newDataDir(): Promise<string> {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "enerji-start-"));
  await chmod(dataDir, 0o755);

  return dataDir;
}

describe("npm start", () => {
  it("prints the status block, serves /health and stops on SIGTERM", async () => {
    const env = { ...(await portEnv()), STACK_DATA_DIR: await newDataDir() };
    const started = Date.now();
    const run = runCli(["start"], env);
    children.push(run.child);
    await waitFor(() => run.output().includes("service_role key:"), 30_000);

    const health = await fetch(`http://127.0.0.1:${env.STACK_API_PORT}/health`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.output()).toMatch(/API URL: http:\/\/127\.0\.0\.1:\d+/);
    expect(run.output()).toMatch(/anon key: eyJ/);

    const status = runCli(["status", "--json"], env);
    expect(await status.exited).toBe(0);
    const json = JSON.parse(status.output());
    expect(json.API_URL).toBe(`http://127.0.0.1:${env.STACK_API_PORT}`);
    expect(json.ANON_KEY).toMatch(/^eyJ/);

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("Stopped.");
    await expect(
      fetch(`http://127.0.0.1:${env.STACK_API_PORT}/health`),
    ).rejects.toThrow();
  }, 60_000);

  it("names the port and its setting when the port is in use", async () => {
    const env = { ...(await portEnv()), STACK_DATA_DIR: await newDataDir() };
    const blocker = net.createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(Number(env.STACK_API_PORT), "127.0.0.1", resolve),
    );
    const run = runCli(["start"], env);
    children.push(run.child);
    const code = await run.exited;
    blocker.close();
    expect(code).toBe(1);
    expect(run.output().trim().split("\n").at(-1)).toBe(
      `Port ${env.STACK_API_PORT} is in use. Set STACK_API_PORT to another port.`,
    );
  }, 30_000);
});
