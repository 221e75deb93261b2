// The admin under React 19 prints no antd compatibility warning: without
// @ant-design/v5-patch-for-react-19, antd v5 warns
// "[antd: compatible] antd v5 support React is 16 ~ 18" when a button's
// click wave or a notification renders.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../../test/browser.ts";
import { signIn } from "./helpers.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("admin console", { timeout: 240_000 }, () => {
  it("has no antd React 19 warning", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const messages: string[] = [];
    page.on("console", (message) => messages.push(message.text()));

    // Signing in clicks antd buttons, whose wave effect renders a node.
    await signIn(page, "manager@demo.enerji.test");
    await page.locator(".ant-layout").first().waitFor();
    await page.waitForTimeout(1_000);

    const warnings = messages.filter((text) =>
      text.includes("antd: compatible"),
    );
    expect(warnings).toEqual([]);
    await page.close();
  });
});
