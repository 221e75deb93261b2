// Headless Chromium from Debian's package, driven by playwright-core.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { ROOT_DIR } from "../stack/src/config.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const SCREENSHOT_DIR = path.join(
  ROOT_DIR,
  "test-results",
  "screenshots",
);

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium package ` +
        "(.ci/run does) or set CHROMIUM_PATH.",
    );
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  // Without the background-networking switches Chromium keeps trying to
  // reach outside hosts, which this machine's closed network refuses.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
