// Turkish text rules shared by the admin, the portal and the seed: search
// folding, Turkish upper/lower/title case and alphabetical order.
//
// JavaScript's default case mapping is wrong for Turkish: "İ".toLowerCase()
// is "i" followed by U+0307 and "I".toLowerCase() is "i", not "ı". These
// helpers always use the tr-TR mapping.

const FOLDED_LETTERS: Record<string, string> = {
  İ: "i",
  I: "i",
  ı: "i",
  Â: "a",
  â: "a",
  Î: "i",
  î: "i",
  Û: "u",
  û: "u",
  Ç: "c",
  ç: "c",
  Ğ: "g",
  ğ: "g",
  Ö: "o",
  ö: "o",
  Ş: "s",
  ş: "s",
  Ü: "u",
  ü: "u",
  "\u0307": "",
};

const FOLDED_PATTERN = /[İIıÂâÎîÛûÇçĞğÖöŞşÜü\u0307]/g;

// Returns the search form of a text, so a query typed without Turkish
// letters finds them. İ, I, ı and i become i, and Ç, Ğ, Ö, Ş and Ü lose their
// marks. Circumflexes are dropped and the rest is lower-cased. The database
// keeps the same form in parties.search_text (private.turkish_fold), so a
// client searches with `search_text=ilike.*${foldTurkish(query)}*`.
export function foldTurkish(text: string): string {
  return text
    .normalize("NFC")
    .replace(FOLDED_PATTERN, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .toLocaleLowerCase("tr-TR");
}

// Returns true when `text` contains `query` under Turkish search folding.
export function matchesTurkish(text: string, query: string): boolean {
  return foldTurkish(text).includes(foldTurkish(query));
}

// Ant Design Select's filterOption for options with a text label: "inşaat"
// and "insaat" find "İnşaat" and "IŞIK" finds "Işık", which the default lower
// case misses.
export function filterOptionByTurkishLabel(
  input: string,
  option?: { label?: unknown },
): boolean {
  return (
    typeof option?.label === "string" && matchesTurkish(option.label, input)
  );
}

// Returns a PostgREST ilike pattern for a search box query. The LIKE
// wildcards % and _ in the query are escaped so they match literally. A *
// is dropped, because PostgREST turns every * into % before it escapes.
export function turkishSearchPattern(query: string): string {
  const escaped = foldTurkish(query.trim())
    .replace(/\*/g, "")
    .replace(/[\\%_]/g, "\\$&");

  return `*${escaped}*`;
}

const BACK_VOWELS = "aıouâû";
const VOWELS = "aıoueiöüâîû";

// Returns the word with the plural suffix its last vowel calls for under
// vowel harmony: "Acar" → "Acarlar", "Güler" → "Gülerler", "IŞIK" → "IŞIKLAR".
export function withPluralSuffix(word: string): string {
  const letters = toTurkishLowerCase(word);
  let lastVowel = "";
  for (const letter of letters) {
    if (VOWELS.includes(letter)) {
      lastVowel = letter;
    }
  }

  const suffix = BACK_VOWELS.includes(lastVowel) ? "lar" : "ler";

  return word === toTurkishUpperCase(word) && word !== letters
    ? word + toTurkishUpperCase(suffix)
    : word + suffix;
}

export function toTurkishUpperCase(text: string): string {
  return text.toLocaleUpperCase("tr-TR");
}

export function toTurkishLowerCase(text: string): string {
  return text.toLocaleLowerCase("tr-TR");
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

// Capitalises the first letter of each word and lower-cases the rest by
// Turkish rules: "IŞIK ILGAZ" → "Işık Ilgaz", "İLKNUR İNCE" → "İlknur İnce".
// Parts after a hyphen or an opening bracket are capitalised too.
export function toTurkishTitleCase(text: string): string {
  return text
    .split(/(\s+)/)
    .map((part) => (/^\s+$/.test(part) ? part : titleCaseWord(part)))
    .join("");
}

// Returns the display form of a name. A name written wholly in capitals (as
// distribution companies export them) is title-cased; any other spelling is
// kept because the person chose it. Stored values are never changed.
export function displayName(name: string): string {
  const hasLetters = /\p{L}/u.test(name);
  const allCapitals = name === toTurkishUpperCase(name);

  return hasLetters && allCapitals ? toTurkishTitleCase(name) : name;
}

const collator = new Intl.Collator("tr-TR");

// Compares two texts in Turkish alphabetical order, for Array.sort.
export function compareTurkish(left: string, right: string): number {
  return collator.compare(left, right);
}
