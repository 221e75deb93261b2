// The customer's offers and contracts. Offers are read through
// customer_offers(), so no cost, profit or rule check reaches the customer.
// A sent offer can be accepted with one of its alternatives, chosen by its
// row, or rejected here, and its PDF downloaded. The alternative the
// customer accepted is the one its contract names.
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { type KeyboardEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { divideDecimals, formatTry } from "../../../../shared/money.ts";
import { generateContractDocument } from "../../components/contract-documents.tsx";
import { DemoPricesMark } from "../../components/demo-prices-mark.tsx";
import { ErrorAlert, ErrorDescription } from "../../components/error-alert.tsx";
import { LoadState } from "../../components/load-state.tsx";
import { describeFailure, type PortalError } from "../../errors.ts";
import { formatDate, formatNumber } from "../../format.ts";
import { useLoad } from "../../load.ts";
import { supabase } from "../../supabase.ts";
import { OFFER_STATE_COLORS } from "../dealer/offers.tsx";

// The bucket of offer PDFs, stored by send-offer as
// offers/<offer id>/r<revision no>/offer.pdf and comparison.pdf. Its select
// policy lets a customer user read the files of the offers customer_offers
// returns.
const OFFER_BUCKET = "offer-documents";

const OFFER_DOCUMENT_KINDS = ["offer", "comparison"] as const;

type OfferDocumentKind = (typeof OFFER_DOCUMENT_KINDS)[number];

// The file names' endings, the same as those of the offer e-mail's attachments.
const PDF_FILE_SUFFIXES: Record<OfferDocumentKind, string> = {
  offer: "teklif",
  comparison: "karsilastirma",
};

type AlternativeKind = "discount" | "fixed_price" | "ptf_indexed";

// The price terms of an alternative, as create_offer stored them.
type PriceParameters = {
  discount_pct?: number;
  unit_price_try_per_kwh?: number;
  margin_try_per_mwh?: number;
  coefficient?: number;
};

type CustomerAlternative = {
  offer_alternative_id: string;
  label: string;
  kind: AlternativeKind;
  parameters: PriceParameters | null;
  consumption_kwh: number | null;
  regulated_bill_try: number | null;
  offer_bill_try: number | null;
  savings_try: number | null;
  uses_demo_prices?: boolean;
  demo_figures?: string[];
  months: { month: string }[] | null;
};

type CustomerOffer = {
  offer_id: string;
  offer_number: string;
  state: string;
  valid_until: string;
  revision_no: number;
  alternatives: CustomerAlternative[] | null;
  // For a sent offer, the first metering point that another contract still
  // covers, which keeps the offer from being accepted. Null otherwise.
  taken_metering_point_code: string | null;
  taken_by_contract_number: string | null;
};

// The contract made when the customer accepted an offer's alternative.
type OfferContract = { offer_id: string; offer_alternative_id: string };

function money(value: number | null): string {
  return value === null ? "" : formatTry(String(value));
}

/**
 * Formats a price term the Turkish way with `minDigits` to `maxDigits`
 * fraction digits, so that 5.3 TL/kWh reads 5,30 and 12.5 % reads 12,5.
 */
function formatTerm(value: number, minDigits: number, maxDigits: number) {
  const text = formatNumber(value, maxDigits);
  const comma = text.indexOf(",");
  if (comma < 0) {
    return text;
  }
  let end = text.length;
  while (end > comma + 1 + minDigits && text[end - 1] === "0") {
    end -= 1;
  }

  return text.slice(0, end === comma + 1 ? comma : end);
}

/** Describes an alternative's price terms, such as "5,30 TL/kWh". */
function usePriceTerms(): (alternative: CustomerAlternative) => string {
  const { t } = useTranslation();

  return (alternative) => {
    const parameters = alternative.parameters ?? {};
    switch (alternative.kind) {
      case "discount":
        return t("offers.terms.discount", {
          value: formatTerm(parameters.discount_pct ?? 0, 0, 2),
        });
      case "fixed_price":
        return t("offers.terms.fixed_price", {
          value: formatTerm(parameters.unit_price_try_per_kwh ?? 0, 2, 4),
        });
      case "ptf_indexed":
        return parameters.coefficient !== undefined
          ? t("offers.terms.ptf_coefficient", {
              value: formatTerm(parameters.coefficient, 0, 3),
            })
          : t("offers.terms.ptf_indexed", {
              value: formatTerm(parameters.margin_try_per_mwh ?? 0, 2, 2),
            });
    }
  };
}

export function CustomerOffersPage() {
  const { t } = useTranslation();
  const offers = useLoad(async () => {
    const [offerRows, contracts] = await Promise.all([
      supabase.rpc("customer_offers"),
      supabase
        .from("contracts")
        .select("offer_id, offer_alternative_id")
        .returns<OfferContract[]>(),
    ]);
    const error = offerRows.error ?? contracts.error;
    const acceptedIds = new Map(
      (contracts.data ?? []).map((contract) => [
        contract.offer_id,
        contract.offer_alternative_id,
      ]),
    );

    return {
      data: error
        ? null
        : ((offerRows.data as CustomerOffer[] | null) ?? []).map((offer) => ({
            offer,
            acceptedAlternativeId: acceptedIds.get(offer.offer_id),
          })),
      error,
    };
  }, []);

  return (
    <Card title={t("offers.title")}>
      <LoadState loaded={offers}>
        {(rows) =>
          rows.length === 0 ? (
            <Typography.Text>{t("common.empty")}</Typography.Text>
          ) : (
            <Space direction="vertical" style={{ width: "100%" }}>
              {rows.map(({ offer, acceptedAlternativeId }) => (
                <OfferCard
                  key={offer.offer_id}
                  offer={offer}
                  acceptedAlternativeId={acceptedAlternativeId}
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
  acceptedAlternativeId,
  onChange,
}: {
  offer: CustomerOffer;
  /** The alternative the customer accepted, once the offer has a contract. */
  acceptedAlternativeId: string | undefined;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const priceTerms = usePriceTerms();
  const alternatives = offer.alternatives ?? [];
  const [choice, setChoice] = useState(alternatives[0]?.offer_alternative_id);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [downloading, setDownloading] = useState<OfferDocumentKind | null>(
    null,
  );
  const [error, setError] = useState<PortalError | null>(null);
  const [contract, setContract] = useState<string | null>(null);
  const [documentPending, setDocumentPending] = useState(false);
  const selectable = offer.state === "sent";
  const pointTaken = offer.taken_metering_point_code !== null;
  const chosen = alternatives.find(
    (alternative) => alternative.offer_alternative_id === choice,
  );

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
          (text) => t("common.saveFailed", { message: text }),
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

  // Saves a PDF of the revision the customer was sent: the offer or the
  // comparison, named as in the offer e-mail. Offers marked as sent without
  // send-offer have no stored PDFs, which storage reports as a missing object.
  const downloadPdf = async (document: OfferDocumentKind) => {
    setDownloading(document);
    const path = `offers/${offer.offer_id}/r${offer.revision_no}/${document}.pdf`;
    const { data, error: failure } = await supabase.storage
      .from(OFFER_BUCKET)
      .download(path);
    setDownloading(null);
    if (failure || !data) {
      const missing = /not found/i.test(failure?.message ?? "");
      const described = describeFailure(
        (text) =>
          missing
            ? t(`offers.pdfMissing.${document}`)
            : t(`offers.pdfFailed.${document}`, { message: text }),
        failure,
        `${document} document`,
      );
      message.error(<ErrorDescription error={described} />);

      return;
    }
    const url = URL.createObjectURL(data);
    const link = window.document.createElement("a");
    link.href = url;
    link.download = `${offer.offer_number}-${PDF_FILE_SUFFIXES[document]}.pdf`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  // A row is chosen by a click anywhere on it, or by Enter or Space once it
  // has the keyboard focus.
  const chooseOnKey = (
    event: KeyboardEvent<HTMLElement>,
    alternative: CustomerAlternative,
  ) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      setChoice(alternative.offer_alternative_id);
    }
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
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>
          {t("offers.validUntil")}: {formatDate(offer.valid_until)}
        </Typography.Text>
        {OFFER_DOCUMENT_KINDS.map((document) => (
          <Button
            key={document}
            size="small"
            loading={downloading === document}
            onClick={() => void downloadPdf(document)}
          >
            {t(`offers.downloadPdf.${document}`)}
          </Button>
        ))}
      </Space>
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
      {selectable && pointTaken && (
        <Alert
          type="warning"
          style={{ marginBottom: 12 }}
          message={t("offers.pointTaken", {
            point: offer.taken_metering_point_code,
            contract: offer.taken_by_contract_number,
          })}
        />
      )}
      <DemoPricesMark results={alternatives} />
      <Table<CustomerAlternative>
        rowKey="offer_alternative_id"
        size="small"
        dataSource={alternatives}
        pagination={false}
        scroll={{ x: "max-content" }}
        rowSelection={
          selectable
            ? {
                type: "radio",
                selectedRowKeys: choice ? [choice] : [],
                onChange: (keys) => setChoice(String(keys[0])),
              }
            : undefined
        }
        onRow={(alternative) =>
          selectable
            ? {
                onClick: () => setChoice(alternative.offer_alternative_id),
                onKeyDown: (event) => chooseOnKey(event, alternative),
                tabIndex: 0,
                "aria-selected": alternative.offer_alternative_id === choice,
                style: { cursor: "pointer" },
              }
            : {}
        }
        columns={[
          {
            title: t("offers.alternative"),
            dataIndex: "label",
            render: (label: string, alternative) => (
              <>
                {/* A flex row, so the price terms stay on a line of their own. */}
                <Space wrap size={4} style={{ display: "flex" }}>
                  {label}
                  {alternative.offer_alternative_id ===
                    acceptedAlternativeId && (
                    <Tag color="green">{t("offers.acceptedAlternative")}</Tag>
                  )}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {priceTerms(alternative)}
                </Typography.Text>
              </>
            ),
          },
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
      {selectable && (
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
            {/* Accepting creates a contract, so it needs a confirmation
                that names what is accepted. */}
            <Popconfirm
              title={
                chosen ? t("offers.acceptConfirm", { label: chosen.label }) : ""
              }
              description={
                chosen ? (
                  <AcceptSummary
                    alternative={chosen}
                    terms={priceTerms(chosen)}
                  />
                ) : undefined
              }
              okText={t("offers.acceptConfirmOk")}
              cancelText={t("offers.acceptConfirmCancel")}
              disabled={!chosen || busy || pointTaken}
              onConfirm={() => respond("accepted")}
            >
              <Button
                type="primary"
                loading={busy}
                disabled={!chosen || pointTaken}
              >
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

/**
 * Lists in the acceptance confirmation the chosen alternative's price
 * terms, its offer bill over the offer period and per month on average,
 * and what accepting does.
 */
function AcceptSummary({
  alternative,
  terms,
}: {
  alternative: CustomerAlternative;
  terms: string;
}) {
  const { t } = useTranslation();
  const monthCount = alternative.months?.length ?? 0;
  const total = alternative.offer_bill_try;

  return (
    <div data-testid="accept-summary" style={{ maxWidth: 340 }}>
      <div>{t("offers.acceptTerms", { terms })}</div>
      {total !== null && monthCount > 0 && (
        <div>
          {t("offers.acceptAmount", {
            count: monthCount,
            total: formatTry(String(total)),
            monthly: formatTry(
              divideDecimals(String(total), String(monthCount), 2),
            ),
          })}
        </div>
      )}
      <div>{t("offers.acceptConfirmDetail")}</div>
    </div>
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
