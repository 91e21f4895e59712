const yaml = require('yaml'); const fs = require('fs');
const t0 = process.hrtime.bigint(); const ms = () => (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1);
const { ReleaseStrategiesValidation } = require('./lib/src/validation/plugin.js'); const a = ms();
const files = fs.readdirSync('dist').filter(f => f.endsWith('.yaml')).map(f => require('path').resolve('dist', f));
let parse = 0n;
const p = new ReleaseStrategiesValidation({ crdFiles: ['../shared/crds/*.yaml'], removeConstructMetadata: false });
const ctx = { manifests: files, metadata: {}, parseManifest: (f) => { const s = process.hrtime.bigint(); const r = yaml.parseAllDocuments(fs.readFileSync(f, 'utf8')).map(d => d.toJS()); parse += process.hrtime.bigint() - s; return r; },
  report: { addViolation(v) { console.log(v.ruleName) }, submit(s, m) { } } };
p.validate(ctx).then(() => console.log(`load ${a} parse ${(Number(parse)/1e6).toFixed(1)} total ${ms()}`));
