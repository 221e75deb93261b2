// Errors raised by the project's own SQL functions and triggers. They carry
// no code of their own beyond the SQLSTATE, so they are recognised by their
// message format. Each pattern names the format string of its `raise
// exception` (the `template`), and a test checks that every template still
// occurs in supabase/migrations.
import type {
  ErrorCode,
  ErrorContext,
  ErrorLanguage,
  ErrorParams,
} from "./error-texts.ts";
import { monthLabel } from "./months.ts";

const OFFER_STATES: Record<string, { tr: string; en: string }> = {
  draft: { tr: "Taslak", en: "Draft" },
  awaiting_approval: { tr: "Onay bekliyor", en: "Awaiting approval" },
  approved: { tr: "Onaylandı", en: "Approved" },
  sent: { tr: "Gönderildi", en: "Sent" },
  accepted: { tr: "Kabul edildi", en: "Accepted" },
  rejected: { tr: "Reddedildi", en: "Rejected" },
  expired: { tr: "Süresi doldu", en: "Expired" },
  contracted: { tr: "Sözleşmeye döndü", en: "Contracted" },
  sent_back: { tr: "Geri gönderildi", en: "Sent back" },
};

const LIFECYCLES: Record<string, { tr: string; en: string }> = {
  lead: { tr: "Aday", en: "Lead" },
  customer: { tr: "Müşteri", en: "Customer" },
  former_customer: { tr: "Eski müşteri", en: "Former customer" },
};

const DEALER_LEVELS: Record<string, { tr: string; en: string }> = {
  distributor: { tr: "distribütör", en: "distributor" },
  main_dealer: { tr: "ana bayi", en: "main dealer" },
  sub_dealer: { tr: "alt bayi", en: "sub-dealer" },
};

const IDENTIFIER_KINDS: Record<string, { tr: string; en: string }> = {
  VKN: { tr: "VKN", en: "tax number (VKN)" },
  TCKN: { tr: "TCKN", en: "identity number (TCKN)" },
  IBAN: { tr: "IBAN", en: "IBAN" },
  "phone number": { tr: "Telefon", en: "phone number" },
  "e-mail address": { tr: "E-posta", en: "e-mail address" },
};

// Advice for an invalid identifier, by the hint the trigger sends.
const IDENTIFIER_ADVICE: Record<string, { tr: string; en: string }> = {
  "Write the number in E.164 form, e.g. +905321234567.": {
    tr: "Numarayı +905321234567 biçiminde yazın.",
    en: "Write the number in E.164 form, e.g. +905321234567.",
  },
  "A Turkish IBAN is TR followed by 24 digits.": {
    tr: "Türk IBAN'ı TR ve ardından 24 haneden oluşur.",
    en: "A Turkish IBAN is TR followed by 24 digits.",
  },
  "Check the digits of the number.": {
    tr: "Numaranın hanelerini denetleyin.",
    en: "Check the digits of the number.",
  },
  "Write the address as name@domain, e.g. ali@firma.com.tr.": {
    tr: "Adresi ad@alan biçiminde yazın, ör. ali@firma.com.tr.",
    en: "Write the address as name@domain, e.g. ali@firma.com.tr.",
  },
};

function pick(
  table: Record<string, { tr: string; en: string }>,
  key: string,
  language: ErrorLanguage,
): string {
  return table[key]?.[language] ?? key;
}

// Formats an ISO date (YYYY-MM-DD) as the UI writes dates.
function localDate(isoDate: string, language: ErrorLanguage): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) {
    return isoDate;
  }
  const [, year, month, day] = match;

  return language === "tr"
    ? `${day}.${month}.${year}`
    : `${day}/${month}/${year}`;
}

export type FunctionErrorPattern = {
  code: ErrorCode;
  // The format string of the `raise exception` in supabase/migrations.
  template: string;
  pattern: RegExp;
  params: (match: RegExpExecArray, context: ErrorContext) => ErrorParams;
};

// Messages of the project's SQL functions and triggers, matched before the
// generic SQLSTATE texts.
export const FUNCTION_ERROR_PATTERNS: readonly FunctionErrorPattern[] = [
  {
    code: "offer_state_change",
    template: "Offer state cannot change from % to %",
    pattern: /^Offer state cannot change from (\w+) to (\w+)$/,
    params: ([, from = "", to = ""], { language }) => ({
      from: pick(OFFER_STATES, from, language),
      to: pick(OFFER_STATES, to, language),
    }),
  },
  {
    code: "revision_frozen",
    template: "Revision % of the offer is frozen since %: its % cannot change",
    pattern: /^Revision (\d+) of the offer is frozen since /,
    params: ([, revision = ""]) => ({ revision }),
  },
  {
    code: "customer_has_other_offer",
    template:
      "Customer % already has a valid offer from another seller until %",
    pattern:
      /^Customer (\S+) already has a valid offer from another seller until (\S+)$/,
    params: ([, customer = "", until = ""], { language }) => ({
      customer,
      until: localDate(until, language),
    }),
  },
  {
    code: "pricing_forbidden",
    template:
      "Permission denied for function %: pricing is open to staff and dealer users only",
    pattern: /pricing is open to staff and dealer users only$/,
    params: () => ({}),
  },
  {
    code: "offer_making_forbidden",
    template:
      "Only admins, managers, sales consultants and dealer users can make offers",
    pattern:
      /^Only admins, managers, sales consultants and dealer users can make offers$/,
    params: () => ({}),
  },
  {
    code: "approval_forbidden",
    template: "Only admins and managers can decide offer approvals",
    pattern: /^Only admins and managers can decide offer approvals$/,
    params: () => ({}),
  },
  {
    code: "registration_retry_forbidden",
    template:
      "Only admins and operations staff can request a registration again",
    pattern:
      /^Only admins and operations staff can request a registration again$/,
    params: () => ({}),
  },
  {
    code: "dealer_outside_tree",
    template: "Dealer % is not in your dealer tree",
    pattern: /^Dealer \S+ is not in your dealer tree$/,
    params: () => ({}),
  },
  {
    code: "dealer_parent_invalid",
    template:
      "invalid parent in dealers.parent_dealer_id: a % cannot be under a %",
    pattern:
      /^invalid parent in dealers\.parent_dealer_id: a (\w+) cannot be under a (\w+)$/,
    params: ([, level = "", parent = ""], { language }) => ({
      level: pick(DEALER_LEVELS, level, language),
      parent: pick(DEALER_LEVELS, parent, language),
    }),
  },
  {
    code: "meter_group_other_party",
    template:
      "invalid meter group in metering_points.meter_group_id: % belongs to another party",
    pattern: /^invalid meter group in metering_points\.meter_group_id: /,
    params: () => ({}),
  },
  {
    code: "lifecycle_forbidden",
    template: "permission denied to set parties.lifecycle to %",
    pattern: /^permission denied to set parties\.lifecycle to (\w+)$/,
    params: () => ({}),
  },
  {
    code: "lifecycle_change_invalid",
    template: "invalid lifecycle change in parties.lifecycle: % to %",
    pattern: /^invalid lifecycle change in parties\.lifecycle: (\w+) to (\w+)$/,
    params: ([, from = "", to = ""], { language }) => ({
      from: pick(LIFECYCLES, from, language),
      to: pick(LIFECYCLES, to, language),
    }),
  },
  {
    code: "invalid_identifier",
    template: "invalid % in %.%: %",
    pattern:
      /^invalid (VKN|TCKN|IBAN|phone number|e-mail address) in (\w+)\.(\w+): (.*)$/s,
    params: ([, kind = "", table = "", column = "", value = ""], context) => ({
      kind: pick(IDENTIFIER_KINDS, kind, context.language),
      field:
        context.labelField?.(column, { table }, context.language) ??
        pick(IDENTIFIER_KINDS, kind, context.language),
      value,
      advice: pick(
        IDENTIFIER_ADVICE,
        context.error.hint ?? "",
        context.language,
      ),
    }),
  },
  {
    code: "offer_expired",
    template: "Offer %s expired on %s",
    pattern: /^Offer (\S+) expired on (\d{4}-\d{2}-\d{2})$/,
    params: ([, offer = "", date = ""], { language }) => ({
      offer,
      date: localDate(date, language),
    }),
  },
  {
    code: "offer_not_sendable",
    template: "Offer %s is %s: only approved offers can be sent",
    pattern: /^Offer (\S+) is (\w+): only approved offers can be sent$/,
    params: ([, offer = "", state = ""], { language }) => ({
      offer,
      state: pick(OFFER_STATES, state, language),
    }),
  },
  {
    code: "offer_not_draft",
    template: "Offer %s is %s: only a draft can be edited",
    pattern: /^Offer (\S+) is (\w+): only a draft can be edited$/,
    params: ([, offer = "", state = ""], { language }) => ({
      offer,
      state: pick(OFFER_STATES, state, language),
    }),
  },
  {
    code: "offer_no_recipient",
    template: "Offer %s has no recipient",
    pattern: /^Offer (\S+) has no recipient$/,
    params: ([, offer = ""]) => ({ offer }),
  },
  {
    code: "send_back_needs_note",
    template: "Sending an offer back needs a note for the seller",
    pattern: /^Sending an offer back needs a note for the seller$/,
    params: () => ({}),
  },
  {
    code: "valid_until_past",
    template: "valid_until %s is in the past",
    pattern: /^valid_until (\S+) is in the past$/,
    params: ([, date = ""], { language }) => ({
      date: localDate(date, language),
    }),
  },
  {
    code: "ptf_missing",
    template: "%s hours of the period have no published PTF",
    pattern: /^(\d+) hours of the period have no published PTF$/,
    params: ([, hours = ""]) => ({ hours }),
  },
  {
    code: "offer_tariffs_differ",
    template:
      "The metering points of an offer must share region, subscriber group, voltage level and tariff type",
    pattern:
      /^The metering points of an offer must share region, subscriber group, voltage level and tariff type$/,
    params: () => ({}),
  },
  {
    code: "offer_point_other_party",
    template:
      "A metering point of consumption.metering_point_ids is not the party''s",
    pattern:
      /^A metering point of consumption\.metering_point_ids is not the party's$/,
    params: () => ({}),
  },
  {
    code: "forward_price_missing",
    template:
      "No published PTF and no forward price expectation for %s: choose months with published PTF, or have an admin or manager enter a forward price expectation for them",
    pattern:
      /^No published PTF and no forward price expectation for ([\d, -]+): choose months /,
    params: ([, months = ""], { language }) => ({
      months: months
        .split(", ")
        .map((month) => monthLabel(month, language))
        .join(", "),
    }),
  },
  {
    code: "consumption_zero",
    template:
      "Total consumption in %s is 0 kWh: an offer needs consumption to be priced",
    pattern:
      /^Total consumption in \S+ is 0 kWh: an offer needs consumption to be priced$/,
    params: () => ({}),
  },
  {
    code: "metering_point_in_contract",
    template: "Metering point % is already in contract %",
    pattern: /^Metering point (\S+) is already in contract (\S+)$/,
    params: ([, point = "", contract = ""]) => ({ point, contract }),
  },
];
