/**
 * `cdk8s-release-strategies/validation`: the validation plugin's checks as a function, for an app's
 * unit tests (`validateManifests(Testing.synth(chart))`), from CommonJS and ES modules alike.
 * Not part of the jsii assembly: it works on manifests, not constructs.
 */
export { validateManifests, type ManifestInput, type ValidateOptions, type Violation } from './validate';
export { ReleaseStrategiesValidation, type ReleaseStrategiesValidationProperties } from './plugin';
