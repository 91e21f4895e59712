/**
 * Kubernetes resource quantities (`100m`, `250000n`, `500u`, `0.5`, `128Mi`, `1G`, `1e3`), parsed only far enough to
 * validate them and compare a request with its limit.
 */

const QUANTITY = /^([+-]?[0-9.]+)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$/;

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The quantity's value in base units, or undefined when it is not a valid, positive quantity. */
export function parseQuantity(text: string): number | undefined {
  const value = quantityValue(text);
  return value !== undefined && value > 0 ? value : undefined;
}

/** The value in base units of any quantity (zero and negative ones too), or undefined when it is not one. */
export function quantityValue(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text);
  if (!match || !/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(match[1])) return undefined;
  const base = Number(match[1]);
  const suffix = match[2];
  let value = base;
  if (suffix && /^[eE]/.test(suffix)) value = base * 10 ** Number(suffix.slice(1));
  else if (suffix) value = base * SUFFIX[suffix];
  return Number.isFinite(value) ? value : undefined;
}

/** Whether a quantity's value (in bytes) is whole: the API server warns "fractional byte value" on `3.1Gi` or `100m` of memory. */
export function isWholeBytes(value: number): boolean {
  return Math.abs(value - Math.round(value)) <= value * 1e-12;
}
