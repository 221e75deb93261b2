// Reads the stack's mail catcher (Mailpit's API) in tests.

type MailSummary = { ID: string; To: Array<{ Address: string }> };

// Returns the auth link (…/auth/v1/verify…) of the newest mail to `email`,
// polling the mail catcher for up to 30 seconds.
export async function mailedAuthLink(
  mailpitUrl: string,
  email: string,
): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const list = (await fetch(`${mailpitUrl}/api/v1/messages`).then((r) =>
      r.json(),
    )) as { messages: MailSummary[] };
    const summary = list.messages.find((m) => m.To[0]?.Address === email);
    if (summary) {
      const message = (await fetch(
        `${mailpitUrl}/api/v1/message/${summary.ID}`,
      ).then((r) => r.json())) as { Text: string };
      const link = /https?:\/\/\S+\/auth\/v1\/verify\S+/.exec(message.Text);
      if (!link) {
        throw new Error(`the newest mail to ${email} has no auth link`);
      }

      return link[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`no mail to ${email} arrived in the mail catcher`);
}
