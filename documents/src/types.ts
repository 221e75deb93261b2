// Inputs of the supplier's documents. Each document is rendered from one
// plain data object, so a caller (the admin, the portal or an edge function)
// builds it from the database and the pricing results. Money, energy and
// rates are decimal strings ("1234.56"), never floats.

/** An exact decimal number written with a "." separator, such as "1234.56". */
export type DecimalString = string;

/** A calendar month, "2026-01". */
export type MonthString = string;

/** A calendar date, "2026-12-31". */
export type DateString = string;

export type Language = "tr" | "en";

/** An image given as bytes (PNG or JPEG) or as an address to fetch. */
export type ImageSource =
  | { data: Uint8Array; format: "png" | "jpg" }
  | { url: string };

export interface Organisation {
  name: string;
  tax_id: string;
  address: string;
  phone?: string;
  email?: string;
  /** The organisation's logo; a drawn default logo is used without it. */
  logo?: ImageSource;
}

export interface Party {
  name: string;
  /** VKN for companies, TCKN for persons. */
  tax_id: string;
  address: string;
  /** The person who receives the offer or signs for the party. */
  contact_name?: string;
}

export type TariffType = "single_time" | "three_time";

export interface MeteringPoint {
  code: string;
  region: string;
  subscriber_group: string;
  tariff_type: TariffType;
}

/** Consumption by time zone: T1 day, T2 peak, T3 night. */
export interface ZoneConsumption {
  T1: DecimalString;
  T2: DecimalString;
  T3: DecimalString;
  total: DecimalString;
}

/** Unit prices by time zone in TL per kWh. */
export interface ZoneUnitPrices {
  T1: DecimalString;
  T2: DecimalString;
  T3: DecimalString;
}

/** One month of an alternative as the pricing engine returns it. */
export interface MonthResult {
  month: MonthString;
  consumption_kwh: ZoneConsumption;
  regulated_bill_try: DecimalString;
  offer_bill_try: DecimalString;
  /** Regulated bill minus offer bill; negative when the offer costs more. */
  savings_try: DecimalString;
}

export interface AlternativeTotals {
  consumption_kwh: ZoneConsumption;
  regulated_bill_try: DecimalString;
  offer_bill_try: DecimalString;
  savings_try: DecimalString;
}

/** Pricing method of an alternative. */
export type AlternativePricing =
  | { kind: "regulated_discount"; discount_pct: DecimalString }
  | { kind: "fixed_price" }
  | {
      kind: "ptf_indexed";
      /** Added to PTF + YEKDEM, TL per MWh. */
      margin_try_per_mwh?: DecimalString;
      /** Multiplies PTF when the price is a coefficient of it. */
      coefficient?: DecimalString;
    };

export interface OfferAlternative {
  name: string;
  pricing: AlternativePricing;
  /** Offer energy unit prices (expected averages for PTF-indexed prices). */
  unit_prices_try_per_kwh: ZoneUnitPrices;
  regulated_unit_prices_try_per_kwh: ZoneUnitPrices;
  months: MonthResult[];
  totals: AlternativeTotals;
}

export interface OfferTerms {
  payment_term_days: number;
  notes: string[];
}

export interface OfferDocument {
  language: Language;
  organisation: Organisation;
  offer_number: string;
  revision: number;
  issue_date: DateString;
  valid_until: DateString;
  customer: Party;
  metering_points: MeteringPoint[];
  /** At least one alternative; all share the same months and consumption. */
  alternatives: OfferAlternative[];
  terms: OfferTerms;
  /**
   * The figures the pricing took from generated demo rows, as price_offer
   * names them ("market prices", "YEKDEM", "energy tariff", "distribution
   * tariff", "tax rates"). The document is marked "Demo fiyatlar" when any.
   */
  demo_figures?: string[];
}

/** The price terms a supplier quoted, as the user entered them. */
export type QuotedTerms =
  | { kind: "discount"; discount_pct: DecimalString }
  | { kind: "unit_price"; unit_price_try_per_kwh: DecimalString };

export interface ComparisonRow {
  supplier_name: string;
  terms: QuotedTerms;
  /** Annual cost for the customer's consumption, from the pricing engine. */
  annual_cost_try: DecimalString;
}

export interface ComparisonDocument {
  language: Language;
  organisation: Organisation;
  customer: Party;
  offer_number: string;
  issue_date: DateString;
  first_month: MonthString;
  last_month: MonthString;
  /**
   * Months the offer covers. With 12 the figures are annual; otherwise they
   * are the period's, and competitors' annual bills are prorated to it.
   */
  period_months: number;
  annual_consumption_kwh: DecimalString;
  regulated_annual_cost_try: DecimalString;
  offer: ComparisonRow;
  competitors: ComparisonRow[];
}

export type SalesStrategy = "indirimli" | "sabit_fiyat" | "ptf_endeksli";

export type ContractPriceTerms =
  | {
      kind: "regulated_discount";
      discount_pct: DecimalString;
    }
  | {
      kind: "fixed_price";
      unit_prices_try_per_kwh: ZoneUnitPrices;
    }
  | {
      kind: "ptf_indexed";
      /** TL/MWh added to PTF + YEKDEM; absent when a coefficient is given. */
      margin_try_per_mwh?: DecimalString;
      /** Multiplier on PTF + YEKDEM; absent when a margin is given. */
      coefficient?: DecimalString;
    };

export interface Signatory {
  name: string;
  title: string;
}

export interface ContractDocument {
  language: Language;
  contract_number: string;
  /** Chooses the template together with the start date. */
  strategy: SalesStrategy;
  issue_date: DateString;
  supplier: Organisation;
  supplier_signatory: Signatory;
  customer: Party;
  customer_signatory: Signatory;
  start_date: DateString;
  end_date: DateString;
  metering_points: MeteringPoint[];
  price_terms: ContractPriceTerms;
  payment_term_days: number;
  termination_notice_days: number;
  /** Early termination fee as a share of the remaining contract value. */
  early_termination_fee_pct: DecimalString;
  /** Contract value the stamp tax is charged on. */
  contract_value_try: DecimalString;
  /** Stamp tax rate in percent of the contract value, from the tax data. */
  stamp_tax_rate_pct: DecimalString;
}

/** A column of a long table. */
export interface TableColumn {
  key: string;
  header: string;
  /** Relative width (flex grow). */
  width: number;
  align?: "left" | "right";
}

export type TableRow = Record<string, string>;

/** A table annexed to a document: consumption readings, invoice lines. */
export interface AnnexDocument {
  language: Language;
  organisation: Organisation;
  title: string;
  subtitle?: string;
  columns: TableColumn[];
  rows: TableRow[];
  totals?: TableRow;
  /**
   * Rows per page for long tables of one-line rows. With it, every page is
   * its own page element, which keeps layout time linear in the row count
   * (one flowing table is laid out again for each page break). A row that
   * does not fit still moves whole to an extra page.
   */
  rows_per_page?: { first: number; other: number };
}
