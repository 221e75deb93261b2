// The offer show page's own part. It lists the alternatives of the current
// revision with their price terms, stored pricing results and chart, and
// marks the one the customer accepted. It shows the state history with the
// approvers' notes. Its actions are "PDF önizleme" (send-offer with preview,
// shown in a new tab), "PDF indir" (the same PDF saved as a file), "Gönder"
// (send-offer) once approved, and "Yeni revizyon" (revise_offer).
import { useGetLocale, useInvalidate, useTranslate } from "@refinedev/core";
import {
  Alert,
  App,
  Button,
  Card,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { translateSystemNote } from "../../../shared/system-notes.ts";
import { env } from "../env.ts";
import { ErrorDescription } from "../errors/error-description.tsx";
import { formatAlternativeTerms } from "../format/price-terms.ts";
import { formatDateTime } from "../format/values.ts";
import { downloadPdf, openPdfTab, showPdf } from "../pdf.ts";
import { supabase } from "../supabase.ts";
import { loadErrorText, useLoader } from "../use-rpc.ts";
import { DemoPricesMark } from "./demo-prices-mark.tsx";
import {
  BillsChart,
  type PricingResult,
  TotalsTable,
} from "./offer-builder.tsx";

type OfferDetails = {
  offer: { id: string; offer_number: string; state: string };
  // The result is missing only for rows written outside the pricing RPCs.
  alternatives: {
    id: string;
    label: string;
    kind: string;
    parameters: unknown;
    pricing_result: PricingResult | null;
  }[];
  // The alternative of the offer's contract: the one the customer accepted
  // (respond_to_offer), or null while there is no contract.
  acceptedAlternativeId: string | null;
  history: {
    id: number;
    from_state: string | null;
    to_state: string;
    note: string | null;
    changed_at: string;
  }[];
  approvals: {
    id: string;
    decision: string | null;
    note: string | null;
    decided_at: string | null;
  }[];
  recipient: Recipient | null;
};

type Recipient = { name: string; email: string };

// The states revise_offer takes an offer from back to draft. A draft is
// edited as it is, and an accepted or contracted offer is not revised.
const REVISABLE_STATES: ReadonlySet<string> = new Set([
  "awaiting_approval",
  "approved",
  "sent",
  "rejected",
  "expired",
]);

// Returns whom send-offer e-mails: the party's primary contact with an
// e-mail address (else its oldest such contact), else the party's own
// address. send-offer chooses the same way (functions/send-offer).
async function loadRecipient(partyId: string): Promise<Recipient | null> {
  const [contacts, party] = await Promise.all([
    supabase
      .from("party_contacts")
      .select("full_name, email")
      .eq("party_id", partyId)
      .not("email", "is", null)
      .order("is_primary", { ascending: false })
      .order("created_at")
      .limit(1),
    supabase.from("parties").select("name, email").eq("id", partyId).single(),
  ]);
  const failed = contacts.error ?? party.error;
  if (failed) {
    throw new Error(failed.message);
  }
  const contact = contacts.data?.[0];
  if (contact?.email) {
    return { name: contact.full_name, email: contact.email };
  }

  return party.data?.email
    ? { name: party.data.name, email: party.data.email }
    : null;
}

async function loadDetails(offerId: string): Promise<OfferDetails> {
  const offer = await supabase
    .from("offers")
    .select("id, offer_number, state, current_revision_no, party_id")
    .eq("id", offerId)
    .single();
  if (offer.error) {
    throw offer.error;
  }
  const revision = await supabase
    .from("offer_revisions")
    .select("id")
    .eq("offer_id", offerId)
    .eq("revision_no", offer.data.current_revision_no)
    .single();
  if (revision.error) {
    throw revision.error;
  }
  const [alternatives, history, approvals, contract, recipient] =
    await Promise.all([
      supabase
        .from("offer_alternatives")
        .select("id, label, kind, parameters, pricing_result")
        .eq("offer_revision_id", revision.data.id)
        .order("position"),
      supabase
        .from("offer_state_changes")
        .select("id, from_state, to_state, note, changed_at")
        .eq("offer_id", offerId)
        .order("changed_at"),
      supabase
        .from("offer_approvals")
        .select("id, decision, note, decided_at")
        .eq("offer_id", offerId)
        .order("requested_at"),
      supabase
        .from("contracts")
        .select("offer_alternative_id")
        .eq("offer_id", offerId)
        .maybeSingle(),
      loadRecipient(offer.data.party_id),
    ]);
  const failed =
    alternatives.error ?? history.error ?? approvals.error ?? contract.error;
  if (failed) {
    throw new Error(failed.message);
  }

  return {
    offer: offer.data,
    alternatives: alternatives.data ?? [],
    history: history.data ?? [],
    approvals: approvals.data ?? [],
    acceptedAlternativeId: contract.data?.offer_alternative_id ?? null,
    recipient,
  };
}

// Calls send-offer with the signed-in user's token; returns the response
// or throws with the function's error message.
async function callSendOffer(body: Record<string, unknown>): Promise<Response> {
  const { data } = await supabase.auth.getSession();
  const response = await fetch(`${env.SUPABASE_URL}/functions/v1/send-offer`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${data.session?.access_token ?? ""}`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const failure = (await response.json().catch(() => ({}))) as {
      error?: string;
    };
    throw new Error(failure.error ?? `send-offer failed (${response.status})`);
  }

  return response;
}

export function OfferActions({ offerId }: { offerId: string }) {
  const translate = useTranslate();
  const language = useGetLocale()() === "en" ? "en" : "tr";
  const { message } = App.useApp();
  const details = useLoader(() => loadDetails(offerId), offerId);
  const [busy, setBusy] = useState<string | null>(null);
  const invalidate = useInvalidate();

  async function run(action: string, work: () => Promise<void>) {
    setBusy(action);
    try {
      await work();
      details.reload();
      // Sending and revising change the offer's state, which the show
      // page above these actions displays from its own query.
      if (action === "send" || action === "revise") {
        await invalidate({
          resource: "offers",
          invalidates: ["detail", "list"],
          id: offerId,
        });
      }
    } catch (error) {
      void message.error(
        <ErrorDescription message={loadErrorText(error, action)} />,
      );
    } finally {
      setBusy(null);
    }
  }

  const fileName = `${details.data?.offer.offer_number ?? offerId}.pdf`;
  const renderPdf = async () => {
    const response = await callSendOffer({ offer_id: offerId, preview: true });

    return response.blob();
  };
  const preview = () => {
    const tab = openPdfTab();

    return run("preview", async () => {
      try {
        showPdf(tab, await renderPdf(), fileName);
      } catch (error) {
        tab?.close();
        throw error;
      }
    });
  };
  const download = () =>
    run("download", async () => downloadPdf(await renderPdf(), fileName));
  const send = () =>
    run("send", async () => {
      const response = await callSendOffer({ offer_id: offerId });
      // 202: the offer is sent and its e-mail is queued for a retry.
      if (response.status === 202) {
        void message.warning(translate("offer_actions.sentEmailPending"));
      } else {
        void message.success(translate("offer_actions.sent"));
      }
    });
  const revise = () =>
    run("revise", async () => {
      const { error } = await supabase.rpc("revise_offer", {
        p_input: { offer_id: offerId },
      });
      if (error) {
        throw error;
      }
    });

  if (details.error) {
    return (
      <Alert
        type="error"
        message={<ErrorDescription message={details.error} />}
      />
    );
  }
  const data = details.data;
  if (!data) {
    return null;
  }
  const state = data.offer.state;

  return (
    <Space direction="vertical" style={{ width: "100%", marginTop: 16 }}>
      <Space wrap>
        <Button
          data-testid="offer-preview-pdf"
          loading={busy === "preview"}
          onClick={preview}
        >
          {translate("offer_actions.preview")}
        </Button>
        <Button
          data-testid="offer-download-pdf"
          loading={busy === "download"}
          onClick={download}
        >
          {translate("offer_actions_pdf.download")}
        </Button>
        {state === "approved" ? (
          // Sending e-mails the customer, so it needs a confirmation.
          <Popconfirm
            title={translate("offer_actions.send_confirm")}
            description={
              <>
                <div>{translate("offer_actions.send_confirm_detail")}</div>
                <div data-testid="offer-send-recipient">
                  {data.recipient
                    ? translate("offer_send.recipient", data.recipient)
                    : translate("offer_send.no_recipient")}
                </div>
              </>
            }
            okText={translate("offer_actions.send_confirm_ok")}
            cancelText={translate("offer_actions.send_confirm_cancel")}
            disabled={busy !== null}
            onConfirm={send}
          >
            <Button
              type="primary"
              data-testid="offer-send"
              loading={busy === "send"}
            >
              {translate("offer_actions.send")}
            </Button>
          </Popconfirm>
        ) : null}
        {REVISABLE_STATES.has(state) ? (
          <Button
            data-testid="offer-revise"
            loading={busy === "revise"}
            onClick={revise}
          >
            {translate("offer_actions.revise")}
          </Button>
        ) : null}
      </Space>
      <DemoPricesMark
        testId="offer-demo-prices"
        results={data.alternatives.map(
          (alternative) => alternative.pricing_result,
        )}
      />
      <Card title={translate("offer_builder.alternatives")}>
        {data.alternatives.map((alternative, index) => (
          <div key={alternative.id}>
            <Typography.Title level={5}>
              {alternative.label}
              {alternative.id === data.acceptedAlternativeId ? (
                <Tag
                  color="green"
                  style={{ marginLeft: 8 }}
                  data-testid={`offer-alternative-accepted-${index + 1}`}
                >
                  {translate("offer_actions.accepted")}
                </Tag>
              ) : null}
            </Typography.Title>
            <Typography.Paragraph
              data-testid={`offer-alternative-terms-${index + 1}`}
            >
              {formatAlternativeTerms(
                alternative.kind,
                alternative.parameters,
                (key, fallback) => translate(key, {}, fallback),
              )}
            </Typography.Paragraph>
            {alternative.pricing_result ? (
              <TotalsTable
                result={alternative.pricing_result}
                testId={index + 1}
              />
            ) : (
              <Typography.Text type="secondary">
                {translate("offer_actions.no_result")}
              </Typography.Text>
            )}
          </div>
        ))}
        <BillsChart
          alternatives={data.alternatives.flatMap((alternative) =>
            alternative.pricing_result
              ? [
                  {
                    label: alternative.label,
                    result: alternative.pricing_result,
                  },
                ]
              : [],
          )}
        />
      </Card>
      <Card title={translate("offer_actions.history")}>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={data.history}
          columns={[
            {
              title: translate("offer_actions.changed_at"),
              render: (_, row) => formatDateTime(row.changed_at),
            },
            {
              title: translate("offer_actions.state"),
              render: (_, row) =>
                translate(`enums.${row.to_state}`, {}, row.to_state),
            },
            {
              title: translate("offer_actions.note"),
              dataIndex: "note",
              render: (note: string | null) =>
                note ? translateSystemNote(note, language) : null,
            },
          ]}
        />
        {data.approvals
          .filter((approval) => approval.note)
          .map((approval) => (
            <Alert
              key={approval.id}
              style={{ marginTop: 8 }}
              type="info"
              message={`${translate("offer_actions.approver_note")}: ${translateSystemNote(approval.note ?? "", language)}`}
            />
          ))}
      </Card>
    </Space>
  );
}
