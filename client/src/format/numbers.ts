// Numbers as a person writes them on a slide: no "-0.0000", powers of ten as powers, not "e+13".

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** An exponent as superscript digits: 13 → ¹³, −8 → ⁻⁸. */
export const superscript = (n: number): string => String(n).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);

/** m × 10ⁿ with `digits` significant digits: 1.38e13 → "1.38 × 10¹³". */
export function scientific(v: number, digits = 3): string {
  const [mantissa, exponent] = v.toExponential(Math.max(0, digits - 1)).split('e');
  return `${trimZeros(mantissa)} × 10${superscript(Number(exponent))}`;
}

const trimZeros = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

/**
 * A value with `digits` significant digits: plain between 10⁻⁴ and 10⁶, scientific outside; a value that rounds to
 * zero is "0" (never "-0.0000"); NaN and ±∞ as words a student reads.
 */
export function formatNumber(v: number, digits = 5): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-4) return scientific(v, Math.min(digits, 4));
  // toPrecision writes 20680 as "2.068e+4" once the integer part is longer than the digits: round instead.
  const text = abs >= 10 ** digits ? String(Math.round(v)) : trimZeros(v.toPrecision(digits));
  return /^-0(\.0*)?$/.test(text) ? '0' : text;
}

/** A fixed number of decimals for a column of weights, with "-0.0000" written as "0.0000". */
export function formatFixed(v: number, decimals = 4): string {
  if (!Number.isFinite(v)) return formatNumber(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e6 || abs < 0.5 * 10 ** -decimals)) return abs >= 1e6 ? scientific(v, 4) : formatNumber(v, 3);
  const text = v.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** 1st, 2nd, 3rd, 4th, 11th, 22nd, 50th: an English ordinal. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
