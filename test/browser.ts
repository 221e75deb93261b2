// Headless Chromium from Debian's package, driven by playwright-core.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { ROOT_DIR } from "../stack/src/config.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const SCREENSHOT_DIR = path.join(
  ROOT_DIR,
  "test-results",
  "screenshots",
);

export const FAILURE_DIR = path.join(ROOT_DIR, "test-results", "failures");

// Pages open in this test file's browsers, so that a failed test can show
// what each one displayed.
const openPages = new Set<Page>();
// The last failed responses and uncaught errors of each page.
const failedResponses = new WeakMap<Page, string[]>();

function track(page: Page): void {
  openPages.add(page);
  page.once("close", () => openPages.delete(page));
  const failures: string[] = [];
  failedResponses.set(page, failures);
  page.on("pageerror", (error) => {
    failures.push(`page error: ${error.message}`);
    failures.splice(0, failures.length - 10);
  });
  page.on("response", (response) => {
    if (response.status() < 400) {
      return;
    }
    const request = response.request();
    response.text().then(
      (body) => {
        failures.push(
          `${request.method()} ${response.url()} → ${response.status()} ${body.slice(0, 300)}`,
        );
        failures.splice(0, failures.length - 10);
      },
      () => undefined,
    );
  });
}

/**
 * Prints the address and visible text of every open page and saves a
 * screenshot of each in test-results/failures. The test setup calls it
 * when a test fails. A page that does not respond within 5 s is skipped.
 */
export async function reportOpenPages(testName: string): Promise<void> {
  if (openPages.size === 0) {
    return;
  }
  await mkdir(FAILURE_DIR, { recursive: true });
  const slug = testName.replace(/[^a-z0-9]+/gi, "-").slice(0, 80);
  let index = 0;
  for (const page of openPages) {
    index += 1;
    const file = path.join(FAILURE_DIR, `${slug}-${index}.png`);
    try {
      const text = await page.locator("body").innerText({ timeout: 5_000 });
      await page.screenshot({ path: file, timeout: 5_000 });
      console.error(
        `[failed page ${index}] ${page.url()}\n${text.slice(0, 1_500)}\n` +
          `[failed responses and page errors]\n${(failedResponses.get(page) ?? []).join("\n")}\n` +
          `[screenshot] ${path.relative(ROOT_DIR, file)}`,
      );
    } catch (error) {
      console.error(
        `[failed page ${index}] ${page.url()}: ${(error as Error).message}`,
      );
    }
  }
}

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
  const browser = await chromium.launch({
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
  browser.on("disconnected", () => openPages.clear());
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on("page", track);

    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    track(page);

    return page;
  };

  return browser;
}
