/**
 * The rule registry. Every rule has a stable id (never reused or renumbered: waivers and CI logs refer
 * to it), a severity, a one-line title, why it matters, how to fix it, and a check over all manifests
 * of the app.
 *
 *  - RS1xx: what the API server refuses (and only that: never a plugin convention).
 *  - RS2xx: best practices for releases without dropped requests; RS20x are errors (they drop traffic
 *    or make a release unsafe), RS21x warnings (hygiene).
 *  - RS4xx: transitions: what applying a change does to the cluster (checked against the manifests
 *    before it: the output folder's last commit, `--base`, or `reviewTransition`).
 *  - RS3xx: the plugin's own checks (waivers). A renumbered rule keeps its former id as an alias
 *    (waivers.ts RULE_ALIASES).
 */
import { Rule } from '../context';
import { RS101 } from './rs101-schema';
import { RS102 } from './rs102-unknown-field';
import { RS103 } from './rs103-unknown-kind';
import { RS104 } from './rs104-removed-api';
import { RS105 } from './rs105-names';
import { RS106 } from './rs106-labels';
import { RS107 } from './rs107-ports';
import { RS108 } from './rs108-workload-selector';
import { RS109 } from './rs109-replica-arithmetic';
import { RS110 } from './rs110-requests-within-limits';
import { RS111 } from './rs111-duplicates';
import { RS113 } from './rs113-yaml-readback';
import { RS114 } from './rs114-target-version-fields';
import { RS115 } from './rs115-pod-spec';
import { RS116 } from './rs116-probes';
import { RS117 } from './rs117-containers';
import { RS118 } from './rs118-resource-names';
import { RS119 } from './rs119-service';
import { RS120 } from './rs120-ingress';
import { RS121 } from './rs121-network-policy';
import { RS122 } from './rs122-autoscaler';
import { RS123 } from './rs123-argo-rollout';
import { RS124 } from './rs124-controller-references';
import { RS125 } from './rs125-flagger-canary';
import { RS126 } from './rs126-skipped-cel-rule';
import { RS127 } from './rs127-stateful-daemon-update-strategy';
import { RS201 } from './rs201-readiness-behind-service';
import { RS202 } from './rs202-distinct-liveness';
import { RS203 } from './rs203-grace-period';
import { RS204 } from './rs204-rollout-capacity';
import { RS205 } from './rs205-pinned-images';
import { RS206 } from './rs206-probe-ports';
import { RS207 } from './rs207-service-target-ports';
import { RS208 } from './rs208-route-to-missing-service';
import { RS209 } from './rs209-revision-scoped-anti-affinity';
import { RS211 } from './rs211-resources';
import { RS212 } from './rs212-restricted-security';
import { RS213 } from './rs213-disruption-budget';
import { RS214 } from './rs214-host-anti-affinity';
import { RS215 } from './rs215-topology-spread';
import { RS216 } from './rs216-crd-defaults-drift';
import { RS217 } from './rs217-daemon-set-host-port-surge';
import { RS218 } from './rs218-stateful-set-headless-service';
import { RS219 } from './rs219-stateful-set-max-unavailable-target';
import { RS301 } from './rs301-waivers';
import { RS401 } from './rs401-immutable-fields';
import { RS402 } from './rs402-serving-object-replaced';
import { RS403 } from './rs403-service-selection-change';
import { RS404 } from './rs404-route-to-starting-pods';
import { RS405 } from './rs405-capacity-dip';
import { RS406 } from './rs406-replicas-removed';
import { RS407 } from './rs407-config-removed-in-use';
import { RS408 } from './rs408-service-port-renumbered';
import { RS409 } from './rs409-route-deleted-app-stays';

export type { Rule } from '../context';

/** Every rule, in the order of the rules table in docs/validation.md (and of the reports). */
export const RULES: readonly Rule[] = [
  RS101,
  RS102,
  RS103,
  RS104,
  RS105,
  RS106,
  RS107,
  RS108,
  RS109,
  RS110,
  RS111,
  RS113,
  RS114,
  RS115,
  RS116,
  RS117,
  RS118,
  RS119,
  RS120,
  RS121,
  RS122,
  RS123,
  RS124,
  RS125,
  RS126,
  RS127,
  RS201,
  RS202,
  RS203,
  RS204,
  RS205,
  RS206,
  RS207,
  RS208,
  RS209,
  RS211,
  RS212,
  RS213,
  RS214,
  RS215,
  RS216,
  RS217,
  RS218,
  RS219,
  RS301,
  RS401,
  RS402,
  RS403,
  RS404,
  RS405,
  RS406,
  RS407,
  RS408,
  RS409,
];
