import { portNameProblem } from '../core/names';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { checkKeys, structKeys } from '../core/known-keys';

/** Network protocol of a container port. */
export enum Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/** A port the container listens on. */
export interface ContainerPort {
  /** The port number inside the container, 1 to 65535. */
  readonly port: number;
  /**
   * The port's name (at most 15 lower case letters, digits and '-'). Services and the preStop drain
   * refer to the port by this name; probes by number (kube-score reads named probe ports as 0).
   * @default 'http' for the first port, 'port-<port>' for the others
   */
  readonly name?: string;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/** A container port with every default applied. */
export interface ResolvedPort {
  readonly port: number;
  readonly name: string;
  readonly protocol: Protocol;
}

/** The port every pod gets when none is declared. */
export const DEFAULT_PORTS: ContainerPort[] = [{ port: 8080, name: 'http' }];

const PORT_KEYS = structKeys<ContainerPort>()({ port: true, name: true, protocol: true });

/** Applies defaults and checks numbers, names and uniqueness. */
export function resolvePorts(problems: Problems, prop: string, ports: ContainerPort[] | undefined): ResolvedPort[] {
  const list = ports ?? DEFAULT_PORTS;
  if (list.length === 0) problems.add(prop, [], 'declare at least one container port: probes and Services need one');
  list.forEach((p, i) => checkKeys(problems, `${prop}[${i}]`, 'ContainerPort', p, PORT_KEYS));
  const resolved = list.map((p, i) => ({
    port: p.port,
    name: p.name ?? (i === 0 ? 'http' : `port-${p.port}`),
    protocol: p.protocol ?? Protocol.TCP,
  }));
  resolved.forEach((p, i) => {
    problems.check(isWholeNumber(p.port, 1, 65535), `${prop}[${i}].port`, p.port, 'a port number is a whole number from 1 to 65535');
    const nameProblem = portNameProblem(p.name);
    if (nameProblem) problems.add(`${prop}[${i}].name`, p.name, nameProblem);
    if (resolved.findIndex((q) => q.name === p.name) !== i) problems.add(`${prop}[${i}].name`, p.name, 'port names must be unique within the pod');
    if (resolved.findIndex((q) => q.port === p.port && q.protocol === p.protocol) !== i) {
      problems.add(`${prop}[${i}].port`, p.port, 'each port number and protocol may be declared once');
    }
  });
  return resolved;
}

/**
 * Finds the declared port a probe, drain or Service refers to, by number or by name; the first
 * declared port when neither is given. Reports a reference to a port the container does not declare
 * (kube-linter's readiness-port / liveness-port: the kubelet would probe a closed port).
 */
export function findPort(problems: Problems, prop: string, ports: ResolvedPort[], port?: number, portName?: string): ResolvedPort | undefined {
  if (port !== undefined && portName !== undefined) {
    problems.add(prop, { port, portName }, 'give either \'port\' or \'portName\', not both');
    return undefined;
  }
  if (port !== undefined) {
    // Probes and drains speak TCP: when a number is declared for several protocols, take the TCP one.
    const found = ports.find((p) => p.port === port && p.protocol === Protocol.TCP) ?? ports.find((p) => p.port === port);
    if (!found) problems.add(`${prop}.port`, port, `it must be one of the declared container ports (${describe(ports)})`);
    return found;
  }
  if (portName !== undefined) {
    const found = ports.find((p) => p.name === portName);
    if (!found) problems.add(`${prop}.portName`, portName, `it must name a declared container port (${describe(ports)})`);
    return found;
  }
  return ports[0];
}

function describe(ports: ResolvedPort[]): string {
  return ports.length ? ports.map((p) => `${p.name}=${p.port}`).join(', ') : 'none declared';
}
