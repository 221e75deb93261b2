// Admin forms as a new user meets them: the party owner default, staff
// options with repeated names, interval fields in minutes, phone numbers in
// Turkish forms, identity and metering point code checks before saving, the
// approvals inbox and sending an offer.
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatDecimal, formatTry } from "../../shared/money.ts";
import { launchBrowser } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import {
  changeDigit,
  freshVkn,
  vknWithCheckDigit,
} from "../../test/domain/turkish-ids.ts";
import { signIn } from "./helpers.ts";

const stack = inject("stack");
let browser: Browser;
let db: pg.Client;

const TEST_EMAIL_DOMAIN = "forms-test.enerji.test";

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db?.query("delete from public.staff where email like $1", [
    `%@${TEST_EMAIL_DOMAIN}`,
  ]);
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

function formItem(page: Page, label: string) {
  return page.locator(".ant-form-item").filter({
    has: page.locator(".ant-form-item-label", { hasText: label }),
  });
}

async function staffOf(email: string): Promise<{ id: string; name: string }> {
  const result = await db.query<{ id: string; full_name: string }>(
    `select s.id, s.full_name
       from public.app_users au
       join auth.users u on u.id = au.user_id
       join public.staff s on s.id = au.staff_id
      where u.email = $1`,
    [email],
  );
  const row = result.rows[0];
  if (!row) {
    throw new Error(`no staff login ${email}`);
  }

  return { id: row.id, name: row.full_name };
}

async function chooseOption(page: Page, label: string, option: string) {
  await formItem(page, label).locator(".ant-select").click();
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: option })
    .click();
}

// Collects the REST writes to `table` that the page sends.
function writesTo(page: Page, table: string): string[] {
  const writes: string[] = [];
  page.on("request", (request) => {
    if (
      new URL(request.url()).pathname === `/rest/v1/${table}` &&
      request.method() !== "GET"
    ) {
      writes.push(request.method());
    }
  });

  return writes;
}

describe("party form", { timeout: 240_000 }, () => {
  it("saves a consultant's party with a Turkish phone number", async () => {
    const consultant = await staffOf("consultant@demo.enerji.test");
    const vkn = freshVkn();
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/parties/create`);

    const owner = formItem(page, "Sorumlu personel").locator(".ant-select");
    await owner.getByText(consultant.name, { exact: true }).waitFor();
    expect(await owner.getAttribute("class")).toContain("ant-select-disabled");
    expect(
      await formItem(page, "Telefon")
        .locator("input")
        .getAttribute("placeholder"),
    ).toBe("0532 111 22 33");
    await formItem(page, "Ad / unvan")
      .locator("input")
      .fill("Form Deneme A.Ş.");
    await chooseOption(page, "Tür", "Tüzel kişi");
    await formItem(page, "VKN").locator("input").fill(vkn);
    await formItem(page, "Telefon").locator("input").fill("0532 111 22 33");
    await page.getByRole("button", { name: "Kaydet" }).click();
    await page.waitForURL(/\/parties$/);

    const saved = await db.query<{ owner_staff_id: string; phone: string }>(
      "select owner_staff_id, phone from public.parties where vkn = $1",
      [vkn],
    );
    expect(saved.rows).toEqual([
      { owner_staff_id: consultant.id, phone: "+905321112233" },
    ]);
    await page.close();
  });

  it("rejects a bad VKN, TCKN and e-mail before saving", async () => {
    const page = await newPage();
    const writes = writesTo(page, "parties");
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/parties/create`);
    await formItem(page, "Ad / unvan").locator("input").fill("Hatalı A.Ş.");
    await chooseOption(page, "Tür", "Tüzel kişi");
    const wrongVkn = changeDigit(vknWithCheckDigit("123456789"), 9);
    await formItem(page, "VKN").locator("input").fill(wrongVkn);
    await formItem(page, "TCKN").locator("input").fill("10000000147");
    await formItem(page, "E-posta").locator("input").fill("ali@firma");
    await formItem(page, "Telefon").locator("input").fill("0532 111 22");
    await page.getByRole("button", { name: "Kaydet" }).click();

    const errors = page.locator(".ant-form-item-explain-error");
    await errors.first().waitFor();
    await expect
      .poll(() => errors.allInnerTexts(), { timeout: 30_000 })
      .toEqual([
        "VKN 10 haneli olmalı ve son hanesi kontrol hanesine uymalı",
        "TCKN 11 haneli olmalı, 0 ile başlamamalı ve kontrol haneleri tutmalı",
        "Geçerli bir e-posta adresi girin, ör. ad@firma.com.tr",
        "Telefon numarası okunamadı, ör. 0532 111 22 33",
      ]);
    expect(writes).toEqual([]);
    await page.close();
  });

  it("tells staff with one name apart by e-mail", async () => {
    const name = "Emine Formtest";
    const emails = [
      `emine.a@${TEST_EMAIL_DOMAIN}`,
      `emine.b@${TEST_EMAIL_DOMAIN}`,
    ];
    for (const email of emails) {
      await db.query(
        `insert into public.staff (full_name, role, email)
         values ($1, 'sales_consultant', $2)`,
        [name, email],
      );
    }
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/parties/create`);
    const owner = formItem(page, "Sorumlu personel");
    await owner.locator(".ant-select").click();
    await owner.locator("input").fill("Formtest");

    const options = page.locator(
      ".ant-select-dropdown:visible .ant-select-item-option",
    );
    await expect
      .poll(
        async () =>
          (await options.allInnerTexts())
            .filter((text) => text.includes("Formtest"))
            .sort(),
        { timeout: 30_000 },
      )
      .toEqual(emails.map((email) => `${name} · ${email}`));
    await page.close();
  });
});

describe("metering point form", { timeout: 240_000 }, () => {
  it("checks the code's EIC check character before saving", async () => {
    const page = await newPage();
    const writes = writesTo(page, "metering_points");
    await signIn(page, "operations@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/metering-points/create`);
    const code = formItem(page, "Tesisat kodu (ETSO)");
    const errors = code.locator(".ant-form-item-explain-error");

    // 40Z999999999999: 4·16 + 35·14 + 9·(13 + … + 2) = 1364, and
    // 36 − (1363 mod 37) = 5 is the check character, not A.
    await code.locator("input").fill("40Z999999999999A");
    await page.getByRole("button", { name: "Kaydet" }).click();
    await expect
      .poll(() => errors.allInnerTexts(), { timeout: 30_000 })
      .toEqual([
        "Sayaç kodunun son karakteri (kontrol karakteri) ilk 15 karakterle uyuşmuyor. Kodu denetleyin.",
      ]);

    // 40Z000000000001: 4·16 + 35·14 + 1·2 = 556 gives 36, "-", which is
    // never issued.
    await code.locator("input").fill("40Z000000000001-");
    await expect
      .poll(() => errors.allInnerTexts(), { timeout: 30_000 })
      .toEqual([
        "Sayaç kodu 16 karakter olmalı: 2 rakam, 1 büyük harf, rakam, büyük harf veya «-» olan 12 karakter ve rakam ya da büyük harf olan bir kontrol karakteri, ör. 40Z001021000011X",
      ]);

    await code.locator("input").fill("40z9999999999995");
    await expect
      .poll(() => errors.allInnerTexts(), { timeout: 30_000 })
      .toEqual([
        "Sayaç kodu 16 karakter olmalı: 2 rakam, 1 büyük harf, rakam, büyük harf veya «-» olan 12 karakter ve rakam ya da büyük harf olan bir kontrol karakteri, ör. 40Z001021000011X",
      ]);

    await code.locator("input").fill(" 40Z9999999999995 ");
    await expect
      .poll(() => errors.allInnerTexts(), { timeout: 30_000 })
      .toEqual([]);
    expect(writes).toEqual([]);
    await page.close();
  });
});

describe("interval fields", { timeout: 240_000 }, () => {
  it("edits a meeting's duration in minutes", async () => {
    const consultant = await staffOf("consultant@demo.enerji.test");
    const created = await db.query<{ id: string }>(
      `insert into public.meetings (party_id, starts_at, subject, kind,
         owner_staff_id, duration)
       select id, now(), 'Süre denemesi', 'visit', $1, interval '90 minutes'
         from public.parties
        where owner_staff_id = $1
        limit 1
       returning id`,
      [consultant.id],
    );
    const meetingId = created.rows[0]?.id as string;
    const page = await newPage();
    await signIn(page, "consultant@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/meetings/edit/${meetingId}`);

    const duration = formItem(page, "Süre");
    const input = duration.locator("input");
    await expect.poll(() => input.inputValue(), { timeout: 30_000 }).toBe("90");
    expect(await duration.innerText()).toContain("dk");
    await input.fill("abc");
    await duration.getByText("0'dan büyük bir tam sayı girin (dk)").waitFor();
    await input.fill("45");
    await page.getByRole("button", { name: "Kaydet" }).click();
    await page.waitForURL(/\/meetings\/show\//);

    const saved = await db.query<{ minutes: number }>(
      `select extract(epoch from duration)::integer / 60 as minutes
         from public.meetings where id = $1`,
      [meetingId],
    );
    expect(saved.rows[0]?.minutes).toBe(45);
    await page.close();
  });

  it("saves an edit that keeps the stored numbers", async () => {
    // PostgREST sends numeric columns as JSON numbers, which the form shows
    // and must save unchanged.
    const point = await db.query<{ id: string; installation_number: string }>(
      `update public.metering_points
          set connection_power_kw = 30, multiplier = 1.5,
              estimated_yearly_consumption_kwh = 120000
        where id = (select id from public.metering_points
                     where status = 'prospect' order by code limit 1)
        returning id, installation_number`,
    );
    const pointId = point.rows[0]?.id as string;
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/metering-points/edit/${pointId}`);
    const power = formItem(page, "Bağlantı gücü (kW)").locator("input");
    await expect.poll(() => power.inputValue(), { timeout: 30_000 }).toBe("30");
    await formItem(page, "Adres").locator("textarea").fill("Sanayi Cad. No: 7");
    await page.getByRole("button", { name: "Kaydet" }).click();
    await page.waitForURL(/\/metering-points\/show\//);

    const saved = await db.query(
      `select connection_power_kw::text as power, multiplier::text,
              estimated_yearly_consumption_kwh::text as yearly, address
         from public.metering_points where id = $1`,
      [pointId],
    );
    expect(saved.rows[0]).toEqual({
      power: "30.00",
      multiplier: "1.500",
      yearly: "120000",
      address: "Sanayi Cad. No: 7",
    });
    await page.close();
  });

  it("shows a scheduled job's timeout in seconds", async () => {
    const job = await db.query<{ name: string; seconds: number }>(
      `select name, extract(epoch from timeout)::integer as seconds
         from public.scheduled_jobs order by name limit 1`,
    );
    const { name, seconds } = job.rows[0] as { name: string; seconds: number };
    const page = await newPage();
    await signIn(page, "admin@demo.enerji.test");
    await page.goto(
      `${stack.ADMIN_URL}/scheduled-jobs/edit/${encodeURIComponent(name)}`,
    );

    const timeout = formItem(page, "Zaman aşımı");
    await expect
      .poll(() => timeout.locator("input").inputValue(), {
        timeout: 30_000,
      })
      .toBe(String(seconds));
    expect(await timeout.innerText()).toContain("sn");
    await page.close();
  });
});

describe("approvals inbox", { timeout: 240_000 }, () => {
  it("shows the requester and the offer's size", async () => {
    const pending = await db.query<{
      offer_number: string;
      requester: string | null;
      dealer: string | null;
      mwh: string | null;
      bills: { label: string; bill: string }[];
    }>(
      `select o.offer_number, s.full_name as requester, d.name as dealer,
         (select round(a1.consumption_kwh / 1000, 3)::text
            from public.offer_alternatives a1
           where a1.offer_revision_id = ap.offer_revision_id
           order by a1.position limit 1) as mwh,
         (select jsonb_agg(jsonb_build_object('label', a2.label,
             'bill', a2.offer_bill_try::text) order by a2.position)
            from public.offer_alternatives a2
           where a2.offer_revision_id = ap.offer_revision_id) as bills
         from public.offer_approvals ap
         join public.offers o on o.id = ap.offer_id
         left join public.staff s on s.user_id = ap.requested_by
         left join public.dealers d on d.id = o.dealer_id
        where ap.decision is null
        order by s.full_name is null, ap.requested_at
        limit 1`,
    );
    const expected = pending.rows[0];
    if (!expected) {
      throw new Error("the demo data has no pending approval");
    }
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/approvals`);
    const item = page.locator(".ant-list-item", {
      hasText: expected.offer_number,
    });
    await item.waitFor();

    const text = await item.innerText();
    expect(text).toContain(
      expected.requester
        ? `Talep eden: ${expected.requester}`
        : `Talep eden bayi: ${expected.dealer}`,
    );
    expect(text).toContain(
      `Tüketim: ${formatDecimal(expected.mwh as string, 3)} MWh`,
    );
    // Each alternative has a line with its label, terms and offer bill.
    for (const [index, { label, bill }] of expected.bills.entries()) {
      const line = await item
        .getByTestId(`approval-alternative-${index + 1}`)
        .innerText();
      const head = `${label} — `;
      const tail = `· Teklif faturası: ${formatTry(bill)}`;
      expect(line.slice(0, head.length)).toBe(head);
      expect(line.slice(-tail.length)).toBe(tail);
    }
    await page.close();
  });

  it("asks for a note before sending back", async () => {
    const page = await newPage();
    const calls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/rest/v1/rpc/decide_offer")) {
        calls.push(request.method());
      }
    });
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/approvals`);
    const item = page.locator(".ant-list-item").first();
    await item.waitFor();
    await item.getByRole("button", { name: "Geri gönder" }).click();
    await item
      .getByText("Geri gönderme ve ret için karar notu gerekli")
      .waitFor();
    await item.getByRole("button", { name: "Reddet" }).click();
    await item
      .getByText("Geri gönderme ve ret için karar notu gerekli")
      .waitFor();
    expect(calls).toEqual([]);
    await page.close();
  });
});

describe("sending an offer", { timeout: 240_000 }, () => {
  it("names the recipient and shows the sent state at once", async () => {
    const approved = await db.query<{ id: string; email: string }>(
      `select o.id, coalesce(
           (select c.email from public.party_contacts c
             where c.party_id = o.party_id and c.email is not null
             order by c.is_primary desc, c.created_at limit 1),
           p.email) as email
         from public.offers o
         join public.parties p on p.id = o.party_id
        where o.state = 'approved'
          and o.valid_until >= current_date
          and coalesce(
            (select c.email from public.party_contacts c
              where c.party_id = o.party_id and c.email is not null
              limit 1),
            p.email) is not null
        order by o.created_at
        limit 1`,
    );
    const offer = approved.rows[0];
    if (!offer) {
      throw new Error("the demo data has no approved offer with a recipient");
    }
    const page = await newPage();
    await signIn(page, "manager@demo.enerji.test");
    await page.goto(`${stack.ADMIN_URL}/offers/show/${offer.id}`);
    const details = page.locator(".ant-descriptions").first();
    await details.getByText("Onaylandı").waitFor();
    await page.getByTestId("offer-send").click();

    expect(
      await page.getByTestId("offer-send-recipient").innerText(),
    ).toContain(`<${offer.email}>`);
    await page.getByRole("button", { name: "Evet, gönder" }).click();
    await page.getByText("Teklif gönderildi").first().waitFor();
    await details.getByText("Gönderildi").waitFor({ timeout: 10_000 });
    await page.close();
  });
});
