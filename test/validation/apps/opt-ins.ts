// An app that states one opt-in in code (OPT_IN = allowCapacityDrop | recreate | allowMutableImageTag),
// for the real `cdk8s synth` with the validation plugin. WITHOUT=1 builds the same app without the
// opt-in: the construct refuses it (allowCapacityDrop, allowMutableImageTag), or, for Recreate, the
// Deployment loses the waiver the construct recorded, as a hand-written one would not have it.
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Pods, Probe, RolloutStrategy, SafeRollingDeployment } from '../../../src';

const optIn = process.env.OPT_IN;
const without = process.env.WITHOUT === '1';

const app = new App();
const chart = new Chart(app, 'opt-in', { namespace: 'shop' });
const web = new SafeRollingDeployment(chart, 'web', {
  image: optIn === 'allowMutableImageTag' ? 'registry.example.com/shop/web:latest' : 'registry.example.com/shop/web:1.4.2',
  allowMutableImageTag: optIn === 'allowMutableImageTag' && !without ? true : undefined,
  readiness: Probe.httpGet('/ready'),
  replicas: 4,
  strategy: optIn === 'recreate' ? RolloutStrategy.recreate()
    : optIn === 'allowCapacityDrop' ? RolloutStrategy.rollingUpdate({ maxSurge: Pods.percent(25), maxUnavailable: Pods.percent(25), allowCapacityDrop: !without })
      : undefined,
});
if (optIn === 'recreate' && without) {
  const deployment = web.node.findAll().find((c) => c instanceof ApiObject && c.kind === 'Deployment') as ApiObject;
  deployment.addJsonPatch(JsonPatch.remove('/metadata/annotations/waive.release-strategies.cdk8s.io~1RS204'));
}
app.synth();
