// Synchronises market registration with EPİAŞ's registration service:
//   1. submits each open batch with requested metering points (a batch
//      whose month has not started) and records the submission;
//   2. fetches the results of submitted requests and records approvals with
//      their effective date and rejections with their reason;
//   3. fetches the market portfolio's master data and flags differences
//      from our metering points in public.registration_discrepancies;
//   4. calls enter_portfolio for approved points whose effective date has
//      come and queues a welcome e-mail to each new customer in the same
//      transaction, then delivers the pending welcome e-mails.
// Each step's response is checked in full before its rows are stored in
// one transaction with the run's cursor. So a malformed response stores
// nothing of its batch, and a stopped run resumes at the step it stopped
// in.
//
// POST body, all optional: submit (default true) turns step 1 on or off,
// on (YYYY-MM-DD, default today in Istanbul) is the date for step 4.
// Callers: the service role (the scheduler) and admins or operations staff.
// Secrets: EPIAS_CAS_URL, EPIAS_REGISTRATION_URL, EPIAS_USERNAME,
// EPIAS_PASSWORD, and the SMTP secrets of _shared/mail.ts.
// @ts-types="npm:@types/pg@8.23.1"
import pg from "npm:pg@8.23.1";
import { EpiasClient } from "../_shared/integrations/epias.ts";
import {
  requiredEnv,
  retryOptionsFromEnv,
} from "../_shared/integrations/http.ts";
import {
  type Discrepancy,
  findDiscrepancies,
  type OurPortfolioPoint,
  type PortfolioPoint,
  parsePage,
  parsePortfolio,
  parseResults,
  parseSubmission,
  REGISTRATION_PAGE_SIZE,
  REGISTRATION_PATHS,
  type RegistrationResult,
} from "../_shared/integrations/registration.ts";
import { InputError, serveJob } from "../_shared/integrations/run.ts";
import { processInChunks } from "../_shared/job-runs.ts";
import { smtpSettingsFromEnv } from "../_shared/mail.ts";
import { deliverPendingEmails } from "../_shared/outbox.ts";

const JOB_NAME = "sync-registrations";

type Phase = "submit" | "results" | "portfolio" | "enter" | "done";
type Cursor = { phase: Phase; after?: string };

type RequestToSubmit = {
  registration_request_id: string;
  metering_point_code: string;
  party_id: string;
};

type Step =
  | {
      kind: "submit";
      batchId: string;
      periodMonth: string;
      requestIds: string[];
      externalBatchId: string;
    }
  | {
      kind: "results";
      externalBatchId: string;
      requests: { id: string; code: string }[];
      results: RegistrationResult[];
    }
  | { kind: "portfolio"; discrepancies: Discrepancy[] }
  | { kind: "enter" };

type NewCustomer = { party_id: string; name: string; email: string | null };

function dateField(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new InputError(`${key} must be a date text YYYY-MM-DD`);
  }

  return value;
}

function booleanField(
  body: Record<string, unknown>,
  key: string,
  fallback: boolean,
): boolean {
  const value = body[key];
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value !== "boolean") {
    throw new InputError(`${key} must be true or false`);
  }

  return value;
}

// Lets the service role and admins or operations staff run the sync. The
// edge runtime has verified the token's signature (verify_jwt).
async function authorize(request: Request): Promise<string | null> {
  const token = (request.headers.get("authorization") ?? "").replace(
    /^Bearer\s+/i,
    "",
  );
  let claims: { role?: unknown; sub?: unknown };
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    claims = JSON.parse(json);
  } catch {
    return "the Authorization header does not carry a JWT";
  }
  if (claims.role === "service_role") {
    return null;
  }
  if (typeof claims.sub !== "string") {
    return "only admins and operations staff can synchronise registrations";
  }
  const client = new pg.Client({
    connectionString: requiredEnv("SUPABASE_DB_URL"),
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ role: string | null }>(
      "select private.account_role($1::uuid) as role",
      [claims.sub],
    );
    const role = rows[0]?.role;

    return role === "admin" || role === "operations"
      ? null
      : "only admins and operations staff can synchronise registrations";
  } finally {
    await client.end();
  }
}

// Reads every page of a registration query.
async function queryAllPages(
  client: EpiasClient,
  baseUrl: string,
  path: string,
  filter: Record<string, unknown>,
): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (let number = 1; ; number++) {
    const body = await client.postTo(baseUrl, path, {
      ...filter,
      page: { number, size: REGISTRATION_PAGE_SIZE },
    });
    bodies.push(body);
    const page = parsePage(`EPİAŞ ${path}`, body);
    if (number >= page.totalPages) {
      return bodies;
    }
  }
}

function welcomeText(customer: NewCustomer, senderName: string): string {
  return [
    `Sayın ${customer.name},`,
    "",
    "Elektrik tedarikçiniz olarak bizi seçtiğiniz için teşekkür ederiz.",
    "Sayaçlarınızın piyasa kaydı tamamlandı ve portföyümüze katıldınız.",
    "Faturalarınızı ve tüketiminizi müşteri portalından izleyebilirsiniz.",
    "",
    "Saygılarımızla,",
    senderName,
  ].join("\n");
}

Deno.serve(
  serveJob(
    JOB_NAME,
    "sync-registrations",
    async (body) => {
      const submit = booleanField(body, "submit", true);
      const onDate = dateField(body, "on");
      const registrationUrl = requiredEnv("EPIAS_REGISTRATION_URL");
      const epias = new EpiasClient({
        casUrl: requiredEnv("EPIAS_CAS_URL"),
        transparencyUrl: registrationUrl,
        username: requiredEnv("EPIAS_USERNAME"),
        password: requiredEnv("EPIAS_PASSWORD"),
        retry: retryOptionsFromEnv(),
      });
      const smtp = smtpSettingsFromEnv();

      return async (run) => {
        const db = run.client;
        const today = (
          await db.query<{ today: string }>(
            `select coalesce($1::date,
               (now() at time zone 'Europe/Istanbul')::date)::text as today`,
            [onDate],
          )
        ).rows[0]?.today as string;

        // The next open batch of a month not yet started with requests.
        const nextBatchToSubmit = async () => {
          const { rows } = await db.query<{
            id: string;
            period_month: string;
          }>(
            `select b.id, b.period_month::text
             from public.registration_batches b
             where b.state = 'open'
               and b.period_month > (now() at time zone 'Europe/Istanbul')::date
               and exists (select from public.registration_requests r
                 where r.registration_batch_id = b.id and r.state = 'requested')
             order by b.period_month
             limit 1`,
          );

          return rows[0];
        };

        const submitBatch = async (batch: {
          id: string;
          period_month: string;
        }): Promise<Step> => {
          const toSubmit = await db.query<{
            batch: { requests: RequestToSubmit[] };
          }>(
            "select public.registration_requests_to_submit($1::date) as batch",
            [batch.period_month],
          );
          const requests = toSubmit.rows[0]?.batch.requests ?? [];
          const taxIds = await db.query<{ id: string; tax_id: string }>(
            `select id::text, coalesce(vkn, tckn) as tax_id
             from public.parties where id = any($1::uuid[])`,
            [requests.map((request) => request.party_id)],
          );
          const taxIdOf = new Map(
            taxIds.rows.map((row) => [row.id, row.tax_id]),
          );
          const effectiveMonth = `${batch.period_month}T00:00:00+03:00`;
          const codes = requests.map((request) => request.metering_point_code);

          // A run stopped between the submission and its record would
          // submit the batch twice: adopt an earlier submission that
          // already covers every point of the batch.
          const earlier = (
            await queryAllPages(
              epias,
              registrationUrl,
              REGISTRATION_PATHS.results,
              {
                effectiveMonth,
              },
            )
          ).flatMap((page) =>
            parseResults(`EPİAŞ ${REGISTRATION_PATHS.results}`, page),
          );
          const earlierBatch = earlier.find((result) =>
            codes.every((code) =>
              earlier.some(
                (other) =>
                  other.batchId === result.batchId &&
                  other.meteringPointEic === code,
              ),
            ),
          )?.batchId;
          let externalBatchId = earlierBatch;
          if (externalBatchId === undefined) {
            const answer = await epias.postTo(
              registrationUrl,
              REGISTRATION_PATHS.submit,
              {
                effectiveMonth,
                requests: requests.map((request) => ({
                  meteringPointEic: request.metering_point_code,
                  taxId: taxIdOf.get(request.party_id) ?? "",
                })),
              },
            );
            externalBatchId = parseSubmission(
              `EPİAŞ ${REGISTRATION_PATHS.submit}`,
              answer,
              codes,
            ).batchId;
          } else {
            console.log(
              `job run ${run.id}: batch ${batch.id} was already submitted as ${externalBatchId}`,
            );
          }

          return {
            kind: "submit",
            batchId: batch.id,
            periodMonth: batch.period_month,
            requestIds: requests.map(
              (request) => request.registration_request_id,
            ),
            externalBatchId,
          };
        };

        // The next batch (after `after`, by its market batch id) with
        // requests that wait for a result.
        const nextBatchToQuery = async (after: string | undefined) => {
          const { rows } = await db.query<{
            external_reference: string;
            requests: { id: string; code: string }[];
          }>(
            `select b.external_reference,
               jsonb_agg(jsonb_build_object('id', r.id, 'code', m.code)) as requests
             from public.registration_batches b
             join public.registration_requests r on r.registration_batch_id = b.id
             join public.metering_points m on m.id = r.metering_point_id
             where r.state = 'submitted' and b.external_reference is not null
               and b.external_reference > coalesce($1, '')
             group by b.external_reference
             order by b.external_reference
             limit 1`,
            [after ?? null],
          );

          return rows[0];
        };

        const loadPortfolio = async (): Promise<Step> => {
          const label = `EPİAŞ ${REGISTRATION_PATHS.portfolio}`;
          const market: PortfolioPoint[] = (
            await queryAllPages(
              epias,
              registrationUrl,
              REGISTRATION_PATHS.portfolio,
              {},
            )
          ).flatMap((page) => parsePortfolio(label, page));
          const ours = await db.query<OurPortfolioPoint>(
            `select m.id::text as metering_point_id, m.code,
               m.installation_number, m.meter_serial, m.multiplier::text,
               d.epias_distribution_id, m.voltage_level_code,
               coalesce(p.vkn, p.tckn) as tax_id
             from public.metering_points m
             join public.parties p on p.id = m.party_id
             join public.distribution_regions d on d.code = m.distribution_region_code
             where m.status <> 'inactive'
               and exists (select from public.registration_requests r
                 where r.metering_point_id = m.id
                   and r.state in ('approved', 'in_portfolio'))`,
          );

          return {
            kind: "portfolio",
            discrepancies: findDiscrepancies(market, ours.rows),
          };
        };

        await processInChunks<Step, Cursor>(run, {
          chunkSize: 1,
          loadChunk: async (cursor) => {
            let phase: Phase = cursor?.phase ?? (submit ? "submit" : "results");
            let after = cursor?.after;
            for (;;) {
              if (phase === "submit") {
                const batch = await nextBatchToSubmit();
                if (batch !== undefined) {
                  return {
                    items: [await submitBatch(batch)],
                    nextCursor: { phase },
                  };
                }
                phase = "results";
                after = undefined;
              } else if (phase === "results") {
                const batch = await nextBatchToQuery(after);
                if (batch !== undefined) {
                  const label = `EPİAŞ ${REGISTRATION_PATHS.results}`;
                  const results = (
                    await queryAllPages(
                      epias,
                      registrationUrl,
                      REGISTRATION_PATHS.results,
                      { batchId: batch.external_reference },
                    )
                  ).flatMap((page) => parseResults(label, page));

                  return {
                    items: [
                      {
                        kind: "results",
                        externalBatchId: batch.external_reference,
                        requests: batch.requests,
                        results,
                      },
                    ],
                    nextCursor: { phase, after: batch.external_reference },
                  };
                }
                phase = "portfolio";
              } else if (phase === "portfolio") {
                return {
                  items: [await loadPortfolio()],
                  nextCursor: { phase: "enter" },
                };
              } else if (phase === "enter") {
                return {
                  items: [{ kind: "enter" }],
                  nextCursor: { phase: "done" },
                };
              } else {
                return { items: [], nextCursor: { phase: "done" } };
              }
            }
          },
          handleChunk: async (client, steps) => {
            const counts: Record<string, number> = {};
            const add = (key: string, value: number) => {
              counts[key] = (counts[key] ?? 0) + value;
            };
            for (const step of steps) {
              if (step.kind === "submit") {
                await client.query(
                  "select public.record_registration_submission($1, $2)",
                  [step.batchId, step.externalBatchId],
                );
                add("requests_submitted", step.requestIds.length);
                add("batches_submitted", 1);
              } else if (step.kind === "results") {
                await storeResults(client, step, add);
              } else if (step.kind === "portfolio") {
                await storeDiscrepancies(client, step.discrepancies, add);
              } else {
                await enterPortfolio(client, today, add, run.id);
              }
            }

            return counts;
          },
        });

        // Welcome e-mails carry no attachments. Failed ones stay pending
        // for the deliver-emails job and the next run of this one.
        const delivery = await deliverPendingEmails(db, {
          smtp,
          purpose: "welcome",
          loadAttachment: () =>
            Promise.reject(new Error("welcome e-mails have no attachments")),
        });
        await run.update({
          counts: {
            ...run.row.counts,
            welcome_emails_sent: delivery.sent,
            welcome_emails_pending: delivery.failed,
          },
        });

        return { on: today };
      };
    },
    authorize,
  ),
);

async function storeResults(
  client: pg.Client,
  step: Extract<Step, { kind: "results" }>,
  add: (key: string, value: number) => void,
): Promise<void> {
  const byCode = new Map(
    step.results
      .filter((result) => result.batchId === step.externalBatchId)
      .map((result) => [result.meteringPointEic, result]),
  );
  for (const request of step.requests) {
    const result = byCode.get(request.code);
    if (result === undefined) {
      add("results_pending", 1);
      continue;
    }
    await client.query(
      "select public.record_registration_result($1, $2, $3::date, $4, $5)",
      [
        request.id,
        result.approved,
        result.approved ? result.effectiveOn : null,
        result.rejectionReason,
        result.requestId,
      ],
    );
    add(result.approved ? "requests_approved" : "requests_rejected", 1);
  }
}

async function storeDiscrepancies(
  client: pg.Client,
  discrepancies: Discrepancy[],
  add: (key: string, value: number) => void,
): Promise<void> {
  const opened = await client.query(
    `insert into public.registration_discrepancies as d
       (metering_point_code, metering_point_id, field, our_value, market_value)
     select * from unnest($1::text[], $2::uuid[], $3::text[], $4::text[],
       $5::text[])
     on conflict (metering_point_code, field) do update
     set metering_point_id = excluded.metering_point_id,
         our_value = excluded.our_value,
         market_value = excluded.market_value,
         detected_at = case when d.resolved_at is null then d.detected_at
           else now() end,
         resolved_at = null
     where (d.metering_point_id, d.our_value, d.market_value, d.resolved_at)
       is distinct from (excluded.metering_point_id, excluded.our_value,
         excluded.market_value, null)`,
    [
      discrepancies.map((item) => item.code),
      discrepancies.map((item) => item.meteringPointId),
      discrepancies.map((item) => item.field),
      discrepancies.map((item) => item.ourValue),
      discrepancies.map((item) => item.marketValue),
    ],
  );
  const resolved = await client.query(
    `update public.registration_discrepancies
     set resolved_at = now()
     where resolved_at is null
       and (metering_point_code, field) not in (
         select * from unnest($1::text[], $2::text[]))`,
    [
      discrepancies.map((item) => item.code),
      discrepancies.map((item) => item.field),
    ],
  );
  add("discrepancies_flagged", opened.rowCount ?? 0);
  add("discrepancies_resolved", resolved.rowCount ?? 0);
}

// Moves due approvals into the portfolio and queues a welcome e-mail for
// each new customer in the same transaction, so a committed entry always
// has its e-mail queued. The e-mails are delivered after the chunks commit.
async function enterPortfolio(
  client: pg.Client,
  today: string,
  add: (key: string, value: number) => void,
  runId: string,
): Promise<void> {
  const { rows } = await client.query<{
    result: { entered: unknown[]; new_customers: NewCustomer[] };
  }>("select public.enter_portfolio($1::date) as result", [today]);
  const result = rows[0]?.result ?? { entered: [], new_customers: [] };
  add("metering_points_entered", result.entered.length);
  add("new_customers", result.new_customers.length);
  if (result.new_customers.length === 0) {
    return;
  }

  const settings = await client.query<{ email_sender_name: string }>(
    "select email_sender_name from public.organisation_settings limit 1",
  );
  const senderName = settings.rows[0]?.email_sender_name;
  if (senderName === undefined) {
    throw new Error(
      "organisation_settings has no row: set the organisation's e-mail sender",
    );
  }
  for (const customer of result.new_customers) {
    if (!customer.email) {
      console.warn(
        `job run ${runId}: party ${customer.party_id} has no e-mail address, no welcome e-mail sent`,
      );
      add("welcome_emails_without_address", 1);
      continue;
    }
    await client.query(
      `select private.queue_email(
         p_purpose => 'welcome', p_recipient_email => $1, p_subject => $2,
         p_body_text => $3, p_party_id => $4, p_job_run_id => $5,
         p_recipient_name => $6)`,
      [
        customer.email,
        "Hoş geldiniz: portföyümüze katıldınız",
        welcomeText(customer, senderName),
        customer.party_id,
        runId,
        customer.name,
      ],
    );
    add("welcome_emails_queued", 1);
  }
}
