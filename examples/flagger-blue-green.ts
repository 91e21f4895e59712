import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenApp, IdleSlot, Probe, ReleaseController, Slot } from '../src';
import { SHOP_ANALYSIS } from './argo-rollouts-canary';

/**
 * The blue/green app under Flagger: a Canary (provider `kubernetes`) targets `wishlist-blue`; Flagger
 * copies it to `wishlist-blue-primary`, serves it through the Services it creates (`wishlist`,
 * `wishlist-primary`, `wishlist-canary`) and switches after 10 passing intervals.
 */
export class FlaggerBlueGreenChart extends Chart {
  public readonly app: BlueGreenApp;

  public constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop' });
    this.app = new BlueGreenApp(this, 'wishlist', {
      activeSlot: Slot.BLUE,
      blue: { image: 'registry.example.com/shop/wishlist:2.1.0' },
      green: { image: 'registry.example.com/shop/wishlist:2.0.3' },
      idleSlot: IdleSlot.scaleToZero(),
      replicas: 3,
      readiness: Probe.httpGet('/ready'),
      releaseController: ReleaseController.flagger({ analysis: SHOP_ANALYSIS }),
    });
  }
}
