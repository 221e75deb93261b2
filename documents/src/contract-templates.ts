// Contract templates by sales strategy and validity period. A contract uses
// the template of its strategy whose period contains the contract's start
// date, so a wording change takes effect for new contracts only.

import { formatDecimal, formatTry } from "../../shared/money.ts";
import { formatDate, formatPercentLabel } from "./i18n.ts";
import type {
  ContractDocument,
  DateString,
  Language,
  SalesStrategy,
} from "./types.ts";

export interface ContractClause {
  heading: string;
  body: string;
}

export interface ContractTemplate {
  id: string;
  strategy: SalesStrategy;
  valid_from: DateString;
  /** Last day the template applies to; open-ended without it. */
  valid_to?: DateString;
  title: Record<Language, string>;
  clauses(contract: ContractDocument): ContractClause[];
  required_documents: Record<Language, string[]>;
}

const COMMON_DOCUMENTS: Record<Language, string[]> = {
  tr: [
    "Vergi levhası",
    "İmza sirküleri",
    "Ticaret sicil gazetesi",
    "Son döneme ait elektrik faturası",
    "Yetki belgesi (vekâleten imzada)",
  ],
  en: [
    "Tax registration certificate",
    "Authorised signatures circular",
    "Trade registry gazette",
    "Latest electricity bill",
    "Power of attorney (when signing for the customer)",
  ],
};

function percent(value: string, language: Language): string {
  return formatPercentLabel(formatDecimal(value, 2), language);
}

function periodClause(contract: ContractDocument): ContractClause {
  const { language } = contract;
  const start = formatDate(contract.start_date, language);
  const end = formatDate(contract.end_date, language);

  return language === "tr"
    ? {
        heading: "Süre",
        body: `Sözleşme ${start} tarihinde başlar ve ${end} tarihinde sona erer. Enerji tedariki, sayaçların tedarikçi portföyüne kaydının onaylandığı ayın başından itibaren yapılır.`,
      }
    : {
        heading: "Term",
        body: `The contract starts on ${start} and ends on ${end}. Supply begins at the start of the month in which the metering points are registered to the supplier's portfolio.`,
      };
}

function paymentClause(contract: ContractDocument): ContractClause {
  const days = contract.payment_term_days;

  return contract.language === "tr"
    ? {
        heading: "Fatura ve Ödeme",
        body: `Faturalar aylık düzenlenir ve fatura tarihinden itibaren ${days} gün içinde ödenir. Vadesinde ödenmeyen tutarlara gecikme zammı uygulanır.`,
      }
    : {
        heading: "Invoicing and Payment",
        body: `Invoices are issued monthly and are due within ${days} days of the invoice date. Late payment interest applies to overdue amounts.`,
      };
}

function terminationClause(contract: ContractDocument): ContractClause {
  const { language } = contract;
  const days = contract.termination_notice_days;
  const fee = percent(contract.early_termination_fee_pct, language);

  return language === "tr"
    ? {
        heading: "Fesih",
        body: `Taraflar sözleşmeyi ${days} gün önceden yazılı bildirimle feshedebilir. Tüketicinin süre bitiminden önce haklı bir neden olmadan feshetmesi halinde kalan sözleşme bedelinin ${fee} oranında cayma bedeli ödenir.`,
      }
    : {
        heading: "Termination",
        body: `Either party may terminate the contract with ${days} days' written notice. If the consumer terminates before the end of the term without just cause, an early termination fee of ${fee} of the remaining contract value is payable.`,
      };
}

function stampTaxClause(
  contract: ContractDocument,
  stampTaxTry: string,
): ContractClause {
  const { language } = contract;
  const value = formatTry(contract.contract_value_try);
  // Stamp tax rates are per-mille figures such as 0.948 %, so three digits.
  const rate = formatPercentLabel(
    formatDecimal(contract.stamp_tax_rate_pct, 3),
    language,
  );
  const tax = formatTry(stampTaxTry);

  return language === "tr"
    ? {
        heading: "Damga Vergisi",
        body: `Sözleşme bedeli ${value} olup ${rate} oranında hesaplanan ${tax} damga vergisi tüketici tarafından ödenir ve ilk faturaya yansıtılır.`,
      }
    : {
        heading: "Stamp Tax",
        body: `The contract value is ${value}. Stamp tax of ${tax}, at ${rate}, is payable by the consumer and is charged on the first invoice.`,
      };
}

function discountPriceClause(contract: ContractDocument): ContractClause {
  const terms = contract.price_terms;
  if (terms.kind !== "regulated_discount") {
    throw new Error(
      `Contract ${contract.contract_number}: the discount template needs regulated_discount price terms, got ${terms.kind}`,
    );
  }

  const discount = percent(terms.discount_pct, contract.language);

  return contract.language === "tr"
    ? {
        heading: "Fiyat",
        body: `Aktif enerji bedeli, EPDK tarafından onaylanan ve görevli tedarik şirketince uygulanan güncel tarifedeki aktif enerji bedelinin ${discount} indirimli halidir. Dağıtım bedeli, vergi ve fonlar mevzuata göre ayrıca yansıtılır.`,
      }
    : {
        heading: "Price",
        body: `The active energy charge is the regulated active energy charge in force, approved by EPDK and applied by the incumbent supplier, less a discount of ${discount}. Distribution fees, taxes and levies are passed through as regulated.`,
      };
}

function fixedPriceClause(contract: ContractDocument): ContractClause {
  const terms = contract.price_terms;
  if (terms.kind !== "fixed_price") {
    throw new Error(
      `Contract ${contract.contract_number}: the fixed price template needs fixed_price price terms, got ${terms.kind}`,
    );
  }

  const prices = terms.unit_prices_try_per_kwh;
  const list = `T1 ${formatDecimal(prices.T1, 4)}, T2 ${formatDecimal(prices.T2, 4)}, T3 ${formatDecimal(prices.T3, 4)} TL/kWh`;

  return contract.language === "tr"
    ? {
        heading: "Fiyat",
        body: `Aktif enerji birim fiyatları sözleşme süresince sabittir: ${list}. Dağıtım bedeli, vergi ve fonlar mevzuata göre ayrıca yansıtılır.`,
      }
    : {
        heading: "Price",
        body: `The active energy unit prices are fixed for the term of the contract: ${list}. Distribution fees, taxes and levies are passed through as regulated.`,
      };
}

function ptfIndexedPriceClause(contract: ContractDocument): ContractClause {
  const terms = contract.price_terms;
  if (terms.kind !== "ptf_indexed") {
    throw new Error(
      `Contract ${contract.contract_number}: the PTF-indexed template needs ptf_indexed price terms, got ${terms.kind}`,
    );
  }

  const tr = contract.language === "tr";
  let rule: string;
  if (terms.coefficient !== undefined) {
    const coefficient = formatDecimal(terms.coefficient, 4);
    rule = tr
      ? `PTF ile YEKDEM birim maliyetinin toplamının ${coefficient} katıdır`
      : `PTF plus the YEKDEM unit cost, multiplied by ${coefficient}`;
  } else {
    const margin = `${formatDecimal(terms.margin_try_per_mwh ?? "0", 2)} TL/MWh`;
    rule = tr
      ? `PTF ile YEKDEM birim maliyetinin toplamına ${margin} eklenerek bulunur`
      : `PTF plus the YEKDEM unit cost plus ${margin}`;
  }

  return tr
    ? {
        heading: "Fiyat",
        body: `Her saatin aktif enerji birim fiyatı, EPİAŞ'ın o saat için yayımladığı piyasa takas fiyatı (PTF) ile o ayın YEKDEM birim maliyetinin toplamına göre hesaplanır: ${rule}. Dağıtım bedeli, vergi ve fonlar mevzuata göre ayrıca yansıtılır.`,
      }
    : {
        heading: "Price",
        body: `The active energy unit price of each hour follows the market clearing price (PTF) EPİAŞ publishes for that hour and the month's YEKDEM unit cost: ${rule}. Distribution fees, taxes and levies are passed through as regulated.`,
      };
}

function subjectClause(contract: ContractDocument): ContractClause {
  return contract.language === "tr"
    ? {
        heading: "Konu",
        body: "Bu sözleşme, serbest tüketici niteliğindeki tüketicinin ekteki sayaçlarda tüketeceği elektrik enerjisinin tedarikçi tarafından satışına ilişkin koşulları düzenler.",
      }
    : {
        heading: "Subject",
        body: "This contract sets the terms on which the supplier sells electricity to the consumer, an eligible consumer, for the metering points listed below.",
      };
}

export const CONTRACT_TEMPLATES: ContractTemplate[] = [
  {
    id: "indirimli-2025",
    strategy: "indirimli",
    valid_from: "2025-01-01",
    valid_to: "2025-12-31",
    title: {
      tr: "İndirimli Elektrik Satış Sözleşmesi",
      en: "Discounted Electricity Supply Contract",
    },
    clauses: (contract) => [
      subjectClause(contract),
      periodClause(contract),
      discountPriceClause(contract),
      paymentClause(contract),
      terminationClause(contract),
    ],
    required_documents: COMMON_DOCUMENTS,
  },
  {
    id: "indirimli-2026",
    strategy: "indirimli",
    valid_from: "2026-01-01",
    title: {
      tr: "İndirimli Elektrik Satış Sözleşmesi (2026)",
      en: "Discounted Electricity Supply Contract (2026)",
    },
    clauses: (contract) => [
      subjectClause(contract),
      periodClause(contract),
      discountPriceClause(contract),
      paymentClause(contract),
      terminationClause(contract),
    ],
    required_documents: {
      tr: [...COMMON_DOCUMENTS.tr, "Akıllı sayaç / OSOS bilgileri"],
      en: [...COMMON_DOCUMENTS.en, "Smart meter (OSOS) details"],
    },
  },
  {
    id: "sabit-fiyat-2026",
    strategy: "sabit_fiyat",
    valid_from: "2026-01-01",
    title: {
      tr: "Sabit Fiyatlı Elektrik Satış Sözleşmesi",
      en: "Fixed Price Electricity Supply Contract",
    },
    clauses: (contract) => [
      subjectClause(contract),
      periodClause(contract),
      fixedPriceClause(contract),
      paymentClause(contract),
      terminationClause(contract),
    ],
    required_documents: {
      tr: [...COMMON_DOCUMENTS.tr, "Teminat mektubu veya nakit teminat"],
      en: [...COMMON_DOCUMENTS.en, "Bank guarantee letter or cash collateral"],
    },
  },
  {
    id: "ptf-endeksli-2026",
    strategy: "ptf_endeksli",
    valid_from: "2026-01-01",
    title: {
      tr: "PTF Endeksli Elektrik Satış Sözleşmesi",
      en: "PTF-Indexed Electricity Supply Contract",
    },
    clauses: (contract) => [
      subjectClause(contract),
      periodClause(contract),
      ptfIndexedPriceClause(contract),
      paymentClause(contract),
      terminationClause(contract),
    ],
    required_documents: {
      tr: [...COMMON_DOCUMENTS.tr, "Akıllı sayaç / OSOS bilgileri"],
      en: [...COMMON_DOCUMENTS.en, "Smart meter (OSOS) details"],
    },
  },
];

/**
 * Selects the template of a sales strategy whose validity period contains
 * the date; raises an error when none or more than one applies.
 */
export function selectContractTemplate(
  strategy: SalesStrategy,
  date: DateString,
  templates: ContractTemplate[] = CONTRACT_TEMPLATES,
): ContractTemplate {
  const matches = templates.filter(
    (template) =>
      template.strategy === strategy &&
      template.valid_from <= date &&
      (template.valid_to === undefined || date <= template.valid_to),
  );
  if (matches.length !== 1) {
    const found = matches.map((template) => template.id).join(", ") || "none";
    throw new Error(
      `Expected one contract template for strategy "${strategy}" on ${date}, found ${found}`,
    );
  }

  return matches[0] as ContractTemplate;
}

export { stampTaxClause };
