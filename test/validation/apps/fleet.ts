// The example fleet as a whole app, for the real `cdk8s synth` with the validation plugin: one folder
// per cluster and one for Argo CD, straight into the CLI's output folder. FLEET_MISTAKE=1 gives one
// cluster a replica count the construct refuses.
import { buildCheckoutFleet } from '../../../examples/fleet-checkout';
import { Fleet, FleetApp, Probe } from '../../../src';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
if (process.env.FLEET_MISTAKE === '1') {
  new Fleet({
    name: 'web',
    outdir,
    app: FleetApp.safeRollingDeployment({ namespace: 'shop', image: 'registry.example.com/web:1.0.0', readiness: Probe.httpGet('/ready') }),
    argoCd: { repoUrl: 'https://git.example.com/deploy.git', path: 'dist' },
    rings: [{ name: 'one', clusters: [{ name: 'a', server: 'https://a.example.com' }, { name: 'b', server: 'https://b.example.com', overrides: { replicas: 0 } }] }],
  }).synth();
} else {
  buildCheckoutFleet(outdir).synth();
}
