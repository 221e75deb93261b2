// The dealer and customer pages in a browser, on the access-test data set.
// Main dealer A is above sub-dealer B, whose customer K1 has a login, and
// an unrelated dealer C has customer K2.
import path from "node:path";
import type pg from "pg";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { createFixture, type Fixture } from "../../test/domain/fixture.ts";
import { freshVkn } from "../../test/domain/turkish-ids.ts";
import { mailedAuthLink } from "../../test/mail.ts";
import { PASSWORD, setPassword, signIn as signInAs } from "./portal-helpers.ts";

// Each test signs in with a fresh browser context, which takes several
// seconds on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;
let fixture: Fixture;

function emailOf(actor: keyof Fixture["userIds"]): string {
  return `${actor}.${fixture.suffix}@matrix.test`;
}

async function accessToken(email: string): Promise<string> {
  const response = await fetch(
    `${stack.API_URL}/auth/v1/token?grant_type=password`,
    {
      method: "POST",
      headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    },
  );
  expect(response.status).toBe(200);

  return ((await response.json()) as { access_token: string }).access_token;
}

function signIn(
  email: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  return signInAs(browser, stack, email, options);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
}

// Returns the auth link of the newest mail to `email`, waiting for it.
function mailedLink(email: string): Promise<string> {
  return mailedAuthLink(stack.MAILPIT_URL, email);
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
  // A lead of main dealer A itself, next to sub-dealer B's customer K1.
  await db.query(
    `insert into public.parties (kind, vkn, name, lifecycle, owner_dealer_id)
     values ('company', $1, $2, 'lead', $3)`,
    [freshVkn(), `Matrix aday a ${fixture.suffix}`, fixture.dealerIds.a],
  );
  for (const actor of [
    "dealer_above",
    "dealer_unrelated",
    "customer_own",
  ] as const) {
    await setPassword(stack, fixture.userIds[actor]);
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

describe("dealer pages", () => {
  it("lists own and sub-dealer customers only", async () => {
    const page = await signIn(emailOf("dealer_above"));
    await page.getByRole("link", { name: "Müşteriler" }).first().click();
    await page
      .getByRole("link", { name: `Matrix aday a ${fixture.suffix}` })
      .waitFor();
    const k1 = page.getByRole("link", {
      name: `Matrix müşteri k1 ${fixture.suffix}`,
    });
    await k1.waitFor();
    expect(
      await page.getByText(`Matrix bayi b ${fixture.suffix}`).count(),
    ).toBe(1);
    expect(
      await page.getByText(`Matrix müşteri k2 ${fixture.suffix}`).count(),
    ).toBe(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-dealer-customers.png"),
      fullPage: true,
    });
    await page.context().close();
  });

  it("shows a customer's phone in groups", async () => {
    await db.query("update public.parties set phone = $2 where id = $1", [
      fixture.partyIds.k1,
      "+905321234567",
    ]);
    const page = await signIn(emailOf("dealer_above"));
    await page.goto(`${stack.PORTAL_URL}/customers/${fixture.partyIds.k1}`);
    await page.getByText("+90 532 123 45 67").waitFor();
    expect(await page.getByText("+905321234567").count()).toBe(0);
    await page.context().close();
  });

  it("uploads and downloads a party document", async () => {
    const page = await signIn(emailOf("dealer_above"));
    await page.goto(`${stack.PORTAL_URL}/customers/${fixture.partyIds.k1}`);
    await page.getByRole("tab", { name: "Belgeler" }).click();
    await page.getByText("vergi-levhasi.pdf").waitFor();
    const panel = page.getByRole("tabpanel", { name: "Belgeler" });
    await panel
      .getByRole("combobox", { name: "Belge türü" })
      .click({ force: true });
    await page.getByTitle("İmza sirküleri").click();
    const content = "%PDF-1.4 imza sirküleri\n";
    await panel.locator("input[type=file]").setInputFiles({
      name: "İmza sirküleri.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(content),
    });
    await panel.getByRole("button", { name: "Belge yükle" }).click();
    await page.getByText("İmza sirküleri.pdf yüklendi").waitFor();
    const row = panel.getByRole("row", { name: /İmza sirküleri\.pdf/ });
    await row.waitFor();

    const stored = await db.query<{
      storage_path: string;
      uploaded_by: string;
    }>(
      `select storage_path, uploaded_by::text from public.party_documents
       where party_id = $1 and document_code = 'signature_circular'`,
      [fixture.partyIds.k1],
    );
    expect(stored.rowCount).toBe(1);
    expect(stored.rows[0]?.uploaded_by).toBe(fixture.userIds.dealer_above);
    expect(
      stored.rows[0]?.storage_path.startsWith(
        `${fixture.partyIds.k1}/signature_circular/`,
      ),
    ).toBe(true);

    const download = page.waitForEvent("download");
    await row.getByRole("button", { name: "İndir" }).click();
    const file = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of file) {
      chunks.push(chunk as Buffer);
    }
    expect(Buffer.concat(chunks).toString()).toBe(content);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-dealer-documents.png"),
      fullPage: true,
    });
    await page.context().close();
  });

  it("shows not found for another dealer's customer", async () => {
    const page = await signIn(emailOf("dealer_unrelated"));
    await page.goto(`${stack.PORTAL_URL}/customers/${fixture.partyIds.k1}`);
    await page.getByText("Müşteri bulunamadı").waitFor();
    expect(
      await page.getByText(`Matrix müşteri k1 ${fixture.suffix}`).count(),
    ).toBe(0);
    await page.context().close();

    const token = await accessToken(emailOf("dealer_unrelated"));
    const headers = {
      apikey: stack.ANON_KEY,
      authorization: `Bearer ${token}`,
    };
    for (const query of [
      `parties?id=eq.${fixture.partyIds.k1}`,
      `party_documents?party_id=eq.${fixture.partyIds.k1}`,
      `service_requests?party_id=eq.${fixture.partyIds.k1}`,
    ]) {
      const response = await fetch(`${stack.REST_URL}/${query}`, { headers });
      expect(response.status, query).toBe(200);
      expect(await response.json(), query).toEqual([]);
    }
    const list = await fetch(
      `${stack.API_URL}/storage/v1/object/list/party-documents`,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ prefix: `${fixture.partyIds.k1}/tax_plate` }),
      },
    );
    expect(await list.json()).toEqual([]);
  });

  it("shows the commission page empty", async () => {
    const page = await signIn(emailOf("dealer_above"));
    await page.goto(`${stack.PORTAL_URL}/commissions`);
    await page
      .getByText("Henüz hak ediş tablosu yok", { exact: false })
      .waitFor();
    await page.context().close();
  });
});

describe("customer pages", () => {
  it("opens a complaint and sees it in the list", async () => {
    const page = await signIn(emailOf("customer_own"));
    await page.goto(`${stack.PORTAL_URL}/requests/new`);
    await page.getByLabel("Tür").click({ force: true });
    await page.getByTitle("Şikâyet").click();
    await page.getByLabel("Konu", { exact: true }).fill("Sayaç okunmadı");
    await page
      .getByLabel("Açıklama")
      .fill("Kasım ayında sayaç okuması yapılmadı.");
    await page.getByRole("button", { name: "Gönder" }).click();
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    await page.getByText("Sayaç okunmadı").waitFor();
    await page.getByLabel("Mesajınız").fill("Fotoğraf ekleyebilirim.");
    await page.getByRole("button", { name: "Mesaj gönder" }).click();
    const sent = page.locator(".ant-list-item", {
      hasText: "Fotoğraf ekleyebilirim.",
    });
    await sent.waitFor();
    expect(await sent.innerText()).toContain("Müşteri · ");

    const saved = await db.query<{
      kind: string;
      status: string;
      party_id: string;
    }>(
      `select kind, status, party_id::text from public.service_requests
       where subject = 'Sayaç okunmadı' and opened_by = $1`,
      [fixture.userIds.customer_own],
    );
    expect(saved.rows).toEqual([
      { kind: "complaint", status: "open", party_id: fixture.partyIds.k1 },
    ]);
    const thread = await db.query<{ author_kind: string }>(
      `select m.author_kind from public.service_request_messages m
       join public.service_requests r on r.id = m.service_request_id
       where r.subject = 'Sayaç okunmadı'`,
    );
    expect(thread.rows).toEqual([{ author_kind: "customer" }]);

    await page
      .getByRole("link", { name: "Talep ve şikâyetler" })
      .first()
      .click();
    await page.getByRole("link", { name: "Sayaç okunmadı" }).waitFor();
    await page.getByRole("link", { name: "Fatura tutarı yüksek" }).waitFor();
    await page.context().close();
  });

  it("shows times in Istanbul in any browser zone", async () => {
    const created = await db.query<{ created_at: Date }>(
      "select created_at from public.service_requests where id = $1",
      [fixture.serviceRequestId],
    );
    const expected = new Intl.DateTimeFormat("tr-TR", {
      timeZone: "Europe/Istanbul",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(created.rows[0]?.created_at);
    expect(expected).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    for (const timezoneId of ["UTC", "America/New_York", "Europe/Istanbul"]) {
      const page = await signIn(emailOf("customer_own"), { timezoneId });
      await page.goto(
        `${stack.PORTAL_URL}/requests/${fixture.serviceRequestId}`,
      );
      await page.getByText("Sayaç okumasını kontrol eder misiniz?").waitFor();
      // The request and its first message share one creation time.
      expect(await page.getByText(expected).count(), timezoneId).toBe(2);
      await page.context().close();
    }
  });

  it("fits a 390 px phone screen", async () => {
    const page = await signIn(emailOf("customer_own"), {
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${stack.PORTAL_URL}/requests/${fixture.serviceRequestId}`);
    await page.getByText("Fatura tutarı yüksek").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-phone-request.png"),
      fullPage: true,
    });
    await page.getByRole("button", { name: "Menü" }).click();
    await page.getByRole("menuitem", { name: "Sayaçlar" }).click();
    await page.waitForURL(/\/metering-points$/);
    await page.getByText("OSOS").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-phone-metering-points.png"),
      fullPage: true,
    });
    await page.context().close();
  });

  it("does not open dealer pages", async () => {
    const page = await signIn(emailOf("customer_own"));
    await page.goto(`${stack.PORTAL_URL}/customers/${fixture.partyIds.k1}`);
    await page.getByText("Sayfa bulunamadı").waitFor();
    await page.context().close();
  });

  it("reads announcements in English", async () => {
    const page = await signIn(emailOf("customer_own"));
    await page.goto(`${stack.PORTAL_URL}/announcements`);
    await page.getByText(`Bakım duyurusu ${fixture.suffix}`).waitFor();
    await page.locator("header .ant-select-selector").click();
    await page
      .locator(".ant-select-item-option", { hasText: "English" })
      .click();
    await page.getByText(`Maintenance notice ${fixture.suffix}`).waitFor();
    await page.getByRole("link", { name: "Metering points" }).waitFor();
    await page.context().close();
  });
});

describe("auth links", () => {
  it("resets a password through the mail catcher", async () => {
    const email = emailOf("customer_other");
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.PORTAL_URL}/login`);
    await page.getByRole("link", { name: "Şifremi unuttum" }).click();
    // The sign-in page has an e-mail field too: wait for the new page.
    await page.getByRole("button", { name: "Bağlantı gönder" }).waitFor();
    await page.getByLabel("E-posta").fill(email);
    await page.getByRole("button", { name: "Bağlantı gönder" }).click();
    const alert = page.locator(".ant-alert");
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toContain(
      "şifre sıfırlama bağlantısı e-posta adresinize gönderildi",
    );

    await page.goto(await mailedLink(email));
    await page.waitForURL(/\/set-password/);
    await page.getByLabel("Yeni şifre", { exact: true }).fill("YeniSifre2026");
    await page.getByLabel("Yeni şifre (tekrar)").fill("YeniSifre2026");
    await page.getByRole("button", { name: "Şifreyi kaydet" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: "Müşteri portalı" }).waitFor();
    await context.close();

    const response = await fetch(
      `${stack.API_URL}/auth/v1/token?grant_type=password`,
      {
        method: "POST",
        headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
        body: JSON.stringify({ email, password: "YeniSifre2026" }),
      },
    );
    expect(response.status).toBe(200);
  });

  it("states the password rule and switches language", async () => {
    const page = await signIn(emailOf("customer_own"));
    await page.goto(`${stack.PORTAL_URL}/set-password`);
    const password = page.getByLabel("Yeni şifre", { exact: true });
    await password.waitFor();
    const item = page.locator(".ant-form-item", { has: password });
    // The rule is there before anything is typed, and no error is.
    expect(await item.locator(".ant-form-item-extra").innerText()).toBe(
      "En az 8 karakter; en az bir harf (A–Z) ve bir rakam içermeli.",
    );
    expect(await page.locator(".ant-form-item-explain-error").count()).toBe(0);

    // Each message names the part of the rule the password breaks.
    const save = page.getByRole("button", { name: "Şifreyi kaydet" });
    const error = item.locator(
      ".ant-form-item-explain-error:not(.ant-form-show-help-item-leave)",
    );
    for (const [typed, message] of [
      ["kisa1", "Şifre 8 karakterden kısa"],
      [
        "şğüöçı12345",
        "Şifrede A–Z arasından bir harf yok (ç, ğ, ı, ö, ş, ü sayılmaz)",
      ],
      ["sadeceharf", "Şifrede rakam yok"],
    ]) {
      await password.fill(typed ?? "");
      await save.click();
      await item.getByText(message ?? "", { exact: true }).waitFor();
      expect(await error.innerText(), typed).toBe(message);
    }
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-set-password.png"),
      fullPage: true,
    });

    // The language switch of the sign-in page is here too.
    await page.getByRole("combobox", { name: "Dil" }).click({ force: true });
    await page
      .locator(".ant-select-item-option", { hasText: "English" })
      .click();
    await page.getByText("Choose a new password").waitFor();
    const englishItem = page.locator(".ant-form-item", {
      has: page.getByLabel("New password", { exact: true }),
    });
    expect(await englishItem.locator(".ant-form-item-extra").innerText()).toBe(
      "At least 8 characters, with at least one letter (A–Z) and one digit.",
    );
    // The message shown is checked again in the new language.
    await englishItem.getByText("The password has no digit").waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, "portal-set-password-en.png"),
      fullPage: true,
    });
    await page.context().close();
  });

  it("accepts an invitation and sets a password", async () => {
    const email = `davet.${fixture.suffix}@matrix.test`;
    const invite = await fetch(
      `${stack.API_URL}/auth/v1/invite?redirect_to=${encodeURIComponent(`${stack.PORTAL_URL}/set-password`)}`,
      {
        method: "POST",
        headers: {
          apikey: stack.SERVICE_ROLE_KEY,
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ email }),
      },
    );
    expect(invite.status).toBe(200);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await mailedLink(email));
    await page.waitForURL(/\/set-password/);
    await page.getByLabel("Yeni şifre", { exact: true }).fill("Davet2026abc");
    await page.getByLabel("Yeni şifre (tekrar)").fill("Davet2026abc");
    await page.getByRole("button", { name: "Şifreyi kaydet" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page
      .getByText("Hesabınız henüz bir bayiye", { exact: false })
      .waitFor();
    await context.close();
  });
});
