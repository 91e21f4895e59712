import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Problems } from '../core/problems';
import { CanaryMatch } from './canary-match';

/** What a traffic router needs to know about the app it routes for. */
export interface RouteContext {
  readonly scope: Construct;
  readonly problems: Problems;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly apexService: string;
  readonly stableService: string;
  readonly canaryService: string;
  /** The Services' port (all three share it). */
  readonly port: k8s.ServicePort;
  /** Label key and values that tell the tracks' pods apart. */
  readonly trackLabel: string;
  /** Percent of requests for the canary, 0–100. */
  readonly weight: number;
  readonly match?: CanaryMatch;
}
