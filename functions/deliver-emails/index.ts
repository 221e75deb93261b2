// Delivers the e-mails still pending in public.outbox_emails: those whose
// first delivery failed (the SMTP server was down or refused them) and
// those queued by a function that stopped before delivering. The scheduler
// calls it every five minutes (scheduled job deliver-emails-every-5-minutes)
// with the service role key, and only the service role may call it.
//
// POST body, optional: limit (1-1000, default 100) caps the rows tried.
// A run in which any e-mail failed ends as failed (HTTP 500), so the
// scheduler records the failure. Those e-mails stay pending for the next
// run until their last attempt.

import { requiredEnv } from "../_shared/integrations/http.ts";
import { InputError, serveJob } from "../_shared/integrations/run.ts";
import { smtpSettingsFromEnv } from "../_shared/mail.ts";
import {
  deliverPendingEmails,
  storageAttachmentLoader,
} from "../_shared/outbox.ts";

const JOB_NAME = "deliver-emails";

function limitField(body: Record<string, unknown>): number {
  const value = body.limit ?? 100;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > 1000
  ) {
    throw new InputError(
      `limit must be an integer from 1 to 1000, got ${JSON.stringify(value)}`,
    );
  }

  return value;
}

// Lets only the service role run the job. The edge runtime has verified
// the token's signature (verify_jwt).
async function authorize(request: Request): Promise<string | null> {
  const token = (request.headers.get("authorization") ?? "").replace(
    /^Bearer\s+/i,
    "",
  );
  try {
    const payload = token.split(".")[1] ?? "";
    const claims = JSON.parse(
      atob(payload.replace(/-/g, "+").replace(/_/g, "/")),
    ) as { role?: unknown };
    if (claims.role === "service_role") {
      return null;
    }
  } catch {
    return "the Authorization header does not carry a JWT";
  }

  return "only the service role can deliver e-mails";
}

Deno.serve(
  serveJob(
    JOB_NAME,
    "deliver-emails",
    async (body) => {
      const limit = limitField(body);
      const smtp = smtpSettingsFromEnv();
      const loadAttachment = storageAttachmentLoader(
        requiredEnv("SUPABASE_URL"),
        requiredEnv("SUPABASE_SERVICE_ROLE_KEY"),
      );

      return async (run) => {
        const result = await deliverPendingEmails(run.client, {
          smtp,
          loadAttachment,
          limit,
        });
        await run.update({
          done: result.sent + result.failed,
          counts: { emails_sent: result.sent, emails_failed: result.failed },
        });
        if (result.failed > 0) {
          throw new Error(
            `${result.failed} of ${result.sent + result.failed} e-mails ` +
              `failed, first ${result.errors[0]?.message_id}: ` +
              `${result.errors[0]?.error}`,
          );
        }

        return { emails_sent: result.sent };
      };
    },
    authorize,
  ),
);
