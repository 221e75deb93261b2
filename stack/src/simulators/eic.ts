// The simulators' reading of metering point codes. The EIC rule itself
// (check character, validity, building "40Z" codes) is in shared/eic.ts,
// which the database check, the forms and the seed use too.

// The last character of the code before its check character. The
// registration simulator's demo rules look at it.
export function eicBodyDigit(code: string): string {
  return code.at(14) ?? "";
}
