// Turkish telephone numbers. The database stores them in E.164 form
// (+905321234567) and private.is_valid_e164 rejects other forms, so clients
// normalise what people type (a trunk 0, spaces, dashes, brackets) first.
// Documents and screens print them as people read them: "+90 212 572 26 57".

// Separators people type inside a number.
const SEPARATORS = /[\s\-().\u00a0]/g;

/**
 * Returns a phone number in E.164 form, or null when the text is not a phone
 * number. Turkish forms ("0532 111 22 33", "532 111 22 33",
 * "+90 532 111 22 33", "0090 532 …", "90 532 …") become +90 and ten
 * national digits, whose first digit is 2–9. Other countries' numbers must
 * start with + or 00, and are kept when they have 8–15 digits.
 */
export function normalisePhone(text: string): string | null {
  const compact = text.replace(SEPARATORS, "");
  if (compact === "") {
    return null;
  }

  const international = /^(\+|00)(\d+)$/.exec(compact);
  if (international) {
    const digits = international[2] as string;
    if (digits.startsWith("90")) {
      return turkish(digits.slice(2));
    }

    return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
  }
  if (!/^\d+$/.test(compact)) {
    return null;
  }
  if (compact.length === 12 && compact.startsWith("90")) {
    return turkish(compact.slice(2));
  }
  if (compact.length === 11 && compact.startsWith("0")) {
    return turkish(compact.slice(1));
  }

  return turkish(compact);
}

function turkish(national: string): string | null {
  return /^[2-9]\d{9}$/.test(national) ? `+90${national}` : null;
}

/**
 * Formats a Turkish telephone number as "+90 AAA BBB CC DD": the country
 * code, the three-digit area or operator code and the seven-digit subscriber
 * number in groups of three, two and two. Accepts the number with or without
 * +90, 0090 or a leading trunk 0, and with spaces, dots, dashes or brackets.
 * Any other text (a foreign number, a short number such as 444 1 234) is
 * returned as typed, trimmed.
 */
export function formatTurkishPhone(text: string): string {
  const typed = text.trim();
  if (!/^[+\d\s().-]+$/.test(typed)) {
    return typed;
  }
  let digits = typed.replace(/\D/g, "");
  if (typed.startsWith("+")) {
    if (!digits.startsWith("90")) {
      return typed;
    }
    digits = digits.slice(2);
  } else if (digits.startsWith("0090")) {
    digits = digits.slice(4);
  } else if (digits.length === 12 && digits.startsWith("90")) {
    digits = digits.slice(2);
  } else if (digits.startsWith("0")) {
    digits = digits.slice(1);
  }
  if (!/^[2-5]\d{9}$/.test(digits)) {
    return typed;
  }

  return `+90 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 8)} ${digits.slice(8)}`;
}
