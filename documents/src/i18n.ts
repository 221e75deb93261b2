// Labels, month names and date formats of the documents in Turkish (the
// default) and English.

import type { DateString, Language, MonthString } from "./types.ts";

const MONTH_NAMES: Record<Language, string[]> = {
  tr: [
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
  ],
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
};

function parseMonth(month: MonthString): { year: string; index: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const index = match ? Number(match[2]) - 1 : -1;
  if (!match?.[1] || index < 0 || index > 11) {
    throw new Error(`Invalid month "${month}": expected YYYY-MM`);
  }

  return { year: match[1], index };
}

/** Formats "2026-02" as "Şubat 2026" (or "February 2026"). */
export function formatMonth(month: MonthString, language: Language): string {
  const { year, index } = parseMonth(month);

  return `${MONTH_NAMES[language][index]} ${year}`;
}

/** Formats "2026-02" as the short chart label "Şub" (or "Feb"). */
export function formatMonthShort(
  month: MonthString,
  language: Language,
): string {
  const { index } = parseMonth(month);

  return (MONTH_NAMES[language][index] ?? "").slice(0, 3);
}

/** Formats "2026-12-31" as "31.12.2026" in Turkish and "31 December 2026". */
export function formatDate(date: DateString, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) {
    throw new Error(`Invalid date "${date}": expected YYYY-MM-DD`);
  }

  const [, year, month, day] = match;
  if (language === "tr") {
    return `${day}.${month}.${year}`;
  }

  const monthName = MONTH_NAMES.en[Number(month) - 1];

  return `${Number(day)} ${monthName} ${year}`;
}

/** Formats a percentage string: "12.5" is "%12,5" in Turkish, "12.5%". */
export function formatPercentLabel(
  formattedNumber: string,
  language: Language,
): string {
  return language === "tr" ? `%${formattedNumber}` : `${formattedNumber}%`;
}

const TURKISH_LABELS = {
  page: (pageNumber: number, totalPages: number) =>
    `Sayfa ${pageNumber} / ${totalPages}`,
  offerTitle: "Elektrik Enerjisi Satış Teklifi",
  offerNumber: "Teklif No",
  revision: "Revizyon",
  issueDate: "Teklif Tarihi",
  validUntil: "Geçerlilik Tarihi",
  attention: "Sayın",
  customer: "Müşteri",
  taxId: "Vergi / T.C. Kimlik No",
  address: "Adres",
  meteringPoints: "Sayaçlar",
  meteringPointCode: "Tesisat / Sayaç Kodu",
  region: "Dağıtım Bölgesi",
  subscriberGroup: "Abone Grubu",
  tariffType: "Tarife Tipi",
  singleTime: "Tek zamanlı",
  threeTime: "Üç zamanlı",
  consumption: "Zamana Göre Tüketim (kWh)",
  month: "Ay",
  total: "Toplam",
  alternative: "Alternatif",
  pricing: "Fiyatlandırma",
  regulatedDiscount: (pct: string) =>
    `Görevli tedarik şirketi enerji bedeline ${pct} indirim`,
  fixedPrice: "Sabit birim fiyat",
  ptfIndexed: "PTF'ye endeksli fiyat",
  ptfMargin: (margin: string) => `PTF + YEKDEM + ${margin} TL/MWh`,
  ptfCoefficient: (coefficient: string) => `PTF × ${coefficient}`,
  timeZone: "Zaman Dilimi",
  regulatedUnitPrice: "Düzenlenmiş Birim Fiyat (TL/kWh)",
  offerUnitPrice: "Teklif Birim Fiyatı (TL/kWh)",
  regulatedBill: "Düzenlenmiş Tarife Faturası",
  offerBill: "Teklif Faturası",
  savings: "Tasarruf",
  savingsPct: "Tasarruf %",
  monthlyBills: "Aylık Faturalar ve Tasarruf",
  chartTitle: "Aylık fatura karşılaştırması",
  terms: "Koşullar",
  paymentTerm: (days: number) => `Ödeme vadesi: fatura tarihinden ${days} gün`,
  validity: (date: string) => `Bu teklif ${date} tarihine kadar geçerlidir.`,
  zones: { T1: "T1 Gündüz", T2: "T2 Puant", T3: "T3 Gece" },
  singleTimeConsumption: "Aylık Tüketim (kWh)",
  comparisonTitle: "Teklif Karşılaştırması",
  period: "Dönem",
  annualConsumption: "Yıllık Tüketim",
  supplier: "Tedarikçi",
  quotedTerms: "Teklif Edilen Koşul",
  annualCost: "Yıllık Maliyet",
  periodConsumption: "Dönem Tüketimi",
  periodCost: "Dönem Maliyeti",
  periodNote: (months: number) =>
    `Fark, o teklifin dönem maliyeti eksi teklifimizin dönem maliyetidir; pozitif değer teklifimizin daha ucuz olduğunu gösterir. Rakip tekliflerin yıllık bedeli ${months} aylık döneme oranlanmıştır.`,
  differenceToOffer: "Teklifimize Göre Fark",
  savingsVsRegulated: "Düzenlenmiş Tarifeye Göre Tasarruf",
  regulatedTariff: "Düzenlenmiş tarife (görevli tedarik şirketi)",
  ourOffer: "Teklifimiz",
  discountTerm: (pct: string) => `${pct} indirim`,
  unitPriceTerm: (price: string) => `${price} TL/kWh`,
  comparisonNote:
    "Fark, ilgili teklifin yıllık maliyeti ile teklifimizin yıllık maliyeti arasındaki farktır; pozitif değer teklifimizin daha ucuz olduğunu gösterir.",
  contractNumber: "Sözleşme No",
  parties: "Taraflar",
  supplierParty: "Tedarikçi",
  customerParty: "Tüketici",
  startDate: "Başlangıç Tarihi",
  endDate: "Bitiş Tarihi",
  contractValue: "Sözleşme Bedeli",
  stampTax: "Damga Vergisi",
  stampTaxRate: "Damga vergisi oranı",
  requiredDocuments: "Gerekli Belgeler",
  signatures: "İmzalar",
  nameSurname: "Ad Soyad",
  titleLabel: "Unvan",
  signature: "İmza / Kaşe",
  date: "Tarih",
  demoPrices: "Demo fiyatlar",
  demoPricesDetail: (figures: string) =>
    `Bu teklif gerçek değil, örnek olarak üretilmiş verilerle hesaplandı: ${figures}.`,
  demoFigures: {
    "market prices": "piyasa fiyatları (PTF/SMF ya da beklenen PTF)",
    YEKDEM: "YEKDEM",
    "energy tariff": "enerji tarifesi",
    "distribution tariff": "dağıtım bedeli",
    "tax rates": "vergi oranları",
  } as Record<string, string>,
  expectedOfferUnitPrice: "Beklenen Ortalama Birim Fiyat (TL/kWh)",
  expectedUnitPriceNote:
    "PTF'ye endeksli fiyatta birim fiyat her ay o ayın PTF'si ile hesaplanır; tabloda teklif dönemi için beklenen ortalama gösterilir.",
};

export type Labels = typeof TURKISH_LABELS;

const ENGLISH_LABELS: Labels = {
  page: (pageNumber: number, totalPages: number) =>
    `Page ${pageNumber} / ${totalPages}`,
  offerTitle: "Electricity Supply Offer",
  offerNumber: "Offer No",
  revision: "Revision",
  issueDate: "Offer Date",
  validUntil: "Valid Until",
  attention: "Attn.",
  customer: "Customer",
  taxId: "Tax / National ID",
  address: "Address",
  meteringPoints: "Metering Points",
  meteringPointCode: "Metering Point Code",
  region: "Distribution Region",
  subscriberGroup: "Subscriber Group",
  tariffType: "Tariff Type",
  singleTime: "Single-time",
  threeTime: "Three-time",
  consumption: "Consumption by Time Zone (kWh)",
  month: "Month",
  total: "Total",
  alternative: "Alternative",
  pricing: "Pricing",
  regulatedDiscount: (pct: string) =>
    `${pct} discount on the regulated energy charge`,
  fixedPrice: "Fixed unit price",
  ptfIndexed: "PTF-indexed price",
  ptfMargin: (margin: string) => `PTF + YEKDEM + ${margin} TL/MWh`,
  ptfCoefficient: (coefficient: string) => `PTF × ${coefficient}`,
  timeZone: "Time Zone",
  regulatedUnitPrice: "Regulated Unit Price (TL/kWh)",
  offerUnitPrice: "Offer Unit Price (TL/kWh)",
  regulatedBill: "Regulated Tariff Bill",
  offerBill: "Offer Bill",
  savings: "Savings",
  savingsPct: "Savings %",
  monthlyBills: "Monthly Bills and Savings",
  chartTitle: "Monthly bill comparison",
  terms: "Terms",
  paymentTerm: (days: number) =>
    `Payment term: ${days} days from the invoice date`,
  validity: (date: string) => `This offer is valid until ${date}.`,
  zones: { T1: "T1 Day", T2: "T2 Peak", T3: "T3 Night" },
  singleTimeConsumption: "Monthly Consumption (kWh)",
  comparisonTitle: "Offer Comparison",
  period: "Period",
  annualConsumption: "Annual Consumption",
  supplier: "Supplier",
  quotedTerms: "Quoted Terms",
  annualCost: "Annual Cost",
  periodConsumption: "Consumption in the Period",
  periodCost: "Cost in the Period",
  periodNote: (months: number) =>
    `The difference is the cost of that offer in the period minus the cost of our offer; a positive value means our offer is cheaper. Competitors' annual bills are prorated to the ${months}-month period.`,
  differenceToOffer: "Difference to Our Offer",
  savingsVsRegulated: "Savings vs Regulated Tariff",
  regulatedTariff: "Regulated tariff (incumbent supplier)",
  ourOffer: "Our offer",
  discountTerm: (pct: string) => `${pct} discount`,
  unitPriceTerm: (price: string) => `${price} TL/kWh`,
  comparisonNote:
    "The difference is the annual cost of that offer minus the annual cost of our offer; a positive value means our offer is cheaper.",
  contractNumber: "Contract No",
  parties: "Parties",
  supplierParty: "Supplier",
  customerParty: "Consumer",
  startDate: "Start Date",
  endDate: "End Date",
  contractValue: "Contract Value",
  stampTax: "Stamp Tax",
  stampTaxRate: "Stamp tax rate",
  requiredDocuments: "Required Documents",
  signatures: "Signatures",
  nameSurname: "Name",
  titleLabel: "Title",
  signature: "Signature / Stamp",
  date: "Date",
  demoPrices: "Demo prices",
  demoPricesDetail: (figures: string) =>
    `This offer is priced with generated demo figures, not real ones: ${figures}.`,
  demoFigures: {
    "market prices": "market prices (PTF/SMF or expected PTF)",
    YEKDEM: "YEKDEM",
    "energy tariff": "energy tariff",
    "distribution tariff": "distribution charge",
    "tax rates": "tax rates",
  },
  expectedOfferUnitPrice: "Expected Average Unit Price (TL/kWh)",
  expectedUnitPriceNote:
    "A PTF-indexed unit price is worked out each month from that month's PTF; the table shows the expected average over the offer period.",
};

export const LABELS: Record<Language, Labels> = {
  tr: TURKISH_LABELS,
  en: ENGLISH_LABELS,
};
