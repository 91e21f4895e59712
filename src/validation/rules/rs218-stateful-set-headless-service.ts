/**
 * RS218: a StatefulSet whose serviceName names no headless Service of the app: its pods get no stable
 * DNS names (`<pod>.<serviceName>`), which is what their identity is for.
 */
import { Report, Rule, RuleContext } from '../context';
import { list, show } from '../objects';

export const RS218: Rule = {
  id: 'RS218',
  severity: 'warning',
  title: 'StatefulSet without its headless Service',
  why: 'A StatefulSet gives each pod a DNS name through the Service its serviceName names, which must be headless (clusterIP: None); without it (or with a ClusterIP Service of that name) peers cannot reach a member by its ordinal, and clients of that name reach any pod.',
  fix: 'Add a Service named as serviceName with clusterIP: None selecting the pods (publishNotReadyAddresses only for peer discovery), and a separate ClusterIP Service for clients.',
  check: checkHeadless,
};

function checkHeadless(context: RuleContext, report: Report): void {
  for (const set of context.objects) {
    if (!set.is('apps', 'StatefulSet')) continue;
    const name = set.spec.serviceName;
    if (typeof name !== 'string' || name === '') {
      report(set, 'spec.serviceName', 'no serviceName: the pods get no stable DNS names; name a headless Service');
      continue;
    }
    const service = context.objects.find((o) => o.is('', 'Service') && o.name === name && o.namespace === set.namespace);
    if (!service) report(set, 'spec.serviceName', `${show(name)} names no Service of these manifests: add it with clusterIP: None`);
    else if (service.spec.clusterIP !== 'None' && list(service.spec.clusterIPs)[0] !== 'None') {
      report(set, 'spec.serviceName', `${show(name)} is not headless (clusterIP: None): its DNS name resolves to one virtual IP, not to each pod`);
    }
  }
}
