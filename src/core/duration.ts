import { Duration } from 'cdk8s';
import { Problems } from './problems';

/**
 * Whole seconds of a Duration, as Kubernetes fields need them. A fraction of a second, a negative
 * value or one under `min` is recorded as a problem (and the value rounded so rendering can go on).
 */
export function wholeSeconds(problems: Problems, prop: string, duration: Duration, min: number = 0): number {
  const ms = duration.toMilliseconds();
  const seconds = ms / 1000;
  if (!Number.isInteger(seconds) || seconds < min || seconds > INT32_MAX) {
    problems.add(prop, `${seconds}s`, `it must be a whole number of seconds from ${min} to ${INT32_MAX} (Kubernetes stores it as a 32-bit integer)`);
    return Math.min(INT32_MAX, Math.max(min, Math.ceil(seconds)));
  }
  return seconds;
}

/** Largest value of Kubernetes' int32 fields (seconds, thresholds, replica counts). */
export const INT32_MAX = 2147483647;
