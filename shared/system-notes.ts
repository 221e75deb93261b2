// Notes the database writes on offer state changes and approvals are English
// sentences of a fixed form. This shows them in the reader's language and
// leaves a note a person typed as it is.

type Language = "tr" | "en";

type SystemNote = {
  // The note as the migrations write it, with %s for a value.
  template: string;
  pattern: RegExp;
  tr: (match: RegExpMatchArray) => string;
};

export const SYSTEM_NOTES: SystemNote[] = [
  {
    template: "Revision %s",
    pattern: /^Revision (\d+)$/,
    tr: ([, number]) => `Revizyon ${number}`,
  },
  {
    template: "Contract %s",
    pattern: /^Contract (\S+)$/,
    tr: ([, number]) => `Sözleşme ${number}`,
  },
  {
    template: "Validity date passed",
    pattern: /^Validity date passed$/,
    tr: () => "Geçerlilik tarihi geçti",
  },
  {
    template: "Withdrawn: the seller made a new revision",
    pattern: /^Withdrawn: the seller made a new revision$/,
    tr: () => "Geri çekildi: satıcı yeni bir revizyon hazırladı",
  },
];

/** Returns the note in `language` when the database wrote it, else as given. */
export function translateSystemNote(note: string, language: Language): string {
  if (language === "en") {
    return note;
  }
  for (const { pattern, tr } of SYSTEM_NOTES) {
    const match = note.match(pattern);
    if (match) {
      return tr(match);
    }
  }

  return note;
}
