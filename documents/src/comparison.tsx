// The comparison sheet: our offer, the regulated bill and other suppliers'
// offers side by side, with the annual cost and the difference to ours.

import { Document, Text } from "@react-pdf/renderer";
import {
  formatDecimal,
  formatKwh,
  formatTry,
  subtractDecimals,
} from "../../shared/money.ts";
import { displayName } from "../../shared/turkish.ts";
import { DocumentPage, Field, styles } from "./components/layout.tsx";
import { LongTable } from "./components/long-table.tsx";
import { formatDate, formatMonth, formatPercentLabel, LABELS } from "./i18n.ts";
import type {
  ComparisonDocument,
  ComparisonRow,
  Language,
  QuotedTerms,
  TableColumn,
  TableRow,
} from "./types.ts";

function quotedTermsLabel(terms: QuotedTerms, language: Language): string {
  const labels = LABELS[language];
  if (terms.kind === "discount") {
    return labels.discountTerm(
      formatPercentLabel(formatDecimal(terms.discount_pct, 2), language),
    );
  }

  return labels.unitPriceTerm(formatDecimal(terms.unit_price_try_per_kwh, 4));
}

/** Builds the table rows: regulated tariff, our offer, then competitors. */
export function comparisonRows(comparison: ComparisonDocument): TableRow[] {
  const { language } = comparison;
  const labels = LABELS[language];
  const offerCost = comparison.offer.annual_cost_try;
  const regulatedCost = comparison.regulated_annual_cost_try;
  const row = (supplier: string, terms: string, cost: string): TableRow => ({
    supplier,
    terms,
    cost: formatTry(cost),
    difference: formatTry(subtractDecimals(cost, offerCost)),
    savings: formatTry(subtractDecimals(regulatedCost, cost)),
  });
  const quoted = (item: ComparisonRow) =>
    row(
      item.supplier_name,
      quotedTermsLabel(item.terms, language),
      item.annual_cost_try,
    );

  return [
    row(labels.regulatedTariff, "—", regulatedCost),
    {
      ...quoted(comparison.offer),
      supplier: `${labels.ourOffer}: ${comparison.offer.supplier_name}`,
    },
    ...comparison.competitors.map(quoted),
  ];
}

export function ComparisonPdf({
  comparison,
}: {
  comparison: ComparisonDocument;
}) {
  const { language } = comparison;
  const labels = LABELS[language];
  const annual = comparison.period_months === 12;
  const costLabel = annual ? labels.annualCost : labels.periodCost;
  const columns: TableColumn[] = [
    { key: "supplier", header: labels.supplier, width: 3 },
    { key: "terms", header: labels.quotedTerms, width: 2 },
    { key: "cost", header: costLabel, width: 2, align: "right" },
    {
      key: "difference",
      header: labels.differenceToOffer,
      width: 2,
      align: "right",
    },
    {
      key: "savings",
      header: labels.savingsVsRegulated,
      width: 2,
      align: "right",
    },
  ];
  const period = `${formatMonth(comparison.first_month, language)} – ${formatMonth(comparison.last_month, language)}`;

  return (
    <Document
      title={`${labels.comparisonTitle} ${comparison.offer_number}`}
      author={comparison.organisation.name}
    >
      <DocumentPage
        organisation={comparison.organisation}
        language={language}
        reference={`${labels.offerNumber} ${comparison.offer_number}`}
        orientation="landscape"
      >
        <Text style={styles.title}>{labels.comparisonTitle}</Text>
        <Field label={labels.offerNumber} value={comparison.offer_number} />
        <Field
          label={labels.issueDate}
          value={formatDate(comparison.issue_date, language)}
        />
        <Field
          label={labels.customer}
          value={displayName(comparison.customer.name)}
        />
        <Field label={labels.period} value={period} />
        <Field
          label={annual ? labels.annualConsumption : labels.periodConsumption}
          value={formatKwh(comparison.annual_consumption_kwh)}
        />
        <Text style={styles.heading}>{costLabel}</Text>
        <LongTable columns={columns} rows={comparisonRows(comparison)} />
        <Text style={[styles.paragraph, styles.muted, { marginTop: 6 }]}>
          {annual
            ? labels.comparisonNote
            : labels.periodNote(comparison.period_months)}
        </Text>
      </DocumentPage>
    </Document>
  );
}
