// Changes the alternatives of an offer sent back by head office. The first
// save starts a new revision with revise_offer, so the revision the
// approver saw stays as history. Later saves edit that new revision with
// update_offer_revision until the offer is submitted again.
import { Alert, Button, Card, Input, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { parseTurkishNumber } from "../../../../shared/turkish-number.ts";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { describeFailure, type PortalError } from "../../errors.ts";
import { supabase } from "../../supabase.ts";

type Kind = "discount" | "fixed_price" | "ptf_indexed";

export type RevisableAlternative = {
  label: string;
  kind: string;
  parameters: Record<string, number | string> | null;
};

// The parameter the form edits per kind. Other parameters, such as a PTF
// coefficient, are replaced by this one when the row is saved.
const PARAMETER_OF_KIND: Record<Kind, string> = {
  discount: "discount_pct",
  fixed_price: "unit_price_try_per_kwh",
  ptf_indexed: "margin_try_per_mwh",
};

type Row = { label: string; kind: Kind; value: string };

function rowOf(alternative: RevisableAlternative): Row {
  const kind = (
    alternative.kind in PARAMETER_OF_KIND ? alternative.kind : "discount"
  ) as Kind;
  const value = alternative.parameters?.[PARAMETER_OF_KIND[kind]];

  return {
    label: alternative.label,
    kind,
    value: value === undefined ? "" : String(value).replace(".", ","),
  };
}

export function OfferRevisionEditor({
  offerId,
  alternatives,
  newRevision,
  onSaved,
}: {
  offerId: string;
  alternatives: RevisableAlternative[];
  // True while the current revision is the one the approver sent back.
  newRevision: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>(() => alternatives.map(rowOf));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);

  const update = (index: number, change: Partial<Row>) =>
    setRows((previous) =>
      previous.map((row, position) =>
        position === index ? { ...row, ...change } : row,
      ),
    );

  const save = async () => {
    setError(null);
    const parsed = rows.map((row) => ({
      label: row.label.trim(),
      kind: row.kind,
      value: parseTurkishNumber(row.value),
    }));
    const invalid = parsed.find((row) => row.value === null);
    if (invalid) {
      setError({ message: t("offerForm.invalidNumber"), technical: "" });

      return;
    }
    const input = {
      offer_id: offerId,
      alternatives: parsed.map((row) => ({
        label: row.label,
        kind: row.kind,
        parameters: { [PARAMETER_OF_KIND[row.kind]]: Number(row.value) },
      })),
    };
    setSaving(true);
    const result = await supabase.rpc(
      newRevision ? "revise_offer" : "update_offer_revision",
      { p_input: input },
    );
    setSaving(false);
    if (result.error) {
      setError(
        describeFailure(
          (message) => t("common.saveFailed", { message }),
          result.error,
          "revise offer",
        ),
      );

      return;
    }
    onSaved();
  };

  return (
    <Card
      size="small"
      title={t("offerForm.reviseTitle")}
      style={{ marginTop: 12 }}
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        {rows.map((row, index) => (
          <Space
            // Rows are edited in place and never reordered.
            key={index}
            wrap
            role="group"
            aria-label={t("offerForm.alternativeTitle", { number: index + 1 })}
          >
            <Input
              aria-label={t("offerForm.label")}
              value={row.label}
              onChange={(event) => update(index, { label: event.target.value })}
            />
            <Select<Kind>
              aria-label={t("offerForm.kind")}
              style={{ width: 160 }}
              value={row.kind}
              onChange={(kind) => update(index, { kind })}
              options={(
                ["discount", "fixed_price", "ptf_indexed"] as const
              ).map((kind) => ({
                value: kind,
                label: t(`offerForm.kinds.${kind}`),
              }))}
            />
            <Input
              aria-label={t(`offerForm.parameters.${row.kind}`)}
              inputMode="decimal"
              value={row.value}
              onChange={(event) => update(index, { value: event.target.value })}
            />
          </Space>
        ))}
        <Button type="primary" loading={saving} onClick={() => void save()}>
          {t("offerForm.saveRevision")}
        </Button>
        {error && <ErrorAlert error={error} />}
      </Space>
    </Card>
  );
}
