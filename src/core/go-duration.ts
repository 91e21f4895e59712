/** Go durations, as controllers' custom resources write them (Argo Rollouts, Flagger). */

const GO_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * Seconds of a Go duration string (`90s`, `1m30s`, `1.5h`, `500ms`; Go's time.ParseDuration), or of a
 * whole number of seconds (how Argo Rollouts also takes a pause's duration); undefined when unreadable.
 */
export function goDurationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return undefined;
  let seconds = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) seconds += Number(amount) * GO_UNITS[unit];
  return seconds;
}
