// The customer's offers and contracts. Offers are read through
// customer_offers(), so no cost, profit or rule check reaches the customer,
// and a sent offer can be accepted or rejected here.
import {
  Alert,
  Button,
  Card,
  Input,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTry } from "../../../../shared/money.ts";
import { generateContractDocument } from "../../components/contract-documents.tsx";
import { DemoPricesMark } from "../../components/demo-prices-mark.tsx";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { LoadState } from "../../components/load-state.tsx";
import { describeFailure, type PortalError } from "../../errors.ts";
import { formatDate, formatNumber } from "../../format.ts";
import { useLoad } from "../../load.ts";
import { supabase } from "../../supabase.ts";
import { OFFER_STATE_COLORS } from "../dealer/offers.tsx";

type CustomerAlternative = {
  offer_alternative_id: string;
  label: string;
  consumption_kwh: number | null;
  regulated_bill_try: number | null;
  offer_bill_try: number | null;
  savings_try: number | null;
  uses_demo_prices?: boolean;
  demo_figures?: string[];
};

type CustomerOffer = {
  offer_id: string;
  offer_number: string;
  state: string;
  valid_until: string;
  alternatives: CustomerAlternative[] | null;
};

function money(value: number | null): string {
  return value === null ? "" : formatTry(String(value));
}

export function CustomerOffersPage() {
  const { t } = useTranslation();
  const offers = useLoad(
    () =>
      supabase.rpc("customer_offers").then((result) => ({
        data: result.data as CustomerOffer[] | null,
        error: result.error,
      })),
    [],
  );

  return (
    <Card title={t("offers.title")}>
      <LoadState loaded={offers}>
        {(rows) =>
          rows.length === 0 ? (
            <Typography.Text>{t("common.empty")}</Typography.Text>
          ) : (
            <Space direction="vertical" style={{ width: "100%" }}>
              {rows.map((offer) => (
                <OfferCard
                  key={offer.offer_id}
                  offer={offer}
                  onChange={offers.reload}
                />
              ))}
            </Space>
          )
        }
      </LoadState>
    </Card>
  );
}

function OfferCard({
  offer,
  onChange,
}: {
  offer: CustomerOffer;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const alternatives = offer.alternatives ?? [];
  const [choice, setChoice] = useState(alternatives[0]?.offer_alternative_id);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);
  const [contract, setContract] = useState<string | null>(null);
  const [documentPending, setDocumentPending] = useState(false);

  const respond = async (decision: "accepted" | "rejected") => {
    setBusy(true);
    setError(null);
    const result = await supabase.rpc("respond_to_offer", {
      p_offer_id: offer.offer_id,
      p_offer_alternative_id: decision === "accepted" ? choice : null,
      p_decision: decision,
      p_note: note.trim() || null,
    });
    setBusy(false);
    if (result.error) {
      setError(
        describeFailure(
          (message) => t("common.saveFailed", { message }),
          result.error,
          "accept offer",
        ),
      );

      return;
    }
    const data = result.data as {
      contract_id?: string;
      contract_number?: string;
    } | null;
    if (decision === "accepted" && data?.contract_id) {
      // The contract PDF is made at once, so that it waits under Belgeler.
      // If this fails, the Belgeler page makes it when it is opened.
      setBusy(true);
      await generateContractDocument(data.contract_id).catch(() =>
        setDocumentPending(true),
      );
      setBusy(false);
    }
    setContract(data?.contract_number ?? null);
    onChange();
  };

  return (
    <Card
      type="inner"
      title={<span style={{ whiteSpace: "normal" }}>{offer.offer_number}</span>}
      extra={
        <Tag color={OFFER_STATE_COLORS[offer.state]}>
          {t(`offers.states.${offer.state}`)}
        </Tag>
      }
    >
      <Typography.Paragraph>
        {t("offers.validUntil")}: {formatDate(offer.valid_until)}
      </Typography.Paragraph>
      {contract && (
        <Alert
          type="success"
          style={{ marginBottom: 12 }}
          message={t("offers.contractCreated", { number: contract })}
          description={
            documentPending ? t("contractDocuments.pending") : undefined
          }
        />
      )}
      {error && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <DemoPricesMark results={alternatives} />
      <Table<CustomerAlternative>
        rowKey="offer_alternative_id"
        size="small"
        dataSource={alternatives}
        pagination={false}
        scroll={{ x: "max-content" }}
        rowSelection={
          offer.state === "sent"
            ? {
                type: "radio",
                selectedRowKeys: choice ? [choice] : [],
                onChange: (keys) => setChoice(String(keys[0])),
              }
            : undefined
        }
        columns={[
          { title: t("offers.alternative"), dataIndex: "label" },
          {
            title: t("offers.consumption"),
            dataIndex: "consumption_kwh",
            align: "right",
            render: (value: number | null) =>
              value === null ? "" : `${formatNumber(value)} kWh`,
          },
          {
            title: t("offers.regulatedBill"),
            dataIndex: "regulated_bill_try",
            align: "right",
            render: money,
          },
          {
            title: t("offers.bill"),
            dataIndex: "offer_bill_try",
            align: "right",
            render: money,
          },
          {
            title: t("offers.savings"),
            dataIndex: "savings_try",
            align: "right",
            render: money,
          },
        ]}
      />
      {offer.state === "sent" && (
        <Space direction="vertical" style={{ width: "100%", marginTop: 12 }}>
          <Input.TextArea
            aria-label={t("offers.note")}
            placeholder={t("offers.note")}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            maxLength={2000}
            rows={2}
          />
          <Space wrap>
            {/* Accepting creates a contract, so it needs a confirmation. */}
            <Popconfirm
              title={t("offers.acceptConfirm")}
              description={t("offers.acceptConfirmDetail")}
              okText={t("offers.acceptConfirmOk")}
              cancelText={t("offers.acceptConfirmCancel")}
              disabled={!choice || busy}
              onConfirm={() => respond("accepted")}
            >
              <Button type="primary" loading={busy} disabled={!choice}>
                {t("offers.accept")}
              </Button>
            </Popconfirm>
            {/* Rejecting is final, so it needs a confirmation too. */}
            <Popconfirm
              title={t("salesMarks.rejectConfirm")}
              description={t("salesMarks.rejectConfirmDetail")}
              okText={t("salesMarks.rejectConfirmOk")}
              cancelText={t("salesMarks.rejectConfirmCancel")}
              okButtonProps={{ danger: true }}
              disabled={busy}
              onConfirm={() => respond("rejected")}
            >
              <Button danger loading={busy}>
                {t("offers.reject")}
              </Button>
            </Popconfirm>
          </Space>
        </Space>
      )}
    </Card>
  );
}

type ContractRow = {
  id: string;
  contract_number: string;
  state: string;
  start_date: string | null;
  end_date: string | null;
  contract_value_try: number | string | null;
};

export function ContractsPage() {
  const { t } = useTranslation();
  const contracts = useLoad(
    () =>
      supabase
        .from("contracts")
        .select(
          "id, contract_number, state, start_date, end_date, contract_value_try",
        )
        .order("created_at", { ascending: false })
        .returns<ContractRow[]>(),
    [],
  );

  return (
    <Card title={t("contracts.title")}>
      <LoadState loaded={contracts}>
        {(rows) => (
          <Table<ContractRow>
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("common.empty") }}
            columns={[
              { title: t("contracts.number"), dataIndex: "contract_number" },
              {
                title: t("offers.state"),
                dataIndex: "state",
                render: (value: string) => t(`contracts.states.${value}`),
              },
              {
                title: t("contracts.start"),
                dataIndex: "start_date",
                render: (value: string | null) => formatDate(value),
              },
              {
                title: t("contracts.end"),
                dataIndex: "end_date",
                render: (value: string | null) => formatDate(value),
              },
              {
                title: t("contracts.value"),
                dataIndex: "contract_value_try",
                align: "right",
                render: (value: ContractRow["contract_value_try"]) =>
                  value === null ? "" : formatTry(String(value)),
              },
            ]}
          />
        )}
      </LoadState>
    </Card>
  );
}
