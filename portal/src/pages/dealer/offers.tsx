// The dealer's offers: the list and one offer with its latest revision's
// alternatives, the approver's decision and note, and submission for
// approval. Offers are created and priced by the same RPCs as in the admin.
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Result,
  Space,
  Table,
  Tag,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { formatTry } from "../../../../shared/money.ts";
import { translateSystemNote } from "../../../../shared/system-notes.ts";
import {
  type BrokenRule,
  BrokenRules,
} from "../../components/broken-rules.tsx";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { LoadState } from "../../components/load-state.tsx";
import { describeFailure, type PortalError } from "../../errors.ts";
import { formatDate, formatDateTime, formatNumber } from "../../format.ts";
import { isUuid, useLoad } from "../../load.ts";
import { supabase } from "../../supabase.ts";
import { OfferRevisionEditor } from "./offer-revision.tsx";

export const OFFER_STATE_COLORS: Record<string, string> = {
  draft: "default",
  awaiting_approval: "orange",
  approved: "green",
  sent: "blue",
  accepted: "green",
  rejected: "red",
  expired: "default",
  contracted: "purple",
};

type OfferRow = {
  id: string;
  offer_number: string;
  state: string;
  valid_until: string;
  current_revision_no: number;
  parties: { name: string } | null;
};

export function OffersPage() {
  const { t } = useTranslation();
  const offers = useLoad(
    () =>
      supabase
        .from("offers")
        .select(
          "id, offer_number, state, valid_until, current_revision_no, parties!offers_party_id_fkey(name)",
        )
        .order("created_at", { ascending: false })
        .limit(200)
        .returns<OfferRow[]>(),
    [],
  );

  return (
    <Card
      title={t("offers.title")}
      extra={<Link to="/offers/new">{t("offerForm.new")}</Link>}
    >
      <LoadState loaded={offers}>
        {(rows) => (
          <Table<OfferRow>
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("common.empty") }}
            columns={[
              {
                title: t("offers.number"),
                dataIndex: "offer_number",
                render: (value: string, row) => (
                  <Link to={`/offers/${row.id}`}>{value}</Link>
                ),
              },
              {
                title: t("requests.party"),
                key: "party",
                render: (_, row) => row.parties?.name ?? "",
              },
              {
                title: t("offers.state"),
                dataIndex: "state",
                render: (value: string) => (
                  <Tag color={OFFER_STATE_COLORS[value]}>
                    {t(`offers.states.${value}`)}
                  </Tag>
                ),
              },
              {
                title: t("offers.validUntil"),
                dataIndex: "valid_until",
                render: (value: string) => formatDate(value),
              },
            ]}
          />
        )}
      </LoadState>
    </Card>
  );
}

type OfferDetail = OfferRow & {
  offer_revisions: Array<{
    id: string;
    revision_no: number;
    offer_alternatives: Array<{
      id: string;
      position: number;
      label: string;
      kind: string;
      parameters: Record<string, number | string> | null;
      breaks_rules: boolean;
      rule_check: { broken_rules?: BrokenRule[] } | null;
      consumption_kwh: number | string | null;
      offer_bill_try: number | string | null;
      savings_try: number | string | null;
      // The contract made when the customer accepted this alternative:
      // one at most, since an offer has one contract.
      contracts: Array<{ id: string }>;
    }>;
  }>;
  offer_approvals: Array<{
    id: string;
    offer_revision_id: string;
    decision: string | null;
    note: string | null;
    requested_at: string;
    decided_at: string | null;
  }>;
};

type Alternative =
  OfferDetail["offer_revisions"][number]["offer_alternatives"][number];

export function OfferDetailPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id } = useParams();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);
  const offer = useLoad(
    () =>
      isUuid(id)
        ? supabase
            .from("offers")
            .select(
              "id, offer_number, state, valid_until, current_revision_no, parties!offers_party_id_fkey(name), offer_revisions!offer_revisions_offer_id_fkey(id, revision_no, offer_alternatives(id, position, label, kind, parameters, breaks_rules, rule_check, consumption_kwh, offer_bill_try, savings_try, contracts(id))), offer_approvals(id, offer_revision_id, decision, note, requested_at, decided_at)",
            )
            .eq("id", id)
            .maybeSingle<OfferDetail>()
        : Promise.resolve({ data: null, error: null }),
    [id],
  );

  if (!offer.loading && !offer.error && !offer.data) {
    return <Result status="404" title={t("offers.notFound")} />;
  }

  const submit = async (offerId: string) => {
    setSubmitting(true);
    setError(null);
    const result = await supabase.rpc("submit_offer", { p_offer_id: offerId });
    setSubmitting(false);
    if (result.error) {
      setError(
        describeFailure(
          (message) => t("common.saveFailed", { message }),
          result.error,
          "offer action",
        ),
      );

      return;
    }
    message.success(t("offers.submitted"));
    offer.reload();
  };

  return (
    <LoadState loaded={offer}>
      {(row) => {
        const revision = [...row.offer_revisions].sort(
          (a, b) => b.revision_no - a.revision_no,
        )[0];
        const alternatives = [...(revision?.offer_alternatives ?? [])].sort(
          (a, b) => a.position - b.position,
        );
        const approval = [...row.offer_approvals].sort((a, b) =>
          b.requested_at.localeCompare(a.requested_at),
        )[0];
        // Head office approved the alternatives shown, so those that break
        // a rule no longer wait for approval.
        const approvalGranted =
          approval?.decision === "approved" &&
          approval.offer_revision_id === revision?.id;

        return (
          <Card
            title={row.offer_number}
            extra={
              <Tag color={OFFER_STATE_COLORS[row.state]}>
                {t(`offers.states.${row.state}`)}
              </Tag>
            }
          >
            {error && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t("requests.party")}>
                {row.parties?.name}
              </Descriptions.Item>
              <Descriptions.Item label={t("offers.validUntil")}>
                {formatDate(row.valid_until)}
              </Descriptions.Item>
              <Descriptions.Item label={t("offers.revision")}>
                {row.current_revision_no}
              </Descriptions.Item>
            </Descriptions>
            {approval && (
              <Alert
                style={{ margin: "12px 0" }}
                type={
                  approval.decision === "approved"
                    ? "success"
                    : approval.decision
                      ? "warning"
                      : "info"
                }
                message={
                  approval.decision
                    ? t(`offers.decisions.${approval.decision}`)
                    : t("offers.pendingApproval")
                }
                description={
                  approval.decision
                    ? `${formatDateTime(approval.decided_at)}${approval.note ? ` · ${translateSystemNote(approval.note, i18n.language === "en" ? "en" : "tr")}` : ""}`
                    : undefined
                }
              />
            )}
            <Table<Alternative>
              rowKey="id"
              size="small"
              dataSource={alternatives}
              pagination={false}
              scroll={{ x: "max-content" }}
              columns={[
                {
                  title: t("offers.alternative"),
                  dataIndex: "label",
                  render: (label: string, alternative: Alternative) => (
                    <Space wrap size={4}>
                      {label}
                      {alternative.contracts.length > 0 && (
                        <Tag color="green">
                          {t("offers.acceptedAlternative")}
                        </Tag>
                      )}
                    </Space>
                  ),
                },
                {
                  title: t("offers.consumption"),
                  dataIndex: "consumption_kwh",
                  align: "right",
                  render: (value: Alternative["consumption_kwh"]) =>
                    value === null ? "" : `${formatNumber(value)} kWh`,
                },
                {
                  title: t("offers.bill"),
                  dataIndex: "offer_bill_try",
                  align: "right",
                  render: (value: Alternative["offer_bill_try"]) =>
                    value === null ? "" : formatTry(String(value)),
                },
                {
                  title: t("offers.savings"),
                  dataIndex: "savings_try",
                  align: "right",
                  render: (value: Alternative["savings_try"]) =>
                    value === null ? "" : formatTry(String(value)),
                },
                {
                  title: t("offers.rules"),
                  key: "rules",
                  render: (_: unknown, alternative: Alternative) =>
                    alternative.breaks_rules ? (
                      <>
                        {approvalGranted ? (
                          <Tag color="green">
                            {t("offers.approvedByHeadOffice")}
                          </Tag>
                        ) : (
                          <Tag color="orange">{t("offers.needsApproval")}</Tag>
                        )}
                        <BrokenRules
                          rules={alternative.rule_check?.broken_rules ?? []}
                          approvalGranted={approvalGranted}
                        />
                      </>
                    ) : (
                      <Tag color="green">{t("offers.withinRules")}</Tag>
                    ),
                },
              ]}
            />
            {row.state === "draft" &&
              approval?.decision === "sent_back" &&
              revision && (
                <OfferRevisionEditor
                  key={revision.id}
                  offerId={row.id}
                  alternatives={alternatives}
                  newRevision={approval.offer_revision_id === revision.id}
                  onSaved={offer.reload}
                />
              )}
            {row.state === "draft" && (
              <Space style={{ marginTop: 12 }}>
                <Button
                  type="primary"
                  loading={submitting}
                  onClick={() => void submit(row.id)}
                >
                  {t("offers.submit")}
                </Button>
              </Space>
            )}
          </Card>
        );
      }}
    </LoadState>
  );
}
