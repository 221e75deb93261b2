// Shared steps of the admin browser tests.
import type { Page } from "playwright-core";
import { inject } from "vitest";
import { DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";

export async function signIn(page: Page, email: string): Promise<void> {
  const stack = inject("stack");
  await page.goto(`${stack.ADMIN_URL}/login`);
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Şifre").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Giriş yap" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

// Runs `action` and waits until the list of `table` has been fetched from
// the REST API and drawn; returns the texts of its data rows.
export async function loadList(
  page: Page,
  table: string,
  action: () => Promise<unknown>,
  matches: (url: URL) => boolean = () => true,
): Promise<string[]> {
  const fetched = page.waitForResponse(
    (response) => {
      const url = new URL(response.url());

      return (
        url.pathname === `/rest/v1/${table}` &&
        response.request().method() === "GET" &&
        matches(url)
      );
    },
    { timeout: 90_000 },
  );
  await action();
  await fetched;
  await page
    .locator(".ant-table-wrapper .ant-spin-spinning")
    .first()
    .waitFor({ state: "detached", timeout: 90_000 });

  return page.locator("tbody tr.ant-table-row").allInnerTexts();
}
