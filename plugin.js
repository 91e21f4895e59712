// The cdk8s validation plugin, at a path that does not depend on the build layout. In an app's
// cdk8s.yaml (the CLI loads local plugins by path):
//
//   validations:
//     - package: ./node_modules/cdk8s-release-strategies/plugin
//       version: <the installed version>
//       class: ReleaseStrategiesValidation
'use strict';
module.exports = require('./lib/src/validation/plugin.js');
