/**
 * How long a container's preStop hook holds it before SIGTERM, read from a manifest: shared by the
 * validation plugin (RS203: the grace period must cover it) and the rollout plan (how long an old pod
 * terminates). Free of bindings.
 */

const SLEEP_UNITS: Record<string, number> = { '': 1, 's': 1, 'm': 60, 'h': 3600, 'd': 86400 };

const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The seconds a preStop hook sleeps: the native `sleep` action, or `sleep N` (with the coreutils
 * units s, m, h, d; several are summed) in an exec command, also as `/bin/sleep N` or inside
 * `sh -c`; undefined when the hook does not sleep.
 */
export function preStopSleepSeconds(preStop: unknown): number | undefined {
  if (!isObject(preStop)) return undefined;
  if (isObject(preStop.sleep) && typeof preStop.sleep.seconds === 'number') return preStop.sleep.seconds;
  const command = (Array.isArray(preStop.exec?.command) ? preStop.exec.command : []).map(String).join(' ');
  let total: number | undefined;
  for (const match of command.matchAll(/(?:^|[\s;&|(/])sleep\s+([0-9]+(?:\.[0-9]+)?)([smhd]?)(?=$|[\s;&|)])/g)) {
    total = (total ?? 0) + Number(match[1]) * SLEEP_UNITS[match[2]];
  }
  return total;
}
