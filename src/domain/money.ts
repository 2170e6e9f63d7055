const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
const exponents = new Map<string, number>();

/**
 * Returns the number of minor-unit digits of an ISO 4217 currency (2 for USD,
 * 0 for JPY, 3 for KWD), or null when the runtime does not know the code.
 */
export function currencyExponent(currency: string): number | null {
  const cached = exponents.get(currency);
  if (cached !== undefined) return cached;
  if (!/^[A-Z]{3}$/.test(currency)) return null;
  try {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency })
      .resolvedOptions().maximumFractionDigits;
    exponents.set(currency, digits ?? 2);
    return digits ?? 2;
  } catch {
    // RangeError: not a well-formed currency code for Intl.
    return null;
  }
}

/** Result of converting a decimal amount to integer minor units. */
export type MinorUnits =
  | { ok: true; minor: number }
  | { ok: false; problem: string; fix: string };

/**
 * Converts a decimal amount ("12.34" or 12.34) to integer minor units without
 * floating-point rounding: the digits are shifted as text.
 */
export function toMinorUnits(amount: string | number, exponent: number): MinorUnits {
  const text = typeof amount === "number" ? String(amount) : amount.trim();
  if (!DECIMAL.test(text)) {
    return {
      ok: false,
      problem: `"${text}" is not a decimal amount`,
      fix: 'send a decimal number such as "12.34"',
    };
  }
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > exponent) {
    return {
      ok: false,
      problem: `${text} has ${significant.length} decimal places, the currency allows ${exponent}`,
      fix: `round the amount to ${exponent} decimal places`,
    };
  }
  const minor = Number(whole + fraction.padEnd(exponent, "0").slice(0, exponent));
  if (!Number.isSafeInteger(minor)) {
    return { ok: false, problem: `${text} is too large`, fix: "send amounts below 10^13" };
  }
  return { ok: true, minor: negative ? -minor : minor };
}

/** Formats integer minor units as a decimal string. */
export function fromMinorUnits(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
