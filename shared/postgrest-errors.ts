// Turns a PostgREST error (code = SQLSTATE or PGRSTxxx, message, details,
// hint) into a sentence for the user in Turkish or English. The technical
// text stays available beside it, so that support still sees the constraint,
// the column and the value that failed.
//
// Errors raised by the project's own SQL functions carry no code of their
// own beyond the SQLSTATE, so they are recognised by their message format.
// Each pattern names the format string of its `raise exception` (the
// `template`), and a test checks that every template still occurs in
// supabase/migrations.

export type ErrorLanguage = "tr" | "en";

// The fields of a PostgREST error body, as supabase-js returns them.
export type PostgrestErrorLike = {
  code?: string | null;
  message?: string | null;
  details?: string | null;
  hint?: string | null;
};

// Returns the UI label of a column, or undefined when it is not known.
// `table` is the table named by the error; `constraint` the constraint name,
// whose first words are the table's name by Postgres's default naming.
export type FieldLabeler = (
  column: string,
  where: { table?: string; constraint?: string },
  language: ErrorLanguage,
) => string | undefined;

export const ERROR_CODES = [
  "network",
  "unique_violation",
  "foreign_key_missing",
  "foreign_key_in_use",
  "not_null_violation",
  "check_violation",
  "permission_denied",
  "row_security",
  "session_expired",
  "not_found",
  "invalid_text",
  "number_out_of_range",
  "invalid_parameter",
  "serialization_failure",
  "timeout",
  "rejected_by_rule",
  "request_invalid",
  "unknown",
  // Errors of the auth service (Supabase Auth), by its error codes
  "invalid_credentials",
  "email_not_confirmed",
  "user_banned",
  "weak_password",
  "same_password",
  "rate_limited",
  // Errors raised by the project's SQL functions
  "tax_identity_duplicate",
  "tax_identity_kind",
  "invalid_identifier",
  "offer_state_change",
  "revision_frozen",
  "customer_has_other_offer",
  "pricing_forbidden",
  "offer_making_forbidden",
  "approval_forbidden",
  "registration_retry_forbidden",
  "dealer_outside_tree",
  "dealer_parent_invalid",
  "meter_group_other_party",
  "lifecycle_forbidden",
  "lifecycle_change_invalid",
  "offer_expired",
  "offer_not_sendable",
  "offer_not_draft",
  "offer_no_recipient",
  "send_back_needs_note",
  "valid_until_past",
  "ptf_missing",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type TranslatedError = {
  code: ErrorCode;
  // Sentence for the user in the requested language.
  message: string;
  // The server's own text: code, message, details and hint, or "" when the
  // error had none.
  technical: string;
};

type Params = Record<string, string>;
type Text = (params: Params) => string;

// A field phrase: "«VKN» alanı" or "the field «VKN»"; empty when unknown.
function fieldTr(params: Params): string {
  return params.field ? `«${params.field}» alanı` : "";
}

function fieldEn(params: Params): string {
  return params.field ? `the field «${params.field}»` : "";
}

const TEXTS: Record<ErrorCode, { tr: Text; en: Text }> = {
  network: {
    tr: () =>
      "Sunucuya ulaşılamadı. İnternet bağlantınızı denetleyip yeniden deneyin.",
    en: () =>
      "The server could not be reached. Check your connection and try again.",
  },
  unique_violation: {
    tr: (p) =>
      p.field
        ? `Bu ${p.field} değeri${p.value ? ` (${p.value})` : ""} başka bir kayıtta zaten var.`
        : "Aynı değerlerle başka bir kayıt zaten var.",
    en: (p) =>
      p.field
        ? `Another record already has this ${p.field}${p.value ? ` (${p.value})` : ""}.`
        : "Another record already has the same values.",
  },
  foreign_key_missing: {
    tr: (p) =>
      p.field
        ? `${fieldTr(p)} için seçilen kayıt bulunamadı. Listeden yeniden seçin.`
        : "Bağlı bir kayıt bulunamadı. Seçimlerinizi denetleyin.",
    en: (p) =>
      p.field
        ? `The record chosen for ${fieldEn(p)} does not exist. Choose it again from the list.`
        : "A linked record does not exist. Check your choices.",
  },
  foreign_key_in_use: {
    tr: () =>
      "Bu kayda başka kayıtlar bağlı olduğu için silinemiyor veya değiştirilemiyor.",
    en: () =>
      "Other records refer to this record, so it cannot be deleted or changed.",
  },
  not_null_violation: {
    tr: (p) =>
      p.field ? `${fieldTr(p)} boş bırakılamaz.` : "Zorunlu bir alan boş.",
    en: (p) =>
      p.field
        ? `${capitalise(fieldEn(p))} is required.`
        : "A required field is empty.",
  },
  check_violation: {
    tr: (p) =>
      p.field
        ? `${fieldTr(p)} için girilen değer geçersiz.`
        : "Girilen değerler kurallara uymuyor.",
    en: (p) =>
      p.field
        ? `The value of ${fieldEn(p)} is invalid.`
        : "The values entered break a rule of the record.",
  },
  permission_denied: {
    tr: () => "Bu işlem için yetkiniz yok.",
    en: () => "You do not have permission for this action.",
  },
  row_security: {
    tr: () =>
      "Bu kaydı ekleme veya değiştirme yetkiniz yok (kayıt sizin erişiminizin dışında kalıyor).",
    en: () =>
      "You may not add or change this record: it would fall outside what you can access.",
  },
  session_expired: {
    tr: () => "Oturumunuzun süresi doldu. Yeniden giriş yapın.",
    en: () => "Your session has expired. Sign in again.",
  },
  not_found: {
    tr: () => "Kayıt bulunamadı ya da görme yetkiniz yok.",
    en: () => "The record was not found, or you may not see it.",
  },
  invalid_text: {
    tr: (p) =>
      p.value
        ? `«${p.value}» değeri beklenen biçimde değil.`
        : "Bir değer beklenen biçimde değil.",
    en: (p) =>
      p.value
        ? `The value «${p.value}» is not in the expected format.`
        : "A value is not in the expected format.",
  },
  number_out_of_range: {
    tr: () => "Girilen sayı izin verilen aralığın dışında.",
    en: () => "A number entered is outside the allowed range.",
  },
  invalid_parameter: {
    tr: () => "Sunucu girilen değerleri kabul etmedi.",
    en: () => "The server rejected the values entered.",
  },
  serialization_failure: {
    tr: () =>
      "Kayıt aynı anda başka biri tarafından değiştirildi. Yeniden deneyin.",
    en: () => "Someone else changed the record at the same time. Try again.",
  },
  timeout: {
    tr: () => "İşlem zaman aşımına uğradı. Daha dar bir aralıkla deneyin.",
    en: () => "The operation timed out. Try again with a narrower range.",
  },
  rejected_by_rule: {
    tr: () => "İşlem bir iş kuralı nedeniyle reddedildi.",
    en: () => "A business rule rejected the operation.",
  },
  request_invalid: {
    tr: () => "İstek sunucu tarafından anlaşılamadı.",
    en: () => "The server could not understand the request.",
  },
  unknown: {
    tr: () => "Beklenmeyen bir hata oluştu.",
    en: () => "An unexpected error occurred.",
  },
  invalid_credentials: {
    tr: () => "E-posta adresi veya şifre hatalı.",
    en: () => "The e-mail address or the password is wrong.",
  },
  email_not_confirmed: {
    tr: () =>
      "E-posta adresiniz henüz doğrulanmadı. Size gönderilen bağlantıyı açın.",
    en: () =>
      "Your e-mail address is not confirmed yet. Open the link sent to you.",
  },
  user_banned: {
    tr: () => "Bu kullanıcının erişimi durduruldu.",
    en: () => "This user's access is suspended.",
  },
  weak_password: {
    tr: () => "Şifre yeterince güçlü değil. Daha uzun bir şifre seçin.",
    en: () => "The password is too weak. Choose a longer one.",
  },
  same_password: {
    tr: () => "Yeni şifre eskisiyle aynı olamaz.",
    en: () => "The new password must differ from the old one.",
  },
  rate_limited: {
    tr: () => "Çok fazla deneme yapıldı. Biraz bekleyip yeniden deneyin.",
    en: () => "Too many attempts. Wait a little and try again.",
  },
  tax_identity_duplicate: {
    tr: () => "Bu VKN veya TCKN ile kayıtlı bir firma / kişi zaten var.",
    en: () => "A party with this tax or identity number already exists.",
  },
  tax_identity_kind: {
    tr: () =>
      "Firmalar için yalnızca VKN, kişiler için yalnızca TCKN girilmelidir.",
    en: () =>
      "Enter a tax number (VKN) for a company and an identity number (TCKN) for a person, not both.",
  },
  invalid_identifier: {
    tr: (p) =>
      `${p.field ? fieldTr(p) : p.kind} için girilen değer geçersiz: ${p.value}. ${p.advice}`,
    en: (p) =>
      `The value of ${p.field ? fieldEn(p) : p.kind} is invalid: ${p.value}. ${p.advice}`,
  },
  offer_state_change: {
    tr: (p) => `Teklif «${p.from}» durumundan «${p.to}» durumuna geçemez.`,
    en: (p) => `The offer cannot go from «${p.from}» to «${p.to}».`,
  },
  revision_frozen: {
    tr: (p) =>
      `Teklifin ${p.revision}. revizyonu kilitli, değiştirilemez. Yeni bir revizyon oluşturun.`,
    en: (p) =>
      `Revision ${p.revision} of the offer is locked. Create a new revision.`,
  },
  customer_has_other_offer: {
    tr: (p) =>
      `${p.customer} müşterisinin ${p.until} tarihine kadar geçerli, başka bir satıcıdan teklifi var.`,
    en: (p) =>
      `Customer ${p.customer} has a valid offer from another seller until ${p.until}.`,
  },
  pricing_forbidden: {
    tr: () =>
      "Fiyat hesaplamayı yalnızca personel ve bayi kullanıcıları yapabilir.",
    en: () => "Only staff members and dealer users can calculate prices.",
  },
  offer_making_forbidden: {
    tr: () =>
      "Teklifi yalnızca yöneticiler, müdürler, satış danışmanları ve bayi kullanıcıları hazırlayabilir.",
    en: () =>
      "Only admins, managers, sales consultants and dealer users can make offers.",
  },
  approval_forbidden: {
    tr: () =>
      "Teklif onaylarına yalnızca yöneticiler ve müdürler karar verebilir.",
    en: () => "Only admins and managers can decide offer approvals.",
  },
  registration_retry_forbidden: {
    tr: () =>
      "Kayıt başvurusunu yalnızca yöneticiler ve operasyon personeli yeniden yapabilir.",
    en: () =>
      "Only admins and operations staff can request a registration again.",
  },
  dealer_outside_tree: {
    tr: () => "Seçilen bayi sizin bayi ağacınızda değil.",
    en: () => "The chosen dealer is not in your dealer tree.",
  },
  dealer_parent_invalid: {
    tr: (p) => `Bir ${p.level}, bir ${p.parent} altına bağlanamaz.`,
    en: (p) => `A ${p.level} cannot be placed under a ${p.parent}.`,
  },
  meter_group_other_party: {
    tr: () => "Seçilen sayaç grubu başka bir firmaya / kişiye ait.",
    en: () => "The chosen meter group belongs to another party.",
  },
  lifecycle_forbidden: {
    tr: () =>
      "Durumu değiştirme yetkiniz yok. Firma, sözleşmesi portföye girince müşteri olur.",
    en: () =>
      "You may not change the lifecycle. A party becomes a customer when its contract enters the portfolio.",
  },
  lifecycle_change_invalid: {
    tr: (p) => `Durum «${p.from}» iken «${p.to}» yapılamaz.`,
    en: (p) => `The lifecycle cannot change from «${p.from}» to «${p.to}».`,
  },
  offer_expired: {
    tr: (p) => `${p.offer} numaralı teklifin süresi ${p.date} tarihinde doldu.`,
    en: (p) => `Offer ${p.offer} expired on ${p.date}.`,
  },
  offer_not_sendable: {
    tr: (p) =>
      `${p.offer} numaralı teklif «${p.state}» durumunda. Yalnızca onaylı teklifler gönderilebilir.`,
    en: (p) =>
      `Offer ${p.offer} is «${p.state}». Only approved offers can be sent.`,
  },
  offer_not_draft: {
    tr: (p) =>
      `${p.offer} numaralı teklif «${p.state}» durumunda. Yalnızca taslak düzenlenebilir.`,
    en: (p) => `Offer ${p.offer} is «${p.state}». Only a draft can be edited.`,
  },
  offer_no_recipient: {
    tr: (p) =>
      `${p.offer} numaralı teklifin alıcısı yok. Firmaya bir e-posta adresi girin.`,
    en: (p) =>
      `Offer ${p.offer} has no recipient. Enter an e-mail address for the party.`,
  },
  send_back_needs_note: {
    tr: () => "Teklifi geri göndermek için satıcıya bir not yazın.",
    en: () => "Write a note for the seller to send the offer back.",
  },
  valid_until_past: {
    tr: (p) => `Geçerlilik tarihi (${p.date}) geçmişte kalıyor.`,
    en: (p) => `The valid-until date (${p.date}) is in the past.`,
  },
  ptf_missing: {
    tr: (p) =>
      `Dönemin ${p.hours} saati için yayımlanmış PTF yok. Dönemi daraltın.`,
    en: (p) =>
      `${p.hours} hours of the period have no published PTF. Choose a shorter period.`,
  },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

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

type Context = {
  error: PostgrestErrorLike;
  language: ErrorLanguage;
  labelField?: FieldLabeler;
};

export type FunctionErrorPattern = {
  code: ErrorCode;
  // The format string of the `raise exception` in supabase/migrations.
  template: string;
  pattern: RegExp;
  params: (match: RegExpExecArray, context: Context) => Params;
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
];

// Constraints whose name does not name the column they guard.
const NAMED_CONSTRAINTS: Record<string, ErrorCode> = {
  parties_customer_code_key: "tax_identity_duplicate",
  parties_tax_identity_check: "tax_identity_kind",
  dealers_tax_identity_check: "tax_identity_kind",
};

// Error codes of the auth service (Supabase Auth).
const AUTH_CODES: Record<string, ErrorCode> = {
  invalid_credentials: "invalid_credentials",
  email_not_confirmed: "email_not_confirmed",
  user_banned: "user_banned",
  weak_password: "weak_password",
  same_password: "same_password",
  over_request_rate_limit: "rate_limited",
  over_email_send_rate_limit: "rate_limited",
  bad_jwt: "session_expired",
  session_not_found: "session_expired",
  refresh_token_not_found: "session_expired",
  user_not_found: "not_found",
  validation_failed: "invalid_parameter",
};

const NETWORK_MESSAGES =
  /failed to fetch|networkerror|network request failed|load failed|fetch failed/i;

function quoted(message: string, after: string): string | undefined {
  const match = new RegExp(`${after} "([^"]+)"`).exec(message);

  return match?.[1];
}

// Columns and values of a "Key (a, b)=(x, y) ..." detail line.
function keyDetail(details: string): { columns: string[]; value: string } {
  const match = /^Key \((.+?)\)=\((.*)\)/.exec(details);
  if (!match) {
    return { columns: [], value: "" };
  }

  return {
    columns: (match[1] ?? "").split(",").map((column) => column.trim()),
    value: match[2] ?? "",
  };
}

// Guesses the column of a check constraint named <table>_<column>_check.
function checkColumn(constraint: string, table: string | undefined): string {
  let name = constraint.replace(/_check\d*$/, "");
  if (table && name.startsWith(`${table}_`)) {
    name = name.slice(table.length + 1);
  }

  return name;
}

type Classified = { code: ErrorCode; params: Params };

function classify(context: Context): Classified {
  const { error, language, labelField } = context;
  const code = error.code ?? "";
  const message = error.message ?? "";
  const details = error.details ?? "";
  const label = (column: string, table?: string, constraint?: string) =>
    labelField?.(column, { table, constraint }, language) ?? "";

  for (const candidate of FUNCTION_ERROR_PATTERNS) {
    const match = candidate.pattern.exec(message);
    if (match) {
      return { code: candidate.code, params: candidate.params(match, context) };
    }
  }

  if (!code && NETWORK_MESSAGES.test(message)) {
    return { code: "network", params: {} };
  }
  const authCode = AUTH_CODES[code];
  if (authCode) {
    return { code: authCode, params: {} };
  }

  const constraint = quoted(message, "constraint");
  const named = constraint ? NAMED_CONSTRAINTS[constraint] : undefined;
  if (named) {
    return { code: named, params: {} };
  }

  switch (code) {
    case "23505": {
      const key = keyDetail(details);
      const labels = key.columns.map((column) =>
        label(column, undefined, constraint),
      );
      const known = labels.length > 0 && labels.every(Boolean);

      return {
        code: "unique_violation",
        params: known ? { field: labels.join(", "), value: key.value } : {},
      };
    }
    case "23503": {
      if (/^update or delete on table/.test(message)) {
        return { code: "foreign_key_in_use", params: {} };
      }
      const table = quoted(message, "on table");
      const [column] = keyDetail(details).columns;

      return {
        code: "foreign_key_missing",
        params: { field: column ? label(column, table, constraint) : "" },
      };
    }
    case "23502": {
      const column = quoted(message, "column") ?? "";
      const table = quoted(message, "relation");

      return {
        code: "not_null_violation",
        params: { field: column ? label(column, table) : "" },
      };
    }
    case "23514": {
      const table = quoted(message, "relation");
      const column = constraint ? checkColumn(constraint, table) : "";

      return {
        code: "check_violation",
        params: { field: column ? label(column, table, constraint) : "" },
      };
    }
    case "42501":
      return {
        code: /row-level security/.test(message)
          ? "row_security"
          : "permission_denied",
        params: {},
      };
    case "PGRST301":
    case "PGRST302":
    case "PGRST303":
      return { code: "session_expired", params: {} };
    case "PGRST116":
    case "PT404":
    case "P0002":
      return { code: "not_found", params: {} };
    case "22P02":
    case "22007":
    case "22008":
      return {
        code: "invalid_text",
        params: { value: /: "(.*)"$/.exec(message)?.[1] ?? "" },
      };
    case "22003":
      return { code: "number_out_of_range", params: {} };
    case "22023":
      return { code: "invalid_parameter", params: {} };
    case "40001":
    case "40P01":
      return { code: "serialization_failure", params: {} };
    case "57014":
      return { code: "timeout", params: {} };
    case "P0001":
      return { code: "rejected_by_rule", params: {} };
  }
  if (code.startsWith("PGRST")) {
    return { code: "request_invalid", params: {} };
  }
  if (code.startsWith("23")) {
    return { code: "check_violation", params: {} };
  }

  return { code: "unknown", params: {} };
}

// The server's text of an error in one line, for a details line or a log.
export function technicalText(error: PostgrestErrorLike): string {
  const parts = [
    error.code ? `[${error.code}]` : "",
    error.message ?? "",
    error.details ? `(${error.details})` : "",
    error.hint ? `${error.hint}` : "",
  ];

  return parts.filter(Boolean).join(" ");
}

// Reads the PostgREST fields of an error thrown or returned by supabase-js,
// Refine's data provider or fetch.
export function asPostgrestError(error: unknown): PostgrestErrorLike {
  if (typeof error === "string") {
    return { message: error };
  }
  if (typeof error !== "object" || error === null) {
    return { message: String(error) };
  }
  const fields = error as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === "string" ? value : undefined;

  return {
    code: text(fields.code),
    message: text(fields.message),
    details: text(fields.details),
    hint: text(fields.hint),
  };
}

// Translates a PostgREST, supabase-js or network error for the user.
export function translateError(
  error: unknown,
  language: ErrorLanguage,
  labelField?: FieldLabeler,
): TranslatedError {
  const fields = asPostgrestError(error);
  const { code, params } = classify({ error: fields, language, labelField });

  return {
    code,
    message: TEXTS[code][language](params),
    technical: technicalText(fields),
  };
}

type LabelledResource = {
  name: string;
  fields: readonly { name: string; label: { tr: string; en: string } }[];
};

// Builds a labeler from resource descriptions (table name plus field
// labels). The table comes from the error, or else from the constraint name,
// whose first words are the table by Postgres's default naming; the longest
// table name that prefixes the constraint wins.
export function labelerFor(
  resources: readonly LabelledResource[],
): FieldLabeler {
  const byName = new Map(
    resources.map((resource) => [resource.name, resource]),
  );
  const longestFirst = [...resources].sort(
    (left, right) => right.name.length - left.name.length,
  );

  return (column, where, language) => {
    const resource =
      (where.table ? byName.get(where.table) : undefined) ??
      longestFirst.find((candidate) =>
        where.constraint?.startsWith(`${candidate.name}_`),
      );
    const field = resource?.fields.find((entry) => entry.name === column);

    return field?.label[language];
  };
}
