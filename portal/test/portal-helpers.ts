// Browser and auth helpers of the portal tests.
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { expect } from "vitest";
import type { StackStatus } from "../../stack/src/stack.ts";

export const PASSWORD = "PortalTest2026";

// Gives an existing auth user PASSWORD through the admin API.
export async function setPassword(
  stack: StackStatus,
  userId: string,
): Promise<void> {
  const response = await fetch(
    `${stack.API_URL}/auth/v1/admin/users/${userId}`,
    {
      method: "PUT",
      headers: {
        apikey: stack.SERVICE_ROLE_KEY,
        authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ password: PASSWORD }),
    },
  );
  expect(response.status).toBe(200);
}

// Signs in on the portal's sign-in page in a fresh browser context and
// waits for the home page. Browser console errors go to the test output.
export async function signIn(
  browser: Browser,
  stack: StackStatus,
  email: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") {
      console.error(`[browser] ${message.text()}`);
    }
  });
  await page.goto(`${stack.PORTAL_URL}/login`);
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  return page;
}
