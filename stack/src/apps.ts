// Builds the browser apps (admin, portal) with Vite when their sources
// changed, and serves each static build on its own port with a generated
// /config.js that points it at the API.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import type http from "node:http";
import path from "node:path";
import { listen } from "./http.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".map": "application/json",
};

const HASH_FILE = ".source-hash";

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listFiles(full)));
    } else {
      files.push(full);
    }
  }

  return files.sort();
}

export async function sourceHash(appDir: string): Promise<string> {
  const hash = createHash("sha256");
  // Vite copies public/ into dist/ unchanged, so its files count as sources.
  const publicDir = path.join(appDir, "public");
  // Both apps import the repository's shared/ folder.
  const sharedDir = path.join(appDir, "..", "shared");
  const inputs = [
    ...(await listFiles(path.join(appDir, "src"))),
    ...(existsSync(publicDir) ? await listFiles(publicDir) : []),
    ...(existsSync(sharedDir) ? await listFiles(sharedDir) : []),
    path.join(appDir, "index.html"),
    path.join(appDir, "vite.config.ts"),
    path.join(appDir, "package.json"),
  ];
  for (const file of inputs) {
    hash.update(path.relative(appDir, file));
    hash.update(await readFile(file));
  }

  return hash.digest("hex");
}

// Runs `vite build` for the app unless dist/ was built from the same sources.
export async function buildApp(
  appDir: string,
  log: (line: string) => void,
): Promise<void> {
  const hash = await sourceHash(appDir);
  const hashFile = path.join(appDir, "dist", HASH_FILE);
  if (existsSync(hashFile) && (await readFile(hashFile, "utf8")) === hash) {
    return;
  }
  const name = path.basename(appDir);
  log(`Building ${name} ...`);
  const vite = path.join(
    appDir,
    "..",
    "node_modules",
    "vite",
    "bin",
    "vite.js",
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vite, "build", "--logLevel", "warn"],
      {
        cwd: appDir,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`vite build of ${name} failed:\n${output}`)),
    );
  });
  await writeFile(hashFile, hash);
}

// portalUrl, when set, lets the admin link to the portal.
export type AppSettings = {
  supabaseUrl: string;
  anonKey: string;
  portalUrl?: string;
};

export async function serveApp(
  appDir: string,
  port: number,
  settings: AppSettings,
): Promise<http.Server> {
  const distDir = path.join(appDir, "dist");
  const config = `window.__ENV__ = ${JSON.stringify({
    SUPABASE_URL: settings.supabaseUrl,
    SUPABASE_ANON_KEY: settings.anonKey,
    ...(settings.portalUrl ? { PORTAL_URL: settings.portalUrl } : {}),
  })};\n`;

  return listen(port, async (req, res) => {
    const pathname = decodeURIComponent(
      new URL(req.url ?? "/", "http://localhost").pathname,
    );
    if (pathname === "/config.js") {
      res.writeHead(200, {
        "content-type": CONTENT_TYPES[".js"] as string,
        "cache-control": "no-store",
      });
      res.end(config);

      return;
    }
    const file = path.normalize(path.join(distDir, pathname));
    const inside = file.startsWith(`${distDir}${path.sep}`);
    const isFile = inside && (await stat(file).catch(() => null))?.isFile();
    if (isFile) {
      const type =
        CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type });
      res.end(await readFile(file));

      return;
    }
    // A missing asset is a 404. A page load of a client-side route gets the
    // page even when the route has a dot, as a key like 2026-01-01T00:00:00.000Z does.
    const pageLoad = (req.headers.accept ?? "").includes("text/html");
    if (path.extname(pathname) !== "" && !pageLoad) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(`${pathname} not found`);

      return;
    }
    // Client-side routes all load the single page.
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[".html"] as string,
      "cache-control": "no-store",
    });
    res.end(await readFile(path.join(distDir, "index.html")));
  });
}
