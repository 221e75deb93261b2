// Energy Identification Codes (EIC): 16 characters from 0–9, A–Z and "-",
// the last a check character over the first 15 (ENTSO-E EIC reference
// manual: weights 16 down to 2, modulo 37).

const EIC_PATTERN = /^[0-9A-Z-]{16}$/;

function characterValue(character: string): number {
  if (character >= "0" && character <= "9") {
    return character.charCodeAt(0) - 48;
  }
  if (character === "-") {
    return 36;
  }

  return character.charCodeAt(0) - 55;
}

export function eicCheckCharacter(body: string): string {
  if (!/^[0-9A-Z-]{15}$/.test(body)) {
    throw new RangeError(`EIC body "${body}" must be 15 of 0–9, A–Z, "-"`);
  }
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    sum += characterValue(body[i] as string) * (16 - i);
  }
  const value = 36 - ((sum - 1) % 37);
  if (value === 36) {
    return "-";
  }

  return value < 10 ? String(value) : String.fromCharCode(55 + value);
}

export function isValidEic(code: string): boolean {
  return (
    EIC_PATTERN.test(code) &&
    code.at(15) !== "-" &&
    eicCheckCharacter(code.slice(0, 15)) === code.at(15)
  );
}

// Builds a metering point code "40Z" + 12 characters + check character, the
// shape the simulators hand out for Turkish withdrawal points. EIC codes
// whose check character would be "-" are not issued, so such a serial is
// rejected.
export function makeMeteringPointEic(serial: string | number): string {
  const body = `40Z${String(serial).padStart(12, "0")}`;
  const check = eicCheckCharacter(body);
  if (check === "-") {
    throw new RangeError(
      `serial ${serial} gives the check character "-": choose another serial`,
    );
  }

  return body + check;
}

// The last character of the code before its check character. The
// registration simulator's demo rules look at it.
export function eicBodyDigit(code: string): string {
  return code.at(14) ?? "";
}
