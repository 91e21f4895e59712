/**
 * RS408: a Service (the same object before and after) that stops serving a port number in the commit
 * that gives it another: `service: { port: 80 }` where it served 8080. Every client that calls the
 * old number fails the moment the Service changes, whatever the order of the objects; only the
 * clients can move, and they need both ports served meanwhile.
 *
 * A port removed without a new one is not reported (the last commit of the safe sequence, once the
 * clients moved, or a port nobody calls: the review cannot see the clients); nor is a port whose number
 * stays while its targetPort changes, which RS403 reads (the endpoints behind it).
 */
import { isObject, Json, KubeObject, list } from '../../core/kube-object';
import { routedServices, transitionRule } from '../transition-rule';

/** A Service port as clients address it: its number and protocol. */
function portKey(port: Json): string {
  return `${port.port}/${port.protocol ?? 'TCP'}`;
}

/** `8080`, `53/UDP`, with its name: `8080 (http)`. */
function shown(port: Json): string {
  const protocol = (port.protocol ?? 'TCP') === 'TCP' ? '' : `/${port.protocol}`;
  return `${port.port}${protocol}${typeof port.name === 'string' ? ` (${port.name})` : ''}`;
}

/** The ports clients call by number: none for an ExternalName Service (a DNS alias) or a headless one (clients call the pods' own ports). */
function servedPorts(service: KubeObject): Json[] {
  if (service.spec.type === 'ExternalName' || service.spec.clusterIP === 'None') return [];
  return list(service.spec.ports).filter((p): p is Json => isObject(p) && typeof p.port === 'number');
}

/** The name of the old port once served beside the new one: `<name>-<number>` (an IANA service name, at most 15 characters). */
function keptPortName(port: Json): string {
  const name = typeof port.name === 'string' ? `${port.name}-${port.port}` : '';
  return name.length > 0 && name.length <= 15 ? name : `port-${port.port}`;
}

export const RS408 = transitionRule({
  id: 'RS408',
  severity: 'error',
  title: 'Service port renumbered: clients of the old port fail',
  why: 'Clients call a Service by name and port number (api:8080). A Service that no longer has the port refuses them (or they time out) the moment the change is applied, and no order of the objects helps: sync waves only choose when it happens. The Deployment behind it can be perfectly healthy; the clients, in other apps and repositories, still use the old number.',
  fix: 'Serve both ports for a release: the library\'s service props (service: { port }) hold one port, so set the new one there and keep the old one with cdk8s\'s escape hatch on the construct\'s Service object (SafeRollingDeployment and SafeStatefulSet: service; CanaryApp: apexService, stableService, canaryService; BlueGreenApp: activeService, previewService), e.g. app.service.addJsonPatch(JsonPatch.add(\'/spec/ports/-\', { name: \'http-8080\', port: 8080, targetPort: \'http\', protocol: \'TCP\' })) with the old number and the targetPort of the current port (a Service with several ports names each). Move every client to the new port, then delete the patch in a later commit. A Service written by hand: list both ports, then remove the old one. Waive RS408 on the Service when no client calls the old port.',
  transition: (transition, report) => {
    const routed = routedServices(transition.before);
    for (const change of transition.ofKind('', 'Service')) {
      const { before: b, after: a } = change;
      if (!b || !a) continue;
      const [was, now] = [servedPorts(b), servedPorts(a)];
      const servedBefore = new Set(was.map(portKey));
      const servedAfter = new Set(now.map(portKey));
      // The clients' port moves only when the commit also serves a number it did not serve before.
      const added = now.filter((p) => !servedBefore.has(portKey(p)));
      if (added.length === 0) continue;
      const lost = was.filter((p) => !servedAfter.has(portKey(p)));
      if (lost.length === 0) continue;
      // Clients: the Ready pods behind it (its endpoints) or a route of before; a Service whose selector
      // reached no Ready pod served nothing. Without a selector its endpoints are kept elsewhere: assume it serves.
      const selects = isObject(b.spec.selector);
      const endpoints = transition.selectedPods(b).reduce((n, r) => n + r.countBefore, 0);
      const isRouted = routed.has(`${b.namespace}/${b.name}`);
      if (selects && endpoints === 0 && !isRouted) continue;
      const callers = (selects ? `${endpoints} Ready endpoint(s) before` : 'endpoints kept without a selector')
        + (isRouted ? ', and a route sends requests to it' : '');
      for (const old of lost) {
        // The port it becomes: the one that keeps its name, or the only new one.
        const renamed = now.find((p) => typeof old.name === 'string' && p.name === old.name && !servedBefore.has(portKey(p)));
        const next = renamed ?? (added.length === 1 ? added[0] : undefined);
        const becomes = next ? `it becomes ${shown(next)}` : `the Service now serves ${added.map(shown).join(', ')}`;
        const target = old.targetPort ?? old.port;
        const patch = `JsonPatch.add('/spec/ports/-', { name: '${keptPortName(old)}', port: ${old.port}, targetPort: ${typeof target === 'string' ? `'${target}'` : target}, protocol: '${old.protocol ?? 'TCP'}' })`;
        const newPort = next ? `port ${next.port}` : 'the new port';
        report(a, 'spec.ports', `${a.ref}: port ${shown(old)} is no longer served: ${becomes} in this commit. Every client that calls ${a.name}:${old.port} (${callers}) fails from the moment the commit is applied, whatever the order of the objects (sync waves included). Safe sequence: serve both ports for a release (with the library: the new port in service: { port }, and the old one kept by a patch on the construct's Service object, e.g. SafeRollingDeployment's service.addJsonPatch(${patch}); by hand: list both ports), move every client to ${newPort}, then remove port ${old.port} in a later commit`);
      }
    }
  },
});
