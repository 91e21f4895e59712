import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenApp, IdleSlot, Probe, ReleaseController, Slot } from '../src';
import { SHOP_ANALYSIS } from './argo-rollouts-canary';

/**
 * The blue/green app under Argo Rollouts: a Rollout takes its pod template from `cart-blue`, previews
 * a new version on `cart-preview`, analyses it there (test traffic) and on `cart` after promotion, and
 * keeps the previous version 30 s for an instant abort.
 */
export class ArgoRolloutsBlueGreenChart extends Chart {
  public readonly app: BlueGreenApp;

  public constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop' });
    this.app = new BlueGreenApp(this, 'cart', {
      activeSlot: Slot.BLUE,
      blue: { image: 'registry.example.com/shop/cart:1.5.0' },
      green: { image: 'registry.example.com/shop/cart:1.4.2' },
      idleSlot: IdleSlot.scaleToZero(),
      replicas: 3,
      readiness: Probe.httpGet('/ready'),
      releaseController: ReleaseController.argoRollouts({ analysis: SHOP_ANALYSIS, previewAnalysis: true }),
    });
  }
}
