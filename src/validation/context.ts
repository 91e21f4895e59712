/**
 * What a rule's check receives: every object of the app (rules may look across objects: a Service
 * and the pods it selects, a Deployment and its disruption budget), the schema outcome of each
 * object, and a way to report a finding.
 */
import { KubeObject } from './objects';
import { PodTemplate } from '../core/pod-templates';
import { SchemaOutcome } from './schema';
import { Target } from '../core/target-version';
import type { Transition } from '../core/transition';

/** `error`: Kubernetes would refuse the object, or it drops traffic; `synth` fails. `warning`: hygiene. */
export type Severity = 'error' | 'warning';

export interface RuleContext {
  /** Every manifest of the app, in synthesis order. */
  readonly objects: readonly KubeObject[];
  /** The objects that carry a pod template, with it. */
  readonly templates: readonly PodTemplate[];
  /** The schema outcome of an object (computed once per object). */
  schema(object: KubeObject): SchemaOutcome;
  /** The ids of all rules (to tell a waiver of an unknown rule). */
  readonly ruleIds: ReadonlySet<string>;
  /** The Kubernetes version the app targets (`targetVersion`, default 1.31). */
  readonly target: Target;
  /**
   * What a rule finds in the text of a manifest file (what the parsed objects cannot show: how a value
   * was written): `compute(text)`, remembered per rule and file text between synths by the plugin, so
   * an unchanged file is not read or parsed again. Undefined when the file cannot be read.
   */
  textFindings(ruleId: string, file: string, compute: (text: string) => TextFindings): TextFindings | undefined;
}

/** The findings of a rule in one manifest file's text, by document (counting only those that became objects). */
export interface TextFindings {
  /** How many documents of the text became objects (what the findings' `document` counts); 0 when nothing was found. */
  readonly documents: number;
  readonly findings: readonly { readonly document: number; readonly path: string; readonly message: string }[];
}

/** Reports one finding of the rule being checked: an object, a field path in it ('' = the object), what is wrong. */
export type Report = (object: KubeObject, path: string, message: string) => void;

/** A rule's check: looks at the whole app and reports every finding. */
export type Check = (context: RuleContext, report: Report) => void;

/**
 * A transition rule's check: looks at what applying the change does (the manifests before and after,
 * see core/transition.ts) and reports on the object of after (of before when it is deleted).
 */
export type TransitionCheck = (transition: Transition, report: Report) => void;

/** A rule: stable metadata (waivers and CI logs refer to its id) and its check. */
export interface Rule {
  /** Stable id, e.g. `RS204`. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what is wrong. */
  readonly title: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix it (and when waiving it is legitimate). */
  readonly fix: string;
  readonly check: Check;
  /** For the transition rules (RS4xx): the check of a change; their `check` of one snapshot finds nothing. */
  readonly transition?: TransitionCheck;
}
