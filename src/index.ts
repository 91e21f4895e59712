// The public API, by name: every class, interface and enum exported here is part of the jsii
// assembly (usable from Python, Java, Go and .NET); internal helpers stay unexported.

// The three strategies.
export { SafeRollingDeployment, type SafeRollingDeploymentProps } from './strategies/safe-rolling-deployment';
export { BlueGreenApp, IdleSlot, Slot, type BlueGreenAppProps, type SlotOptions } from './strategies/blue-green-app';
export { CanaryApp, Track, type CanaryAppProps, type ReplicaSplit, type TrackOptions } from './strategies/canary-app';

// Stateful and per-node workloads.
export type { ControllerFreeWorkloadProps } from './strategies/controller-free';
export { SafeStatefulSet, type SafeStatefulSetProps } from './strategies/safe-stateful-set';
export { ClaimRetention, PodManagementPolicy, VolumeAccessMode, type VolumeClaim } from './workload/stateful-set';
export { SafeDaemonSet, type SafeDaemonSetProps } from './strategies/safe-daemon-set';
export { TaintEffect, TolerationOperator, type NodeCanaryOptions, type Toleration } from './workload/daemon-set';

// Traffic routing for canaries.
export { TrafficRouter } from './traffic/router';
export type { AppRoute, FlaggerRouting, ITrafficRouter, TrafficRouterCapabilities, TrafficRouterProps } from './traffic/route';
export { RouteContext } from './traffic/context';
export { CanaryMatch, CanaryMatchType } from './traffic/canary-match';
export type { GatewayApiRouterOptions } from './traffic/gateway-api';
export type { IstioRouterOptions } from './traffic/istio';
export type { NginxIngressRouterOptions } from './traffic/nginx-ingress';

// The shared safe workload builder's options.
export type { WorkloadOptions, WorkloadProps } from './workload/workload';
export { ImagePullPolicy, type ConfigMapMount, type SecretMount } from './workload/workload-options';
export { SecretData, type AppConfig } from './workload/config';
export { Protocol, type ContainerPort } from './workload/ports';
export { HttpScheme, Probe, type HttpGetProbeOptions, type PortProbeOptions, type ProbeOptions } from './workload/probe';
export { Drain, type HttpGetDrainOptions, type SleepDrainOptions } from './workload/shutdown';
export { KubernetesTarget } from './workload/target';
export type { SecurityOptions } from './workload/security';
export { HostSpreading, type SpreadingOptions } from './workload/spreading';
export type { ResourceOptions } from './workload/resources';
export { Pods, type ResolvedRollout } from './core/rollout-arithmetic';
export { RolloutStrategy, type RollingUpdateOptions } from './workload/rollout';
export type { DeploymentOptions } from './workload/deployment';
export { DisruptionBudget } from './workload/disruption-budget';
export { ServiceType, TrafficDistribution, type ServiceOptions } from './workload/service';
export type { AutoscalingOptions } from './workload/autoscaling';

// Release controllers (Argo Rollouts) and their analysis.
export { ReleaseController } from './controllers/controller';
export { ReleasedApp, ReleaseShape, type IReleaseController } from './controllers/released-app';
export { ArgoRolloutsController, RolloutStep, RolloutStepType, type ArgoRolloutsOptions } from './controllers/argo-rollouts';
export type { PrometheusAnalysisOptions } from './controllers/analysis';
export { FlaggerController, type FlaggerOptions } from './controllers/flagger';

// Fleets: one app released ring by ring across many clusters by Argo CD.
export { Fleet, type FleetProps } from './fleet/fleet';
export { FleetApp } from './fleet/fleet-app';
export { MaxUpdate, type FleetCluster, type FleetRing } from './fleet/rings';
export type { ClusterOverrides } from './fleet/overrides';
export type { ArgoCdOptions } from './fleet/application-set';
