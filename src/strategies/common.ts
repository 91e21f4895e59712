import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { IReleaseController, ReleasedApp, ReleasedAppParts } from '../controllers/released-app';
import { checkNamespace, resolveAppName } from '../core/app-name';
import { checkKeys } from '../core/known-keys';
import { checkRepresentable, installKubectlSafeYaml } from '../core/kubectl-yaml';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { controllerObjectWave } from '../workload/sync-waves';
import { SafeWorkload } from '../workload/workload';

/** The props every strategy begins with. */
interface AppBasics {
  readonly name?: string;
  readonly namespace?: string;
  readonly replicas?: number;
}

/**
 * How every strategy's constructor begins: a problem list named after the construct, no unknown props,
 * a valid name (the construct id unless given; `longestSuffix` is the longest `-…` the strategy
 * appends to it), a valid namespace, and a replica count of at least 1 (2 unless given).
 */
export function beginApp(construct: string, id: string, props: AppBasics, keys: readonly string[], longestSuffix: string = ''):
{ problems: Problems; name: string; replicas: number } {
  installKubectlSafeYaml(); // what cdk8s writes is what kubectl reads (see kubectl-yaml.ts)
  const problems = new Problems(construct);
  checkKeys(problems, '', `${construct}Props`, props, keys);
  // Strings no YAML text can carry to kubectl; every other string is written so kubectl reads it as given.
  checkRepresentable(props, (prop, value, why) => problems.add(prop, value, `${why}: kubectl could not read it back as written`));
  const name = resolveAppName(problems, id, props.name, longestSuffix);
  checkNamespace(problems, props.namespace);
  const replicas = props.replicas ?? 2;
  problems.check(isWholeNumber(replicas, 1), 'replicas', replicas, 'it must be a whole number of at least 1');
  return { problems, name, replicas };
}

/**
 * Binds the app's release controller, if any, to the app's one description, and places the
 * controller's objects in their sync waves. Every strategy releases through here.
 */
export function bindController(scope: Construct, controller: IReleaseController | undefined, workload: SafeWorkload,
  describe: () => ReleasedAppParts | undefined): ApiObject[] {
  const parts = controller && describe();
  if (!controller || !parts) return [];
  const objects = controller.bind(scope, ReleasedApp._of(parts));
  objects.forEach((object) => workload.setSyncWave(object, controllerObjectWave(object)));
  return objects;
}

/** The port the app's Services listen on and the container port they target, as a controller reads them. */
export function servicePorts(port: k8s.ServicePort): { servicePort: number; targetPort: k8s.IntOrString } {
  return { servicePort: port.port, targetPort: port.targetPort ?? k8s.IntOrString.fromNumber(port.port) };
}
