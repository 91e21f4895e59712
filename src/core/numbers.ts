/** A whole number in [min, max]: replica counts, percents, ports, weights. */
export function isWholeNumber(value: number, min: number, max: number = Number.MAX_SAFE_INTEGER): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
