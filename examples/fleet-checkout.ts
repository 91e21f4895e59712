import { Fleet, FleetApp, MaxUpdate, Probe, SafeRollingDeploymentProps } from '../src';

/** The checkout service as it runs everywhere today. */
const CHECKOUT_1_4_2: SafeRollingDeploymentProps = {
  namespace: 'shop',
  image: 'registry.example.com/shop/checkout:1.4.2',
  replicas: 3,
  ports: [{ port: 8080, name: 'http' }],
  readiness: Probe.httpGet('/ready'),
};

/** The release: one prop changes, and Argo CD moves it ring by ring. */
const CHECKOUT_1_5_0: SafeRollingDeploymentProps = { ...CHECKOUT_1_4_2, image: 'registry.example.com/shop/checkout:1.5.0' };

/**
 * Checkout in five clusters and three rings: a canary cluster first, then the two early regions one
 * at a time, then the rest of production. The busiest region runs 6 pods instead of 3, and one
 * cluster still runs Kubernetes 1.29. `holdProduction` keeps the production ring on 1.4.2 while the
 * other rings release 1.5.0.
 */
export function buildCheckoutFleet(outdir: string, holdProduction: boolean = false): Fleet {
  return new Fleet({
    name: 'checkout',
    outdir,
    app: FleetApp.safeRollingDeployment(CHECKOUT_1_5_0),
    previous: FleetApp.safeRollingDeployment(CHECKOUT_1_4_2),
    argoCd: { repoUrl: 'https://git.example.com/shop/deploy.git', path: 'dist/checkout-fleet' },
    rings: [
      {
        name: 'canary',
        clusters: [{ name: 'canary-eu', server: 'https://canary-eu.k8s.example.com' }],
      },
      {
        name: 'early',
        maxUpdate: MaxUpdate.clusters(1),
        clusters: [
          { name: 'eu-west', server: 'https://eu-west.k8s.example.com' },
          { name: 'us-east', server: 'https://us-east.k8s.example.com', overrides: { replicas: 6 } },
        ],
      },
      {
        name: 'production',
        maxUpdate: MaxUpdate.percent(50),
        holdBack: holdProduction,
        clusters: [
          { name: 'us-west', server: 'https://us-west.k8s.example.com' },
          { name: 'ap-south', server: 'https://ap-south.k8s.example.com', overrides: { targetVersion: '1.29' } },
        ],
      },
    ],
  });
}
