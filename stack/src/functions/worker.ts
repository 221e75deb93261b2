// One Deno process serving one function on a private loopback port.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const WORKER_MAIN = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "deno",
  "worker-main.ts",
);

// Must match LISTENING_MARKER in deno/worker-main.ts.
const LISTENING_MARKER = "\u0000stack-worker-listening";

// Returns the path of the deno binary that the npm package `deno` places
// beside its package.json on install.
export function denoBinary(): string {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve("deno/package.json"));

  return path.join(
    packageDir,
    process.platform === "win32" ? "deno.exe" : "deno",
  );
}

export type WorkerOptions = {
  name: string;
  entrypoint: string;
  // Folders the function may read: its own code and the shared modules.
  readableDirs: string[];
  env: Record<string, string>;
  log: (name: string, line: string) => void;
  startTimeoutMs: number;
};

export class WorkerBootError extends Error {}

export class FunctionWorker {
  readonly ready: Promise<number>;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private exitCode?: number | null;
  // Set by kill(), because the child reports its exit only a moment later
  // and no new request may reach it meanwhile.
  private killed = false;

  constructor(private readonly options: WorkerOptions) {
    const tmp = os.tmpdir();
    const args = [
      "run",
      "--no-prompt",
      "--allow-net",
      "--allow-env",
      `--allow-read=${[...options.readableDirs, tmp].join(",")}`,
      `--allow-write=${tmp}`,
      // Otherwise Deno finds the repository's package.json and resolves
      // npm: imports from node_modules. With --no-config it fetches them
      // into its own cache, as the Supabase runtime does.
      "--no-config",
      WORKER_MAIN,
      pathToFileURL(options.entrypoint).href,
    ];
    this.child = spawn(denoBinary(), args, {
      cwd: path.dirname(options.entrypoint),
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.exited = new Promise((resolve) => {
      this.child.on("exit", (code) => {
        this.exitCode = code;
        resolve();
      });
    });
    this.ready = this.waitForPort();
    // A worker that fails to boot is reported through `ready`; this keeps
    // an unobserved rejection from crashing the stack.
    this.ready.catch(() => undefined);
  }

  get running(): boolean {
    return (
      !this.killed &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  private waitForPort(): Promise<number> {
    const { name, log, startTimeoutMs } = this.options;

    return new Promise((resolve, reject) => {
      const stderrLines: string[] = [];
      const timer = setTimeout(() => {
        reject(
          new WorkerBootError(
            `Function ${name} did not start listening in ${startTimeoutMs} ms`,
          ),
        );
        this.kill();
      }, startTimeoutMs);
      const stdout = createInterface({ input: this.child.stdout! });
      stdout.on("line", (line) => {
        if (line.startsWith(LISTENING_MARKER)) {
          clearTimeout(timer);
          resolve(Number(line.slice(LISTENING_MARKER.length).trim()));

          return;
        }
        log(name, line);
      });
      const stderr = createInterface({ input: this.child.stderr! });
      stderr.on("line", (line) => {
        stderrLines.push(line);
        if (stderrLines.length > 20) {
          stderrLines.shift();
        }
        log(name, line);
      });
      this.child.on("error", (error) => {
        clearTimeout(timer);
        reject(new WorkerBootError(`Function ${name}: ${error.message}`));
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(
          new WorkerBootError(
            `Function ${name} exited with code ${this.exitCode} before ` +
              `it listened:\n${stderrLines.join("\n")}`,
          ),
        );
      });
    });
  }

  kill(): void {
    if (this.running) {
      this.killed = true;
      this.child.kill("SIGKILL");
    }
  }

  async stop(): Promise<void> {
    this.kill();
    await this.exited;
  }
}
