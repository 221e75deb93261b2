// Approvals inbox: offers waiting for a manager's decision, with the rules
// each alternative breaks. Decisions go through the decide_offer RPC, which
// rejects callers other than admins and managers.
import { useTranslate } from "@refinedev/core";
import { Alert, App, Button, Card, Input, List, Space, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { formatRuleValue } from "../../../shared/price-rules.ts";
import { ErrorDescription } from "../errors/error-description.tsx";
import { errorMessage } from "../errors/translate.ts";
import { formatDateTime } from "../format/values.ts";
import { supabase } from "../supabase.ts";
import { useLoader } from "../use-rpc.ts";

type BrokenRule = {
  rule_kind: string;
  limit_value: number | string | null;
  actual_value: number | string | null;
  consequence: string;
};

type Violation = { label: string; kind: string; broken_rules?: BrokenRule[] };

export type PendingApproval = {
  id: string;
  offer_id: string;
  requested_at: string;
  violations: Violation[];
  offer: {
    offer_number: string;
    state: string;
    valid_until: string;
    party: { name: string } | null;
  } | null;
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

async function fetchPending(): Promise<PendingApproval[]> {
  const { data, error } = await supabase
    .from("offer_approvals")
    .select(
      "id,offer_id,requested_at,violations,offer:offer_id(offer_number,state,valid_until,party:party_id(name))",
    )
    .is("decision", null)
    .order("requested_at", { ascending: true });
  if (error) {
    throw error;
  }

  return (data ?? []) as unknown as PendingApproval[];
}

export function ApprovalsPage() {
  const translate = useTranslate();
  const { message } = App.useApp();
  const pending = useLoader(fetchPending, "pending approvals");
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const decide = async (approval: PendingApproval, decision: Decision) => {
    setBusy(approval.id);
    const { error } = await supabase.rpc("decide_offer", {
      p_offer_id: approval.offer_id,
      p_decision: decision,
      p_note: notes[approval.id] ?? null,
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

          return (
            <List.Item key={approval.id}>
              <Space direction="vertical" style={{ width: "100%" }}>
                <Space wrap>
                  <Link to={`/offers/show/${approval.offer_id}`}>
                    <strong>{approval.offer?.offer_number}</strong>
                  </Link>
                  <span>{approval.offer?.party?.name}</span>
                  <Tag>{formatDateTime(approval.requested_at)}</Tag>
                </Space>
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
                  value={notes[approval.id] ?? ""}
                  onChange={(event) =>
                    setNotes({ ...notes, [approval.id]: event.target.value })
                  }
                />
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
