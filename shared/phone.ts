// Phone numbers are stored in E.164 form (+905321234567); the database's
// private.is_valid_e164 rejects other forms. People type Turkish numbers
// with a trunk 0, spaces, dashes or brackets, so clients normalise first.

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
