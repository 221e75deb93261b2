// The scheduled job list in a browser: the time zone of the cron
// expression, the next run in Istanbul time, and an admin's "Run now" that
// records a run and links to it. Operations staff see no such button.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { loadList, signIn } from "./helpers.ts";

const stack = inject("stack");
const suffix = randomBytes(3).toString("hex");
// A paused job whose function does not exist: its run ends with HTTP 404.
// The names sort first, so that the jobs other test files leave behind do
// not push them off the list's first page.
const PAUSED_JOB = `a-run-now-paused-${suffix}`;
// A job due at 04:00 on 1 January, Istanbul time, only.
const YEARLY_JOB = `a-run-now-yearly-${suffix}`;
let browser: Browser;
let db: pg.Client;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  await db.query(
    `insert into public.scheduled_jobs
       (name, cron_expression, function_name, enabled)
     values ($1, '0 3 * * *', 'function-that-does-not-exist', false),
            ($2, '0 4 1 1 *', 'function-that-does-not-exist', true)`,
    [PAUSED_JOB, YEARLY_JOB],
  );
});

afterAll(async () => {
  await db?.query(
    "delete from public.job_runs where job_name = any($1::text[])",
    [[PAUSED_JOB, YEARLY_JOB]],
  );
  await db?.query(
    "delete from public.scheduled_jobs where name = any($1::text[])",
    [[PAUSED_JOB, YEARLY_JOB]],
  );
  await db?.end();
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  page.setDefaultTimeout(90_000);

  return page;
}

// "01.01.YYYY 04:00" of the next 1 January 04:00 in Istanbul (UTC+3).
function nextNewYearMorning(): string {
  const now = Date.now();
  const istanbulYear = new Date(now + 3 * 3600_000).getUTCFullYear();
  const thisYear = Date.UTC(istanbulYear, 0, 1, 1, 0);
  const year = thisYear > now ? istanbulYear : istanbulYear + 1;

  return `01.01.${year} 04:00`;
}

function rowOf(page: Page, jobName: string) {
  return page.locator("tbody tr.ant-table-row").filter({ hasText: jobName });
}

async function openList(page: Page, email: string): Promise<void> {
  await signIn(page, email);
  await loadList(page, "scheduled_jobs", () =>
    page.goto(`${stack.ADMIN_URL}/scheduled-jobs`),
  );
}

describe("scheduled job list", { timeout: 240_000 }, () => {
  it("labels the time zone and shows the next run", async () => {
    const page = await newPage();
    await openList(page, "admin@demo.enerji.test");

    const header = await page.locator("thead").innerText();
    expect(header).toContain("Cron ifadesi (İstanbul saati)");
    expect(header).toContain("Sonraki çalışma (İstanbul saati)");
    expect(await rowOf(page, YEARLY_JOB).innerText()).toContain(
      nextNewYearMorning(),
    );
    const paused = await rowOf(page, PAUSED_JOB).locator("td").allInnerTexts();
    expect(paused).toContain("Yok");
    await page.close();
  });

  it("runs a job now and links to its run", async () => {
    const page = await newPage();
    await openList(page, "admin@demo.enerji.test");

    await rowOf(page, PAUSED_JOB)
      .getByRole("button", { name: "Şimdi çalıştır" })
      .click();
    await page.locator(".ant-popconfirm .ant-btn-primary").click();
    const alert = page
      .locator(".ant-alert")
      .filter({ hasText: `${PAUSED_JOB} işi başlatıldı` });
    await alert.filter({ hasText: "Başarısız" }).waitFor();

    const { rows } = await db.query<{
      job_run_id: string;
      trigger_kind: string;
      http_status: number;
      full_name: string;
    }>(
      `select r.job_run_id, r.trigger_kind, r.http_status, s.full_name
         from public.job_runs r
         join public.staff s on s.id = r.triggered_by_staff_id
        where r.job_name = $1`,
      [PAUSED_JOB],
    );
    expect(rows).toHaveLength(1);
    const run = rows[0];
    expect(run?.trigger_kind).toBe("run_now");
    expect(run?.http_status).toBe(404);

    await alert.getByRole("link", { name: "Çalıştırmayı aç" }).click();
    await page.waitForURL(`**/job-runs/show/${run?.job_run_id}`);
    const details = page.locator(".ant-descriptions");
    await details.getByText("Şimdi çalıştırıldı").waitFor();
    const text = await details.innerText();
    expect(text).toContain(PAUSED_JOB);
    expect(text).toContain(run?.full_name ?? "(no staff name)");
    expect(text).toContain("Başarısız");
    await page.close();
  });

  it("offers no run now to operations staff", async () => {
    const page = await newPage();
    await openList(page, "operations@demo.enerji.test");

    await rowOf(page, PAUSED_JOB).waitFor();
    expect(
      await page.getByRole("button", { name: "Şimdi çalıştır" }).count(),
    ).toBe(0);
    await page.close();
  });
});
