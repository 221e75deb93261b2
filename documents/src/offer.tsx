// The offer PDF. The first page shows the customer, metering points and
// consumption by time zone. Each alternative then gets a page with its unit
// prices, monthly bills against the regulated bill, savings and a chart.
// Validity and terms close the document.

import { Document, Text, View } from "@react-pdf/renderer";
import {
  addDecimals,
  compareDecimals,
  divideDecimals,
  formatDecimal,
  formatTry,
  multiplyDecimals,
} from "../../shared/money.ts";
import { displayName } from "../../shared/turkish.ts";
import { BillChart } from "./components/bill-chart.tsx";
import { DocumentPage, Field, styles } from "./components/layout.tsx";
import { LongTable } from "./components/long-table.tsx";
import {
  formatDate,
  formatMonth,
  formatPercentLabel,
  LABELS,
  type Labels,
} from "./i18n.ts";
import type {
  AlternativePricing,
  Language,
  MeteringPoint,
  MonthResult,
  OfferAlternative,
  OfferDocument,
  TableColumn,
  ZoneConsumption,
} from "./types.ts";

const ZONES = ["T1", "T2", "T3"] as const;

// The demo prices mark is red, as a warning that the figures are not real.
const DEMO_COLOR = "#cf1322";

/** Savings as a percentage of the regulated bill, to one decimal. */
export function savingsPercent(
  savingsTry: string,
  regulatedBillTry: string,
): string {
  if (compareDecimals(regulatedBillTry, "0") === 0) {
    return "0.0";
  }

  return divideDecimals(
    multiplyDecimals(savingsTry, "100"),
    regulatedBillTry,
    1,
  );
}

function percentLabel(value: string, language: Language): string {
  return formatPercentLabel(formatDecimal(value, 1), language);
}

/**
 * Checks that the alternatives agree on months and consumption and that
 * each total is the sum of its printed monthly amounts, so the PDF never
 * shows totals that its own rows do not add up to.
 */
export function checkOfferDocument(offer: OfferDocument): void {
  const [first] = offer.alternatives;
  if (!first) {
    throw new Error(`Offer ${offer.offer_number} has no alternative`);
  }

  for (const alternative of offer.alternatives) {
    const months = alternative.months.map((month) => month.month).join(",");
    const firstMonths = first.months.map((month) => month.month).join(",");
    if (months !== firstMonths) {
      throw new Error(
        `Alternative "${alternative.name}" covers months ${months}, expected ${firstMonths}`,
      );
    }

    const sums = {
      regulated_bill_try: addDecimals(
        "0",
        ...alternative.months.map((month) => month.regulated_bill_try),
      ),
      offer_bill_try: addDecimals(
        "0",
        ...alternative.months.map((month) => month.offer_bill_try),
      ),
      savings_try: addDecimals(
        "0",
        ...alternative.months.map((month) => month.savings_try),
      ),
    };
    for (const [field, sum] of Object.entries(sums)) {
      const total = alternative.totals[field as keyof typeof sums];
      if (compareDecimals(sum, total) !== 0) {
        throw new Error(
          `Alternative "${alternative.name}": total ${field} is ${total} but the months add up to ${sum}`,
        );
      }
    }
  }
}

function tariffTypeLabel(point: MeteringPoint, labels: Labels): string {
  return point.tariff_type === "three_time"
    ? labels.threeTime
    : labels.singleTime;
}

function pricingDescription(
  pricing: AlternativePricing,
  language: Language,
): string {
  const labels = LABELS[language];
  switch (pricing.kind) {
    case "regulated_discount":
      return labels.regulatedDiscount(
        percentLabel(pricing.discount_pct, language),
      );
    case "fixed_price":
      return labels.fixedPrice;
    case "ptf_indexed": {
      const formula = pricing.coefficient
        ? labels.ptfCoefficient(formatDecimal(pricing.coefficient, 3))
        : labels.ptfMargin(formatDecimal(pricing.margin_try_per_mwh ?? "0", 2));

      return `${labels.ptfIndexed}: ${formula}`;
    }
  }
}

/**
 * Builds "Alternatif 2: Sabit fiyat", or only "Alternatif 2" when the
 * alternative's name is that default already.
 */
export function alternativeHeading(
  name: string,
  position: number,
  labels: Labels,
): string {
  const numbered = `${labels.alternative} ${position}`;
  const sameAsDefault =
    name.trim().toLocaleLowerCase("tr-TR") ===
    numbered.toLocaleLowerCase("tr-TR");

  return sameAsDefault || name.trim() === ""
    ? numbered
    : `${numbered}: ${name}`;
}

function CustomerBlock({ offer }: { offer: OfferDocument }) {
  const labels = LABELS[offer.language];
  const { customer } = offer;

  return (
    <View>
      <Text style={styles.heading}>{labels.customer}</Text>
      {customer.contact_name ? (
        <Text style={[styles.bold, { marginBottom: 3 }]}>
          {labels.attention} {customer.contact_name}
        </Text>
      ) : null}
      <Field label={labels.customer} value={displayName(customer.name)} />
      <Field label={labels.taxId} value={customer.tax_id} />
      <Field label={labels.address} value={customer.address} />
    </View>
  );
}

function MeteringPointTable({ offer }: { offer: OfferDocument }) {
  const labels = LABELS[offer.language];
  const columns: TableColumn[] = [
    { key: "code", header: labels.meteringPointCode, width: 3 },
    { key: "region", header: labels.region, width: 2 },
    { key: "group", header: labels.subscriberGroup, width: 2 },
    { key: "tariff", header: labels.tariffType, width: 1.5 },
  ];
  const rows = offer.metering_points.map((point) => ({
    code: point.code,
    region: point.region,
    group: point.subscriber_group,
    tariff: tariffTypeLabel(point, labels),
  }));

  return (
    <View>
      <Text style={styles.heading} minPresenceAhead={40}>
        {labels.meteringPoints}
      </Text>
      <LongTable columns={columns} rows={rows} />
    </View>
  );
}

// Returns true when every metering point of the offer is read as one zone,
// so its tables show one consumption and one unit price, not T1, T2 and T3.
function isSingleTime(offer: OfferDocument): boolean {
  return (
    offer.metering_points.length > 0 &&
    offer.metering_points.every((point) => point.tariff_type === "single_time")
  );
}

function ConsumptionTable({
  months,
  totals,
  language,
  singleTime,
}: {
  months: MonthResult[];
  totals: OfferAlternative["totals"];
  language: Language;
  singleTime: boolean;
}) {
  const labels = LABELS[language];
  const zoneColumns: TableColumn[] = singleTime
    ? []
    : [
        { key: "T1", header: labels.zones.T1, width: 1.5, align: "right" },
        { key: "T2", header: labels.zones.T2, width: 1.5, align: "right" },
        { key: "T3", header: labels.zones.T3, width: 1.5, align: "right" },
      ];
  const columns: TableColumn[] = [
    { key: "month", header: labels.month, width: 2 },
    ...zoneColumns,
    {
      key: "total",
      header: singleTime ? labels.singleTimeConsumption : labels.total,
      width: singleTime ? 3 : 1.5,
      align: "right",
    },
  ];
  const kwh = (value: string) => formatDecimal(value, 0);
  const row = (month: string, consumption: ZoneConsumption) => ({
    month,
    T1: kwh(consumption.T1),
    T2: kwh(consumption.T2),
    T3: kwh(consumption.T3),
    total: kwh(consumption.total),
  });
  const rows = months.map((month) =>
    row(formatMonth(month.month, language), month.consumption_kwh),
  );
  const totalsRow = row(labels.total, totals.consumption_kwh);

  return (
    <View>
      <Text style={styles.heading} minPresenceAhead={60}>
        {singleTime ? labels.singleTimeConsumption : labels.consumption}
      </Text>
      <LongTable columns={columns} rows={rows} totals={totalsRow} />
    </View>
  );
}

function AlternativeSection({
  alternative,
  position,
  language,
  singleTime,
}: {
  alternative: OfferAlternative;
  position: number;
  language: Language;
  singleTime: boolean;
}) {
  const labels = LABELS[language];
  const heading = alternativeHeading(alternative.name, position, labels);
  // A PTF-indexed price changes every month: its unit prices are averages.
  const indexed = alternative.pricing.kind === "ptf_indexed";
  const unitPriceColumns: TableColumn[] = [
    { key: "zone", header: labels.timeZone, width: 2 },
    {
      key: "regulated",
      header: labels.regulatedUnitPrice,
      width: 2,
      align: "right",
    },
    {
      key: "offer",
      header: indexed ? labels.expectedOfferUnitPrice : labels.offerUnitPrice,
      width: 2,
      align: "right",
    },
  ];
  // A single-time tariff has one price for every hour, given under T1.
  const zones = singleTime ? (["T1"] as const) : ZONES;
  const unitPriceRows = zones.map((zone) => ({
    zone: singleTime ? labels.singleTime : labels.zones[zone],
    regulated: formatDecimal(
      alternative.regulated_unit_prices_try_per_kwh[zone],
      4,
    ),
    offer: formatDecimal(alternative.unit_prices_try_per_kwh[zone], 4),
  }));
  const billColumns: TableColumn[] = [
    { key: "month", header: labels.month, width: 1.6 },
    {
      key: "regulated",
      header: labels.regulatedBill,
      width: 2,
      align: "right",
    },
    { key: "offer", header: labels.offerBill, width: 2, align: "right" },
    { key: "savings", header: labels.savings, width: 2, align: "right" },
    { key: "pct", header: labels.savingsPct, width: 1, align: "right" },
  ];
  const billRows = alternative.months.map((month) => ({
    month: formatMonth(month.month, language),
    regulated: formatTry(month.regulated_bill_try),
    offer: formatTry(month.offer_bill_try),
    savings: formatTry(month.savings_try),
    pct: percentLabel(
      savingsPercent(month.savings_try, month.regulated_bill_try),
      language,
    ),
  }));
  const { totals } = alternative;
  const billTotals = {
    month: labels.total,
    regulated: formatTry(totals.regulated_bill_try),
    offer: formatTry(totals.offer_bill_try),
    savings: formatTry(totals.savings_try),
    pct: percentLabel(
      savingsPercent(totals.savings_try, totals.regulated_bill_try),
      language,
    ),
  };

  return (
    <View break={position > 1}>
      <Text style={styles.title} minPresenceAhead={80}>
        {heading}
      </Text>
      <Field
        label={labels.pricing}
        value={pricingDescription(alternative.pricing, language)}
      />
      <View style={{ marginTop: 6 }}>
        <LongTable columns={unitPriceColumns} rows={unitPriceRows} />
        {indexed ? (
          <Text style={styles.paragraph}>{labels.expectedUnitPriceNote}</Text>
        ) : null}
      </View>
      <Text style={styles.heading} minPresenceAhead={60}>
        {labels.monthlyBills}
      </Text>
      <LongTable columns={billColumns} rows={billRows} totals={billTotals} />
      <Text style={styles.heading} minPresenceAhead={190}>
        {labels.chartTitle}
      </Text>
      <BillChart months={alternative.months} language={language} />
    </View>
  );
}

/** Renders the demo prices mark when the offer used any demo figure. */
function DemoPricesMark({ offer }: { offer: OfferDocument }) {
  const figures = offer.demo_figures ?? [];
  if (figures.length === 0) {
    return null;
  }
  const labels = LABELS[offer.language];
  const names = figures.map((figure) => labels.demoFigures[figure] ?? figure);

  return (
    <View
      wrap={false}
      style={{
        borderWidth: 1,
        borderColor: DEMO_COLOR,
        padding: 6,
        marginBottom: 8,
      }}
    >
      <Text style={[styles.bold, { color: DEMO_COLOR, fontSize: 11 }]}>
        {labels.demoPrices}
      </Text>
      <Text style={{ color: DEMO_COLOR }}>
        {labels.demoPricesDetail(names.join(", "))}
      </Text>
    </View>
  );
}

/** Builds the offer as a react-pdf document (render it with renderOfferPdf). */
export function OfferPdf({ offer }: { offer: OfferDocument }) {
  checkOfferDocument(offer);
  const { language } = offer;
  const labels = LABELS[language];
  const reference = `${labels.offerNumber} ${offer.offer_number} / ${labels.revision} ${offer.revision}`;
  const [first] = offer.alternatives;
  const validUntil = formatDate(offer.valid_until, language);
  const singleTime = isSingleTime(offer);

  return (
    <Document
      title={`${labels.offerTitle} ${offer.offer_number}`}
      author={offer.organisation.name}
      language={language === "tr" ? "tr-TR" : "en-GB"}
    >
      <DocumentPage
        organisation={offer.organisation}
        language={language}
        reference={reference}
      >
        <Text style={styles.title}>{labels.offerTitle}</Text>
        <DemoPricesMark offer={offer} />
        <Field label={labels.offerNumber} value={offer.offer_number} />
        <Field label={labels.revision} value={String(offer.revision)} />
        <Field
          label={labels.issueDate}
          value={formatDate(offer.issue_date, language)}
        />
        <Field label={labels.validUntil} value={validUntil} />
        <CustomerBlock offer={offer} />
        <MeteringPointTable offer={offer} />
        {first ? (
          <ConsumptionTable
            months={first.months}
            totals={first.totals}
            language={language}
            singleTime={singleTime}
          />
        ) : null}
      </DocumentPage>
      <DocumentPage
        organisation={offer.organisation}
        language={language}
        reference={reference}
      >
        {offer.alternatives.map((alternative, index) => (
          <AlternativeSection
            key={alternative.name}
            alternative={alternative}
            position={index + 1}
            language={language}
            singleTime={singleTime}
          />
        ))}
        <View wrap={false}>
          <Text style={styles.heading}>{labels.terms}</Text>
          <DemoPricesMark offer={offer} />
          <Text style={[styles.paragraph, styles.bold]}>
            {labels.validity(validUntil)}
          </Text>
          <Text style={styles.paragraph}>
            {labels.paymentTerm(offer.terms.payment_term_days)}
          </Text>
          {offer.terms.notes.map((note) => (
            <Text key={note} style={styles.paragraph}>
              • {note}
            </Text>
          ))}
        </View>
      </DocumentPage>
    </Document>
  );
}
