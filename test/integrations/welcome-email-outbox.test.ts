// Welcome e-mails queued in public.outbox_emails by sync-registrations, with
// a mail server that rejects every recipient (the mail catcher's chaos
// trigger): the run still succeeds and the e-mail stays pending. The next
// run delivers it once, and a third run sends nothing again.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createFixture, type Fixture } from "../domain/fixture.ts";
import { type IntegrationRuntime, startIntegrationRuntime } from "./harness.ts";

const stack = inject("stack");
const USER = "test-welcome-email-outbox";

let runtime: IntegrationRuntime;
let fixture: Fixture;
let recipient: string;
let messageId: string;

beforeAll(async () => {
  runtime = await startIntegrationRuntime(stack, {
    simulatorUser: USER,
    env: {
      EPIAS_REGISTRATION_URL: stack.EPIAS_REGISTRATION_URL ?? "",
      SMTP_HOST: stack.SMTP_HOST,
      SMTP_PORT: String(stack.SMTP_PORT),
    },
  });
  fixture = await createFixture(runtime.db);
  // Only this file's e-mail is pending, so the counts below are its own.
  await runtime.db.query("delete from public.outbox_emails");
  await runtime.db.query("delete from public.registration_requests");
  recipient = `hosgeldin.${fixture.suffix}@registrations.test`;
  // The same call that sync-registrations makes when a party becomes a
  // customer, inside the transaction that enters its metering points.
  const { rows } = await runtime.db.query<{ message_id: string }>(
    `select (private.queue_email(
       p_purpose => 'welcome', p_recipient_email => $1,
       p_subject => 'Hoş geldiniz: portföyümüze katıldınız',
       p_body_text => 'Sayın Deneme A.Ş.,', p_party_id => $2)).message_id`,
    [recipient, fixture.partyIds.k1],
  );
  messageId = rows[0]?.message_id as string;
}, 120_000);

afterAll(async () => {
  await setRecipientChaos(0);
  await runtime?.stop();
});

async function setRecipientChaos(probability: number): Promise<void> {
  const response = await fetch(`${stack.MAILPIT_URL}/api/v1/chaos`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      Recipient: { ErrorCode: 451, Probability: probability },
    }),
  });
  if (!response.ok) {
    throw new Error(`setting chaos failed: ${await response.text()}`);
  }
}

async function mailsTo(address: string): Promise<any[]> {
  const list = await (
    await fetch(`${stack.MAILPIT_URL}/api/v1/messages`)
  ).json();

  return list.messages.filter((message: any) =>
    message.To.some((to: any) => to.Address === address),
  );
}

async function sync() {
  const response = await runtime.call("sync-registrations", { submit: false });

  return { status: response.status, body: await response.json() };
}

async function outboxRow() {
  const { rows } = await runtime.db.query(
    `select status, attempt_count, last_error, sent_at
     from public.outbox_emails where message_id = $1`,
    [messageId],
  );

  return rows[0];
}

it("keeps the e-mail pending while SMTP fails", async () => {
  await setRecipientChaos(100);
  let result: Awaited<ReturnType<typeof sync>>;
  try {
    result = await sync();
  } finally {
    await setRecipientChaos(0);
  }

  expect(result.status, JSON.stringify(result.body)).toBe(200);
  expect(result.body.counts.welcome_emails_sent).toBe(0);
  expect(result.body.counts.welcome_emails_pending).toBe(1);

  const row = await outboxRow();

  expect(row?.status).toBe("pending");
  expect(row?.attempt_count).toBe(1);
  expect(row?.last_error).toContain("451");
  expect(await mailsTo(recipient)).toHaveLength(0);
}, 120_000);

it("delivers it once on the next runs", async () => {
  // The failed attempt put the next one a minute later.
  await runtime.db.query(
    "update public.outbox_emails set next_attempt_at = now() where message_id = $1",
    [messageId],
  );
  const second = await sync();

  expect(second.status, JSON.stringify(second.body)).toBe(200);
  expect(second.body.counts.welcome_emails_sent).toBe(1);

  const third = await sync();

  expect(third.status, JSON.stringify(third.body)).toBe(200);
  expect(third.body.counts.welcome_emails_sent).toBe(0);

  const mails = await mailsTo(recipient);

  expect(mails).toHaveLength(1);
  expect(`<${mails[0].MessageID}>`).toBe(messageId);

  const row = await outboxRow();

  expect(row?.status).toBe("sent");
  expect(row?.attempt_count).toBe(2);
  expect(row?.sent_at).not.toBeNull();
}, 120_000);
