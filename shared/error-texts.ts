// Sentences of the error translator in Turkish and English, one per error
// code. The Record type makes a new code fail to compile without its texts.

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
  "metering_point_code_invalid",
  "lifecycle_forbidden",
  "lifecycle_change_invalid",
  "offer_expired",
  "offer_not_sendable",
  "offer_not_draft",
  "offer_no_recipient",
  "send_back_needs_note",
  "valid_until_past",
  "ptf_missing",
  "offer_tariffs_differ",
  "offer_point_other_party",
  "forward_price_missing",
  "consumption_zero",
  "metering_point_in_contract",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

// The error and its surroundings that a translation reads.
export type ErrorContext = {
  error: PostgrestErrorLike;
  language: ErrorLanguage;
  labelField?: FieldLabeler;
};

export type ErrorParams = Record<string, string>;
type Text = (params: ErrorParams) => string;

// A field phrase: "«VKN» alanı" or "the field «VKN»"; empty when unknown.
function fieldTr(params: ErrorParams): string {
  return params.field ? `«${params.field}» alanı` : "";
}

function fieldEn(params: ErrorParams): string {
  return params.field ? `the field «${params.field}»` : "";
}

export const ERROR_TEXTS: Record<ErrorCode, { tr: Text; en: Text }> = {
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
  metering_point_code_invalid: {
    tr: () =>
      "Sayaç kodu (EIC) geçersiz. Kod 16 karakterdir: 2 rakam, 1 büyük harf, 12 rakam, büyük harf veya «-» ve ilk 15 karakterden hesaplanan kontrol karakteri, ör. 40Z001021000011X. Kodu dağıtım şirketinin belgesinden denetleyin.",
    en: () =>
      "The metering point code (EIC) is invalid. A code has 16 characters: 2 digits, 1 capital letter, 12 digits, capital letters or «-», and a check character computed from the first 15, e.g. 40Z001021000011X. Check the code against the distribution company's documents.",
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
  offer_tariffs_differ: {
    tr: () =>
      "Seçilen sayaçların tarifesi farklı: bir teklifteki sayaçların dağıtım bölgesi, abone grubu, gerilim seviyesi ve tarife türü (tek veya üç zamanlı) aynı olmalı. Her tarife için ayrı teklif hazırlayın.",
    en: () =>
      "The chosen metering points have different tariffs: the points of one offer must share distribution region, subscriber group, voltage level and tariff type (single- or three-time). Make one offer per tariff.",
  },
  offer_point_other_party: {
    tr: () =>
      "Seçilen sayaçlardan biri bu firmaya / kişiye ait değil. Sayaçları yeniden seçin.",
    en: () =>
      "One of the chosen metering points does not belong to this party. Choose the metering points again.",
  },
  forward_price_missing: {
    tr: (p) =>
      `${p.months} için yayımlanmış PTF ve PTF beklentisi yok. Yayımlanmış PTF'si olan ayları seçin ya da bir yönetici bu aylar için PTF beklentisi girsin.`,
    en: (p) =>
      `No published PTF and no forward price expectation for ${p.months}. Choose months with published PTF, or have an admin or manager enter a forward price expectation for them.`,
  },
  consumption_zero: {
    tr: () =>
      "Teklifin toplam tüketimi 0 kWh. Fiyatlandırmak için en az bir ayın tüketimini girin.",
    en: () =>
      "The offer's total consumption is 0 kWh. Enter the consumption of at least one month to price it.",
  },
  metering_point_in_contract: {
    tr: (p) =>
      `${p.point} kodlu sayaç zaten ${p.contract} numaralı sözleşmede. Bu sayacı kapsayan bir teklif, o sözleşme bitmeden kabul edilemez.`,
    en: (p) =>
      `Metering point ${p.point} is already in contract ${p.contract}. An offer for this metering point cannot be accepted until that contract has ended.`,
  },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
