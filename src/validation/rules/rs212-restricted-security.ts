import { Report, Rule, RuleContext } from '../context';
import { at, isObject, Json, list, show } from '../objects';

export const RS212: Rule = {
  id: 'RS212',
  severity: 'warning',
  title: 'not Pod Security "restricted"',
  why: 'Namespaces enforcing the "restricted" Pod Security Standard refuse such pods; each item widens what a compromised container can do.',
  fix: 'runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL], seccompProfile.type: RuntimeDefault; no privileged containers, host namespaces, hostPath volumes or host ports.',
  check: checkRestrictedSecurity,
};

const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

function checkRestrictedSecurity(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    const owner = template.owner;
    const pod: Json = isObject(template.spec.securityContext) ? template.spec.securityContext : {};
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (template.spec[field] === true) report(owner, at(template.specPath, field), `${field} shares the node's namespace with the pod`);
    }
    list(template.spec.volumes).forEach((volume, i) => {
      if (isObject(volume?.hostPath)) report(owner, at(at(at(template.specPath, 'volumes'), i), 'hostPath'), `volume ${show(volume.name)} mounts a path of the node`);
    });
    if (pod.runAsUser === 0) report(owner, at(at(template.specPath, 'securityContext'), 'runAsUser'), 'runs as root (uid 0)');
    const allContainers = ['initContainers', 'containers', 'ephemeralContainers'].flatMap((field) =>
      list(template.spec[field]).map((container, i) => ({ container, path: at(at(template.specPath, field), i) })));
    for (const { container, path } of allContainers) {
      if (!isObject(container)) continue;
      const name = show(container.name);
      const security: Json = isObject(container.securityContext) ? container.securityContext : {};
      const securityPath = at(path, 'securityContext');
      if (security.privileged === true) report(owner, at(securityPath, 'privileged'), `container ${name} is privileged`);
      if (security.allowPrivilegeEscalation !== false) report(owner, at(securityPath, 'allowPrivilegeEscalation'), `container ${name} does not set allowPrivilegeEscalation: false`);
      const drop = list(security.capabilities?.drop);
      if (!drop.includes('ALL')) report(owner, at(at(securityPath, 'capabilities'), 'drop'), `container ${name} does not drop ALL capabilities`);
      const added = list(security.capabilities?.add).filter((c) => c !== 'NET_BIND_SERVICE');
      if (added.length > 0) report(owner, at(at(securityPath, 'capabilities'), 'add'), `container ${name} adds capabilities ${added.join(', ')} (only NET_BIND_SERVICE is allowed)`);
      if ((security.runAsNonRoot ?? pod.runAsNonRoot) !== true) report(owner, at(securityPath, 'runAsNonRoot'), `container ${name} may run as root: neither it nor the pod sets runAsNonRoot: true`);
      if (security.runAsUser === 0) report(owner, at(securityPath, 'runAsUser'), `container ${name} runs as root (uid 0)`);
      const seccomp = security.seccompProfile?.type ?? pod.seccompProfile?.type;
      if (!SECCOMP_TYPES.includes(seccomp)) report(owner, at(at(securityPath, 'seccompProfile'), 'type'), `container ${name} has no seccomp profile RuntimeDefault or Localhost (neither it nor the pod sets one)`);
      list(container.ports).forEach((port, i) => {
        if (typeof port?.hostPort === 'number' && port.hostPort !== 0) report(owner, at(at(at(path, 'ports'), i), 'hostPort'), `container ${name} binds a port of the node`);
      });
    }
  }
}
