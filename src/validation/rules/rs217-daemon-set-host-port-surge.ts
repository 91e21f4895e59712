/**
 * RS217: a DaemonSet that surges while its pods bind a host port or the node's network: the new pod
 * can never start next to the old one, so the update stops on the first node.
 */
import { Report, Rule, RuleContext } from '../context';
import { isObject, list } from '../objects';
import { toPods } from '../../core/pod-templates';

export const RS217: Rule = {
  id: 'RS217',
  severity: 'error',
  title: 'DaemonSet surge with host ports or host network',
  why: 'With maxSurge above 0 the DaemonSet controller starts the new pod on a node before the old one stops; a pod that binds a hostPort (or runs in the node\'s network with hostNetwork) needs the port the old pod still holds, so the new pod stays Pending and the update never moves past the first node.',
  fix: 'Set maxSurge: 0 and maxUnavailable: 1 (each node is briefly without the agent while its pod is replaced), or drop the host port.',
  check: checkHostSurge,
};

function checkHostSurge(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    const set = template.owner;
    if (!set.is('apps', 'DaemonSet')) continue;
    const strategy = isObject(set.spec.updateStrategy) ? set.spec.updateStrategy : {};
    if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') continue;
    const surge = toPods(isObject(strategy.rollingUpdate) ? strategy.rollingUpdate.maxSurge ?? 0 : 0);
    if (!surge || surge._isZero()) continue;
    const hostPorts = list(template.spec.containers).filter(isObject)
      .flatMap((c) => list(c.ports).filter((p) => isObject(p) && p.hostPort !== undefined));
    const ports = hostPorts.length ? `hostPort ${hostPorts.map((p) => p.hostPort).join(', ')}` : undefined;
    const host = template.spec.hostNetwork === true ? 'hostNetwork: true' : ports;
    if (!host) continue;
    report(set, 'spec.updateStrategy.rollingUpdate.maxSurge', `maxSurge ${surge} with ${host}: the surge pod needs the port the old pod on the node still holds, so it never starts and the update stops on the first node; use maxSurge 0 with maxUnavailable 1`);
  }
}
