// Turkish telephone numbers as people read them: "+90 212 572 26 57". A
// number is stored however it was typed ("+902125722657", "0212 572 26 57",
// "(0212) 572-2657"); documents and screens print it with this one rule.

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
