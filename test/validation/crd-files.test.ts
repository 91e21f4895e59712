import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateManifests } from '../../src/validation/validate';
import { goodApp } from './fixtures';

const crds = path.resolve(__dirname, '..', '..', 'crds');
const route = {
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' },
  spec: { parentRefs: [{ name: 'public' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [{ name: 'web', port: 8080, weightt: 1 }] }] },
};

describe('CRD files', () => {
  test('are read only when the app has a custom resource: an app without one never pays for them', () => {
    // A CRD file that cannot be parsed would throw if it were read.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-lazy-'));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed');
    expect(() => validateManifests(goodApp(), { crdFiles: [path.join(dir, 'broken.yaml')] })).not.toThrow();
  });

  test('validate custom resources, and give the same answer from the parsed-CRD cache on the next run', () => {
    const first = validateManifests([route], { crdFiles: [path.join(crds, 'gateway-api-v1.6.1-httproutes.yaml')] });
    const second = validateManifests([route], { crdFiles: [path.join(crds, 'gateway-api-v1.6.1-httproutes.yaml')] });
    expect(first.map((v) => `${v.ruleId} ${v.path}`)).toContain('RS102 spec.rules[0].backendRefs[0].weightt');
    expect(second).toEqual(first);
  });
});
