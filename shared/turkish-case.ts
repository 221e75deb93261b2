// Turkish upper, lower and title case for display. The default JavaScript
// mappings turn `I` into `i` and `i` into `I`, but Turkish pairs dotless
// `ı`/`I` and dotted `i`/`İ`. These helpers format only: stored values stay
// as they were entered.

/** Upper-cases with the Turkish dotted and dotless i: `ilker ışık` → `İLKER IŞIK`. */
export function toTurkishUpperCase(text: string): string {
  return text.replace(/i/g, "İ").replace(/ı/g, "I").toUpperCase();
}

/** Lower-cases with the Turkish dotted and dotless i: `IŞIK` → `ışık`. */
export function toTurkishLowerCase(text: string): string {
  return text.replace(/I/g, "ı").replace(/İ/g, "i").toLowerCase();
}

// Initials written as capitals with dots ("A.Ş.", "T.C.") stay as they are.
const INITIALS_PATTERN = /^(\p{Lu}\.)+$/u;

function titleCaseWord(word: string): string {
  if (INITIALS_PATTERN.test(word)) {
    return word;
  }

  // A suffix after an apostrophe stays lower case: "ANKARA'DA" → "Ankara'da".
  return word.replace(
    /(^|[-‐(])(\p{L})([^-‐(]*)/gu,
    (_match, separator: string, first: string, rest: string) =>
      `${separator}${toTurkishUpperCase(first)}${toTurkishLowerCase(rest)}`,
  );
}

/**
 * Title-cases each word the Turkish way: `IŞIK ILGAZ` → `Işık Ilgaz`,
 * `İLKNUR İNCE` → `İlknur İnce`. Hyphenated parts are capitalised too.
 */
export function toTurkishTitleCase(text: string): string {
  return text
    .split(/(\s+)/)
    .map((part) => (/^\s+$/.test(part) ? part : titleCaseWord(part)))
    .join("");
}

/**
 * Returns the display form of a name: a name written wholly in capitals (as
 * distribution companies export them) is title-cased, any other spelling is
 * kept because the person chose it.
 */
export function displayName(name: string): string {
  const hasLetters = /\p{L}/u.test(name);
  const allCapitals = name === toTurkishUpperCase(name);

  return hasLetters && allCapitals ? toTurkishTitleCase(name) : name;
}
