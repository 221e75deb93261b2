// Party search in the admin. The offer builder's party picker searches the
// server as the user types, so it finds a party sorted after the first
// thousand names, and shows the masked VKN and province of parties of one
// name. The party list finds a party by its customer code or VKN.
import type pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { vknCheckDigit } from "../../seed/src/identity.ts";
import { launchBrowser } from "../../test/browser.ts";
import { connect } from "../../test/db.ts";
import { clientAs } from "../../test/sales/helpers.ts";
import { loadList, signIn } from "./helpers.ts";

const stack = inject("stack");
const SUFFIX = String(Date.now()).slice(-6);
// Sorted after the demo parties, so it is not among the first thousand.
const PARTY_NAME = `ZZ KILIÇ ARAMA ${SUFFIX} LTD. ŞTİ.`;
const MANAGER_EMAIL = "manager@demo.enerji.test";

let browser: Browser;
let db: pg.Client;
let managerUserId: string;
let party: { id: string; vkn: string; customer_code: string };
// Two parties of one name, distinguished by VKN and billing province.
const TWIN_NAME = `ZZ İKİZ ENERJİ ${SUFFIX} A.Ş.`;
let twins: { id: string; vkn: string; province: string }[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  db = await connect(stack.DB_URL);
  const manager = await db.query<{ staff_id: string; user_id: string }>(
    `select au.staff_id, au.user_id
       from public.app_users au
       join auth.users u on u.id = au.user_id
      where u.email = $1`,
    [MANAGER_EMAIL],
  );
  managerUserId = manager.rows[0]?.user_id as string;
  const firstNine = `987${SUFFIX}`;
  const inserted = await db.query<typeof party>(
    `insert into public.parties (kind, vkn, name, owner_staff_id)
     values ('company', $1, $2, $3) returning id, vkn, customer_code`,
    [
      firstNine + String(vknCheckDigit(firstNine)),
      PARTY_NAME,
      manager.rows[0]?.staff_id,
    ],
  );
  party = inserted.rows[0] as typeof party;
  for (const [digit, plateCode] of [
    ["1", 35],
    ["2", 6],
  ] as const) {
    const twinNine = `98${digit}${SUFFIX}`;
    const twin = await db.query<{ id: string; vkn: string; province: string }>(
      `with inserted as (
         insert into public.parties (kind, vkn, name, owner_staff_id,
           billing_province_plate_code)
         values ('company', $1, $2, $3, $4) returning id, vkn,
           billing_province_plate_code)
       select i.id, i.vkn, p.name as province
         from inserted i
         join public.provinces p on p.plate_code = i.billing_province_plate_code`,
      [
        twinNine + String(vknCheckDigit(twinNine)),
        TWIN_NAME,
        manager.rows[0]?.staff_id,
        plateCode,
      ],
    );
    twins.push(twin.rows[0] as (typeof twins)[number]);
  }
});

afterAll(async () => {
  await db?.query("delete from public.parties where id = $1", [party?.id]);
  await db?.query("delete from public.parties where id = any($1::uuid[])", [
    twins.map((twin) => twin.id),
  ]);
  await db?.end();
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(90_000);

  return page;
}

describe("party search", { timeout: 300_000 }, () => {
  it("picker finds party after first thousand", async () => {
    // The manager can read at least a thousand parties sorted before this
    // one, so a list of the first thousand names would not contain it.
    const client = await clientAs(stack, managerUserId);
    const before = await client
      .from("parties")
      .select("id", { count: "exact", head: true })
      .lt("name", PARTY_NAME);
    expect(before.error).toBeNull();
    expect(before.count).toBeGreaterThanOrEqual(1000);

    const page = await newPage();
    await signIn(page, MANAGER_EMAIL);
    await page.goto(`${stack.ADMIN_URL}/offers/new`);
    const picker = page.getByRole("combobox", { name: "Müşteri adayı" });
    await picker.click();

    // Lower case with a dotted i for the dotless I of the name.
    const query = `kiliç arama ${SUFFIX}`;
    const searched = page.waitForResponse((response) => {
      const url = new URL(response.url());

      return (
        url.pathname === "/rest/v1/parties" &&
        (url.searchParams.get("search_text") ?? "").includes(SUFFIX)
      );
    });
    await picker.pressSequentially(query);
    const response = await searched;
    const url = new URL(response.url());
    expect(url.searchParams.get("limit")).toBe("50");
    const rows = (await response.json()) as { id: string; name: string }[];
    expect(rows.map((row) => [row.id, row.name])).toEqual([
      [party.id, PARTY_NAME],
    ]);

    await page
      .locator(".ant-select-item-option", { hasText: PARTY_NAME })
      .click();
    await expect
      .poll(() =>
        page
          .getByTestId("offer-builder-party")
          .locator(".ant-select-selection-item")
          .innerText(),
      )
      .toBe(PARTY_NAME);
    await page.close();
  });

  it("picker tells same names apart", async () => {
    const page = await newPage();
    await signIn(page, MANAGER_EMAIL);
    await page.goto(`${stack.ADMIN_URL}/offers/new`);
    const picker = page.getByRole("combobox", { name: "Müşteri adayı" });
    await picker.click();
    await picker.pressSequentially(`ikiz enerji ${SUFFIX}`);
    const options = page.locator(".ant-select-dropdown:visible", {
      hasText: TWIN_NAME,
    });
    const details = options.getByTestId("party-option-detail");
    await expect.poll(() => details.count()).toBe(2);
    // Only the last four digits of each VKN are shown.
    const expected = twins.map(
      (twin) => `VKN ••••••${twin.vkn.slice(-4)} · ${twin.province}`,
    );
    expect((await details.allInnerTexts()).sort()).toEqual(expected.sort());
    expect(await options.innerText()).not.toContain(twins[0]?.vkn);
    await page.close();
  });

  it("picker shows preselected party", async () => {
    const page = await newPage();
    await signIn(page, MANAGER_EMAIL);
    await page.goto(`${stack.ADMIN_URL}/offers/new?party_id=${party.id}`);
    await page
      .getByTestId("offer-builder-party")
      .locator(".ant-select-selection-item", { hasText: PARTY_NAME })
      .waitFor();
    await page.close();
  });

  it.each([
    ["customer code", () => party.customer_code],
    ["VKN", () => party.vkn],
    ["VKN prefix", () => party.vkn.slice(0, 8)],
  ])("list finds party by %s", async (_kind, queryOf) => {
    const page = await newPage();
    await signIn(page, MANAGER_EMAIL);
    await loadList(page, "parties", () =>
      page.goto(`${stack.ADMIN_URL}/parties`),
    );
    await page.getByPlaceholder("Ara").fill(queryOf());
    const found = await loadList(page, "parties", () =>
      page.getByPlaceholder("Ara").press("Enter"),
    );
    expect(found.map((row) => row.split("\t")[0])).toEqual([PARTY_NAME]);
    await page.close();
  });
});
