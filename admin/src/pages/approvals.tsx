// Approvals inbox: offers waiting for a manager's decision, with each
// alternative's price terms and offer bill and the rules it breaks. Decisions go through the decide_offer RPC, which
// rejects callers other than admins and managers.
import { useTranslate } from "@refinedev/core";
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  List,
  Space,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { Link } from "react-router";
import {
  divideDecimals,
  formatDecimal,
  formatTry,
} from "../../../shared/money.ts";
import { formatRuleValue } from "../../../shared/price-rules.ts";
import { ErrorDescription } from "../errors/error-description.tsx";
import { errorMessage } from "../errors/translate.ts";
import { formatAlternativeTerms } from "../format/price-terms.ts";
import { decimalString, formatDateTime } from "../format/values.ts";
import { supabase } from "../supabase.ts";
import { useLoader } from "../use-rpc.ts";

type BrokenRule = {
  rule_kind: string;
  limit_value: number | string | null;
  actual_value: number | string | null;
  consequence: string;
};

type Violation = { label: string; kind: string; broken_rules?: BrokenRule[] };

type AlternativeSummary = {
  label: string;
  position: number;
  kind: string;
  parameters: unknown;
  consumption_kwh: number | string | null;
  offer_bill_try: number | string | null;
};

export type PendingApproval = {
  id: string;
  offer_id: string;
  requested_at: string;
  requested_by: string | null;
  violations: Violation[];
  offer: {
    offer_number: string;
    state: string;
    valid_until: string;
    party: { name: string } | null;
    dealer: { name: string } | null;
  } | null;
  revision: { alternatives: AlternativeSummary[] } | null;
  // Staff member who submitted the offer; null for a dealer user.
  requester_name: string | null;
};

type Decision = "approved" | "rejected" | "sent_back";

// Returns the labels of the alternatives that break a rule whose
// consequence is "rejected", because decide_offer does not approve such an
// offer. Only seeded offers and offers submitted before submit_offer
// blocked these breaks can wait for approval with one.
function rejectedAlternatives(approval: PendingApproval): string[] {
  return (approval.violations ?? [])
    .filter((violation) =>
      (violation.broken_rules ?? []).some(
        (rule) => rule.consequence === "rejected",
      ),
    )
    .map((violation) => violation.label);
}

// The note decide_offer needs: sending back and rejecting tell the seller
// why.
const NOTE_REQUIRED: ReadonlySet<Decision> = new Set(["sent_back", "rejected"]);

async function fetchPending(): Promise<PendingApproval[]> {
  const { data, error } = await supabase
    .from("offer_approvals")
    .select(
      "id,offer_id,requested_at,requested_by,violations," +
        "offer:offer_id(offer_number,state,valid_until,party:party_id(name)," +
        "dealer:dealer_id(name))," +
        "revision:offer_revision_id(alternatives:offer_alternatives(" +
        "label,position,kind,parameters,consumption_kwh,offer_bill_try))",
    )
    .is("decision", null)
    .order("requested_at", { ascending: true });
  if (error) {
    throw error;
  }
  const approvals = (data ?? []) as unknown as PendingApproval[];

  // requested_by is the submitter's login; staff logins are found through
  // staff.user_id, while a dealer user's offer names its dealer.
  const userIds = [
    ...new Set(approvals.flatMap((row) => row.requested_by ?? [])),
  ];
  const names = new Map<string, string>();
  if (userIds.length > 0) {
    const staff = await supabase
      .from("staff")
      .select("user_id,full_name")
      .in("user_id", userIds);
    if (staff.error) {
      throw staff.error;
    }
    for (const row of staff.data ?? []) {
      names.set(String(row.user_id), String(row.full_name));
    }
  }

  return approvals.map((approval) => ({
    ...approval,
    requester_name: names.get(approval.requested_by ?? "") ?? null,
  }));
}

// Returns who submitted the offer, or null when neither a staff member nor
// a dealer is known.
function requesterText(
  approval: PendingApproval,
  translate: (key: string, options?: Record<string, unknown>) => string,
): string | null {
  if (approval.requester_name) {
    return translate("approvals_details.requested_by", {
      name: approval.requester_name,
    });
  }
  const dealer = approval.offer?.dealer?.name;

  return dealer
    ? translate("approvals_details.requested_by_dealer", { name: dealer })
    : null;
}

function sortedAlternatives(approval: PendingApproval): AlternativeSummary[] {
  return [...(approval.revision?.alternatives ?? [])].sort(
    (a, b) => a.position - b.position,
  );
}

// Returns the revision's consumption in MWh, or null when it is not stored.
function consumptionText(
  approval: PendingApproval,
  translate: (key: string, options?: Record<string, unknown>) => string,
): string | null {
  // Every alternative of a revision prices the same consumption.
  const kwh = decimalString(sortedAlternatives(approval)[0]?.consumption_kwh);
  if (kwh === null) {
    return null;
  }
  const mwh = formatDecimal(divideDecimals(kwh, "1000", 3), 3);

  return translate("approvals_details.consumption", { mwh });
}

// Returns an alternative's price terms and, when stored, its offer bill
// over the offer period: "Düzenlenmiş tarifeden indirim: %10,00 · Teklif
// faturası: 1.234,56 ₺".
function alternativeText(
  alternative: AlternativeSummary,
  translate: (
    key: string,
    options?: Record<string, unknown>,
    fallback?: string,
  ) => string,
): string {
  const terms = formatAlternativeTerms(
    alternative.kind,
    alternative.parameters,
    (key, fallback) => translate(key, {}, fallback),
  );
  const bill = decimalString(alternative.offer_bill_try);

  return bill === null
    ? terms
    : `${terms} · ${translate("approvals_details.offer_bill")}: ${formatTry(bill)}`;
}

export function ApprovalsPage() {
  const translate = useTranslate();
  const { message } = App.useApp();
  const pending = useLoader(fetchPending, "pending approvals");
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  // Approvals whose send back or rejection lacked a note.
  const [missingNote, setMissingNote] = useState<ReadonlySet<string>>(
    new Set(),
  );

  const decide = async (approval: PendingApproval, decision: Decision) => {
    const note = (notes[approval.id] ?? "").trim();
    if (NOTE_REQUIRED.has(decision) && note === "") {
      setMissingNote(new Set(missingNote).add(approval.id));

      return;
    }
    setBusy(approval.id);
    const { error } = await supabase.rpc("decide_offer", {
      p_offer_id: approval.offer_id,
      p_decision: decision,
      p_note: note === "" ? null : note,
    });
    setBusy(null);
    if (error) {
      void message.error(
        translate("approvals.failed", {
          message: errorMessage(error, "decide_offer"),
        }),
      );

      return;
    }
    void message.success(translate(`approvals.done.${decision}`));
    pending.reload();
  };

  return (
    <Card title={translate("approvals.title")}>
      {pending.error ? (
        <Alert
          type="error"
          showIcon
          message={translate("approvals.loadError")}
          description={<ErrorDescription message={pending.error} />}
        />
      ) : null}
      <List<PendingApproval>
        loading={pending.loading}
        dataSource={pending.data ?? []}
        locale={{ emptyText: translate("approvals.empty") }}
        renderItem={(approval) => {
          const rejected = rejectedAlternatives(approval);
          const requester = requesterText(approval, translate);
          const consumption = consumptionText(approval, translate);
          const noteMissing = missingNote.has(approval.id);

          return (
            <List.Item key={approval.id}>
              <Space direction="vertical" style={{ width: "100%" }}>
                <Space wrap>
                  <Link to={`/offers/show/${approval.offer_id}`}>
                    <strong>{approval.offer?.offer_number}</strong>
                  </Link>
                  <span>{approval.offer?.party?.name}</span>
                  <Tag>{formatDateTime(approval.requested_at)}</Tag>
                  {requester ? <span>{requester}</span> : null}
                </Space>
                {consumption ? <div>{consumption}</div> : null}
                {sortedAlternatives(approval).map((alternative) => (
                  <div
                    key={alternative.position}
                    data-testid={`approval-alternative-${alternative.position}`}
                  >
                    <strong>{alternative.label}</strong> —{" "}
                    {alternativeText(alternative, translate)}
                  </div>
                ))}
                {(approval.violations ?? []).map((violation) => (
                  <div key={`${approval.id}-${violation.label}`}>
                    <em>{violation.label}</em>:{" "}
                    {(violation.broken_rules ?? []).map((rule) => (
                      <Tag
                        key={rule.rule_kind}
                        color={
                          rule.consequence === "rejected" ? "red" : "orange"
                        }
                      >
                        {translate(`enums.${rule.rule_kind}`, rule.rule_kind)} (
                        {translate("approvals.limit")}{" "}
                        {formatRuleValue(rule.rule_kind, rule.limit_value)},{" "}
                        {translate("approvals.actual")}{" "}
                        {formatRuleValue(rule.rule_kind, rule.actual_value)})
                      </Tag>
                    ))}
                  </div>
                ))}
                {rejected.length > 0 ? (
                  <Alert
                    type="error"
                    showIcon
                    message={translate("offer_marks.approval_blocked", {
                      alternatives: rejected.join(", "),
                    })}
                  />
                ) : null}
                <Input
                  aria-label={translate("approvals.note")}
                  placeholder={translate("approvals.note")}
                  status={noteMissing ? "error" : undefined}
                  value={notes[approval.id] ?? ""}
                  onChange={(event) => {
                    setNotes({ ...notes, [approval.id]: event.target.value });
                    if (noteMissing) {
                      const next = new Set(missingNote);
                      next.delete(approval.id);
                      setMissingNote(next);
                    }
                  }}
                />
                {noteMissing ? (
                  <Typography.Text type="danger" role="alert">
                    {translate("approvals_details.note_required")}
                  </Typography.Text>
                ) : null}
                <Space>
                  <Button
                    type="primary"
                    loading={busy === approval.id}
                    disabled={rejected.length > 0}
                    onClick={() => void decide(approval, "approved")}
                  >
                    {translate("approvals.approve")}
                  </Button>
                  <Button
                    loading={busy === approval.id}
                    onClick={() => void decide(approval, "sent_back")}
                  >
                    {translate("approvals.sendBack")}
                  </Button>
                  <Button
                    danger
                    loading={busy === approval.id}
                    onClick={() => void decide(approval, "rejected")}
                  >
                    {translate("approvals.reject")}
                  </Button>
                </Space>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
