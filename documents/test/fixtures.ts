// Sample documents for the tests and the benchmark. Bills are worked out
// here with the decimal helpers, line by line rounded to kuruş, the way the
// pricing engine returns them.

import {
  addDecimals,
  multiplyDecimals,
  roundDecimal,
  subtractDecimals,
} from "../../shared/money.ts";
import type {
  AnnexDocument,
  ComparisonDocument,
  ContractDocument,
  MonthResult,
  OfferAlternative,
  OfferDocument,
  Organisation,
  Party,
  ZoneUnitPrices,
} from "../src/types.ts";

export const organisation: Organisation = {
  name: "Anadolu Işık Enerji Tedarik A.Ş.",
  tax_id: "0680012345",
  address: "Atatürk Bulvarı No: 12, Çankaya / Ankara",
  phone: "+90 312 555 01 02",
  email: "satis@anadoluisik.example",
};

export const customer: Party = {
  name: "ÇAĞRI ÖZIŞIK",
  tax_id: "10000000146",
  address: "İstiklal Mahallesi Şehit Üsteğmen Sokak No: 4, Kocasinan / Kayseri",
  contact_name: "İlker Işık",
};

/** Monthly consumption by zone for 2026 (kWh), T1 day, T2 peak, T3 night. */
const CONSUMPTION_2026: [string, string, string][] = [
  ["18450.5", "6120.25", "9300"],
  ["17210", "5840.75", "8720.5"],
  ["16900.25", "5600", "8100"],
  ["15300", "5100.5", "7600.25"],
  ["14800.75", "4950", "7200"],
  ["15900", "5300.25", "7450.5"],
  ["17650.5", "5900", "8050"],
  ["17900", "6010.75", "8200.25"],
  ["16100.25", "5450", "7700"],
  ["15600", "5200.5", "7500.75"],
  ["16800.5", "5700", "8300"],
  ["18200", "6200.25", "9100.5"],
];

export const REGULATED_PRICES: ZoneUnitPrices = {
  T1: "3.1245",
  T2: "4.6870",
  T3: "1.9630",
};

function bill(consumption: [string, string, string], prices: ZoneUnitPrices) {
  const [t1, t2, t3] = consumption;
  const lines = [
    roundDecimal(multiplyDecimals(t1, prices.T1), 2),
    roundDecimal(multiplyDecimals(t2, prices.T2), 2),
    roundDecimal(multiplyDecimals(t3, prices.T3), 2),
  ];

  return addDecimals(...lines);
}

export function buildAlternative(
  name: string,
  pricing: OfferAlternative["pricing"],
  prices: ZoneUnitPrices,
): OfferAlternative {
  const months: MonthResult[] = CONSUMPTION_2026.map((consumption, index) => {
    const [T1, T2, T3] = consumption;
    const regulated = bill(consumption, REGULATED_PRICES);
    const offer = bill(consumption, prices);

    return {
      month: `2026-${String(index + 1).padStart(2, "0")}`,
      consumption_kwh: { T1, T2, T3, total: addDecimals(T1, T2, T3) },
      regulated_bill_try: regulated,
      offer_bill_try: offer,
      savings_try: subtractDecimals(regulated, offer),
    };
  });
  const sum = (pick: (month: MonthResult) => string) =>
    addDecimals(...months.map(pick));

  return {
    name,
    pricing,
    unit_prices_try_per_kwh: prices,
    regulated_unit_prices_try_per_kwh: REGULATED_PRICES,
    months,
    totals: {
      consumption_kwh: {
        T1: sum((month) => month.consumption_kwh.T1),
        T2: sum((month) => month.consumption_kwh.T2),
        T3: sum((month) => month.consumption_kwh.T3),
        total: sum((month) => month.consumption_kwh.total),
      },
      regulated_bill_try: sum((month) => month.regulated_bill_try),
      offer_bill_try: sum((month) => month.offer_bill_try),
      savings_try: sum((month) => month.savings_try),
    },
  };
}

export function buildOffer(language: "tr" | "en" = "tr"): OfferDocument {
  return {
    language,
    organisation,
    offer_number: "TKL-2026-000123",
    revision: 2,
    issue_date: "2026-12-04",
    valid_until: "2026-12-31",
    customer,
    metering_points: [
      {
        code: "40ZKAYSERI001230",
        region: "Kayseri ve Civarı",
        subscriber_group: "Ticarethane",
        tariff_type: "three_time",
      },
      {
        code: "40ZKAYSERI00678T",
        region: "Kayseri ve Civarı",
        subscriber_group: "Sanayi",
        tariff_type: "single_time",
      },
    ],
    alternatives: [
      buildAlternative(
        "İndirimli Tarife",
        { kind: "regulated_discount", discount_pct: "12.5" },
        { T1: "2.7339", T2: "4.1011", T3: "1.7176" },
      ),
      buildAlternative(
        "Sabit Fiyat",
        { kind: "fixed_price" },
        { T1: "2.9500", T2: "4.9000", T3: "2.1000" },
      ),
      buildAlternative(
        "PTF Endeksli",
        { kind: "ptf_indexed", margin_try_per_mwh: "185.5" },
        { T1: "2.8012", T2: "4.3020", T3: "1.6904" },
      ),
    ],
    terms: {
      payment_term_days: 15,
      notes: [
        "Fiyatlara dağıtım bedeli, BTV ve KDV dahil değildir.",
        "Şubat ayından itibaren sayaç değişikliği olursa tahminler güncellenir.",
      ],
    },
  };
}

export function buildComparison(): ComparisonDocument {
  return {
    language: "tr",
    organisation,
    customer,
    offer_number: "TKL-2026-000123",
    issue_date: "2026-12-04",
    first_month: "2026-01",
    last_month: "2026-12",
    period_months: 12,
    annual_consumption_kwh: "352611.5",
    regulated_annual_cost_try: "1154321.45",
    offer: {
      supplier_name: organisation.name,
      terms: { kind: "discount", discount_pct: "12.5" },
      annual_cost_try: "1010031.27",
    },
    competitors: [
      {
        supplier_name: "Ege Güç Elektrik Ltd. Şti.",
        terms: { kind: "discount", discount_pct: "10" },
        annual_cost_try: "1038889.31",
      },
      {
        supplier_name: "Boğaziçi Enerji A.Ş.",
        terms: { kind: "unit_price", unit_price_try_per_kwh: "2.8450" },
        annual_cost_try: "1003215.98",
      },
    ],
  };
}

export function buildContract(
  strategy: ContractDocument["strategy"] = "indirimli",
  stampTaxRatePct = "0.948",
): ContractDocument {
  return {
    language: "tr",
    contract_number: "SZL-2026-000045",
    strategy,
    issue_date: "2026-12-04",
    supplier: organisation,
    supplier_signatory: { name: "dilek ırmak", title: "Satış Müdürü" },
    customer,
    customer_signatory: { name: "ilker ışık", title: "Genel Müdür" },
    start_date: "2027-01-01",
    end_date: "2027-12-31",
    metering_points: buildOffer().metering_points,
    price_terms:
      strategy === "indirimli"
        ? { kind: "regulated_discount", discount_pct: "12.5" }
        : {
            kind: "fixed_price",
            unit_prices_try_per_kwh: { T1: "2.95", T2: "4.9", T3: "2.1" },
          },
    payment_term_days: 15,
    termination_notice_days: 30,
    early_termination_fee_pct: "10",
    contract_value_try: "1010031.27",
    stamp_tax_rate_pct: stampTaxRatePct,
  };
}

/** Hourly kWh for one meter over 2023: a day and evening shape, no floats. */
export function hourlyReadings(
  year = 2023,
): { date: string; hour: number; kwh: string }[] {
  const readings: { date: string; hour: number; kwh: string }[] = [];
  const start = Date.UTC(year, 0, 1);
  for (let day = 0; day < 365; day += 1) {
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    for (let hour = 0; hour < 24; hour += 1) {
      let base = 18;
      if (hour >= 8 && hour < 18) {
        base = 42;
      } else if (hour >= 18 && hour < 22) {
        base = 35;
      }
      const wobble = ((day * 7 + hour * 13) % 17) * 0.125;
      readings.push({ date, hour, kwh: (base + wobble).toFixed(3) });
    }
  }

  return readings;
}

/**
 * Page capacity of a one-line-row annex on A4 without a subtitle, measured
 * from a render (42 and 48 rows), less one row of margin.
 */
export const ANNEX_ROWS_PER_PAGE = { first: 41, other: 47 };

export function hourlyAnnex(): AnnexDocument {
  const readings = hourlyReadings();

  return {
    language: "tr",
    organisation,
    title: "Saatlik Tüketim Eki – 40ZKAYSERI001230 – 2023",
    columns: [
      { key: "date", header: "Tarih", width: 2 },
      { key: "hour", header: "Saat", width: 1 },
      { key: "kwh", header: "Tüketim (kWh)", width: 2, align: "right" },
    ],
    rows: readings.map((reading) => ({
      date: reading.date.split("-").reverse().join("."),
      hour: `${String(reading.hour).padStart(2, "0")}:00`,
      kwh: reading.kwh.replace(".", ","),
    })),
    rows_per_page: ANNEX_ROWS_PER_PAGE,
    totals: {
      date: "Toplam",
      hour: "",
      kwh: addDecimals(...readings.map((reading) => reading.kwh)).replace(
        ".",
        ",",
      ),
    },
  };
}

/**
 * An invoice annex of 60 line items. Item 23 has a three-line description
 * when `longItem` is set. The test picks the subtitle length so that a
 * one-line item 23 is the last row that fits on page 1.
 */
export function invoiceAnnex(
  longItem = true,
  subtitleLines = 1,
): AnnexDocument {
  const rows = Array.from({ length: 60 }, (_, index) => {
    const item = index + 1;
    const description =
      item === 23 && longItem
        ? "Reaktif enerji bedeli – Şubat dönemi\nEndüktif sınır aşımı: %20 üzeri\nİlgili sayaç: 40ZKAYSERI001230"
        : `Aktif enerji bedeli – kalem ${item}`;

    return {
      item: String(item),
      description,
      quantity: `${item * 10} kWh`,
      amount: `${item}.25`,
    };
  });

  return {
    language: "tr",
    organisation,
    title: "Fatura Eki – Kalem Listesi",
    subtitle: Array.from(
      { length: subtitleLines },
      (_, index) => `Açıklama satırı ${index + 1}: Işık Çağrı Şubat ₺`,
    ).join("\n"),
    columns: [
      { key: "item", header: "Kalem", width: 1 },
      { key: "description", header: "Açıklama", width: 5 },
      { key: "quantity", header: "Miktar", width: 1.5, align: "right" },
      { key: "amount", header: "Tutar", width: 1.5, align: "right" },
    ],
    rows,
    totals: {
      item: "",
      description: "Toplam",
      quantity: "18.300 kWh",
      amount: addDecimals(...rows.map((row) => row.amount)),
    },
  };
}
