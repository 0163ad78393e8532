/**
 * Italian tax identifiers, checked the way the Agenzia delle Entrate defines them: a VAT number
 * (partita IVA) is 11 digits whose last is a Luhn-style check digit; a person's fiscal code is
 * 16 characters whose last is a check letter; a company's fiscal code is its 11-digit number.
 */

/** Digits only, without the `IT` prefix and spaces people paste; a spreadsheet may have dropped leading zeros. */
export const normalizeVatNumber = (value: string): string => {
  const compact = value.replace(/[\s.-]/g, '').toUpperCase().replace(/^IT/, '');
  return /^\d{1,11}$/.test(compact) ? compact.padStart(11, '0') : compact;
};

const vatCheckDigit = (first10: string): number => {
  let sum = 0;
  for (let index = 0; index < 10; index += 1) {
    const digit = Number(first10[index]);
    if (index % 2 === 0) sum += digit;
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return (10 - (sum % 10)) % 10;
};

/** Why a VAT number is not a valid Italian one (null when it is). Expects `normalizeVatNumber`'s output. */
export const italianVatNumberProblem = (vatNumber: string): string | null => {
  if (!/^\d{11}$/.test(vatNumber)) return 'la partita IVA italiana ha 11 cifre';
  if (vatCheckDigit(vatNumber.slice(0, 10)) !== Number(vatNumber[10])) return 'partita IVA non valida: la cifra di controllo non corrisponde';
  return null;
};

/** Appends the check digit to 10 digits (demo data and tests make valid numbers with it). */
export const withVatCheckDigit = (first10: string): string => `${first10}${vatCheckDigit(first10)}`;

const oddValues: Record<string, number> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};
const evenValue = (char: string): number => (/\d/.test(char) ? Number(char) : char.charCodeAt(0) - 65);

/** Upper case, no spaces. */
export const normalizeFiscalCode = (value: string): string => value.replace(/\s/g, '').toUpperCase();

/** Why a fiscal code is not valid (null when it is): a person's 16 characters or a company's 11 digits. */
export const fiscalCodeProblem = (fiscalCode: string): string | null => {
  if (/^\d{11}$/.test(fiscalCode)) return italianVatNumberProblem(fiscalCode) ? 'codice fiscale numerico non valido: la cifra di controllo non corrisponde' : null;
  // Omocodia replaces digits with letters (LMNPQRSTUV), so the digit positions accept both.
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(fiscalCode))
    return 'il codice fiscale ha 16 caratteri (o 11 cifre per una società)';
  let sum = 0;
  for (let index = 0; index < 15; index += 1) {
    const char = fiscalCode[index] ?? '';
    sum += index % 2 === 0 ? (oddValues[char] ?? 0) : evenValue(char);
  }
  if (String.fromCharCode(65 + (sum % 26)) !== fiscalCode[15]) return 'codice fiscale non valido: il carattere di controllo non corrisponde';
  return null;
};
