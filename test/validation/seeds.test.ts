/**
 * The seeds' own mistakes, as the hand-written YAML of the notes (docs/seeds.md), each reported by
 * the rule that exists for it.
 */
import { parseAllDocuments } from 'yaml';
import { validate } from './fixtures';

const yaml = (text: string) => parseAllDocuments(text).map((d) => d.toJS());
const findings = (text: string) => validate(yaml(text)).map((v) => `${v.ruleId} ${v.object} ${v.path}`);

/** Seed 004's Django blog as written, with its strategy block (and the misspelled maxSure). */
const djangoBlog = (replicas: number, strategy: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: django-blog
  namespace: blog
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: django
  strategy:
${strategy}
  template:
    metadata:
      labels:
        app: django
    spec:
      containers:
        - image: conaco/django-blog:v1
          name: web
          ports:
            - name: http
              containerPort: 8080
          resources:
            requests: { memory: 128Mi, cpu: 250m }
            limits: { memory: 512Mi, cpu: 500m }
          startupProbe:
            httpGet: { path: /healthz, port: 8080 }
            failureThreshold: 30
            periodSeconds: 10
          livenessProbe:
            httpGet: { path: /healthz, port: 8080 }
            initialDelaySeconds: 10
            periodSeconds: 10
          readinessProbe:
            httpGet: { path: /healthz, port: 8080 }
            initialDelaySeconds: 10
            periodSeconds: 10
---
apiVersion: v1
kind: Service
metadata:
  name: django-blog
  namespace: blog
spec:
  ports:
    - { name: http, port: 80, protocol: TCP, targetPort: 8080 }
  selector:
    app: django
  type: NodePort
`;

describe('seed 004: the Django blog', () => {
  test('the misspelled maxSure is an unknown field, not ignored', () => {
    const found = findings(djangoBlog(3, '    rollingUpdate:\n      maxSure: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate'));
    expect(found).toContain('RS102 Deployment/blog/django-blog spec.strategy.rollingUpdate.maxSure');
  });

  test('25%/25% at 4 replicas lets a pod go down during every rollout', () => {
    const found = findings(djangoBlog(4, '    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate'));
    expect(found).toContain('RS204 Deployment/blog/django-blog spec.strategy.rollingUpdate.maxUnavailable');
  });

  test('identical liveness and readiness on /healthz restart every pod together', () => {
    const found = findings(djangoBlog(3, '    type: RollingUpdate'));
    expect(found).toContain('RS202 Deployment/blog/django-blog spec.template.spec.containers[0].livenessProbe');
  });

  test('the errors of the note, all at once; the rest are hygiene warnings', () => {
    const violations = validate(yaml(djangoBlog(4, '    rollingUpdate:\n      maxSure: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate')));
    expect(violations.filter((v) => v.severity === 'error').map((v) => `${v.ruleId} ${v.path}`)).toEqual([
      'RS102 spec.strategy.rollingUpdate.maxSure',
      'RS202 spec.template.spec.containers[0].livenessProbe',
      'RS204 spec.strategy.rollingUpdate.maxUnavailable',
    ]);
    expect(new Set(violations.filter((v) => v.severity === 'warning').map((v) => v.ruleId))).toEqual(new Set(['RS212', 'RS213', 'RS214', 'RS215']));
  });
});

/** Seed 002's Spring Boot service; `fixes` are its zero-downtime settings. */
const springBoot = (fixes: { grace?: number; readiness: boolean; preStop: boolean }) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: spring-boot-kubernetes-deployment
spec:
  replicas: 2
  strategy:
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  selector:
    matchLabels: { app: spring-boot-kubernetes-deployment }
  template:
    metadata:
      labels: { app: spring-boot-kubernetes-deployment }
    spec:
${fixes.grace === undefined ? '' : `      terminationGracePeriodSeconds: ${fixes.grace}`}
      containers:
        - name: spring-boot-kubernetes
          image: a1030907690/centos_java:7.7.1908
          command: [java, -jar, spring-boot-kubernetes-0.0.1-SNAPSHOT.jar]
          imagePullPolicy: Never
          ports:
            - containerPort: 8080
${fixes.readiness ? `          readinessProbe:
            httpGet: { path: /, port: 8080 }
            initialDelaySeconds: 50
            periodSeconds: 5
            successThreshold: 1
            failureThreshold: 2` : ''}
          env:
            - { name: TZ, value: Asia/Shanghai }
          volumeMounts:
            - { name: config, mountPath: /config }
${fixes.preStop ? `          lifecycle:
            preStop:
              exec:
                command: [/bin/sh, -c, echo this pod is stopping. > /stop.log && sleep 90s]` : ''}
      volumes:
        - name: config
          configMap:
            name: spring-boot-kubernetes-conf
            items: [{ key: application.yml, path: application.yml }]
---
apiVersion: v1
kind: Service
metadata:
  name: spring-boot-kubernetes
spec:
  selector: { app: spring-boot-kubernetes-deployment }
  ports: [{ port: 8080, targetPort: 8080 }]
`;

describe('seed 002: Spring Boot', () => {
  test('the first version: a Service in front of pods without a readiness probe', () => {
    expect(findings(springBoot({ readiness: false, preStop: false }))).toContain(
      'RS201 Deployment/spring-boot-kubernetes-deployment spec.template.spec.containers[0].readinessProbe');
  });

  test('sleep 90s in preStop under the default 30 s grace period is cut short', () => {
    const violations = validate(yaml(springBoot({ readiness: true, preStop: true })));
    const grace = violations.filter((v) => v.ruleId === 'RS203');
    expect(grace.map((v) => v.path)).toEqual(['spec.template.spec.terminationGracePeriodSeconds']);
    expect(grace[0].message).toMatch(/^30 s \(the default\) does not cover container "spring-boot-kubernetes"'s preStop sleep of 90 s/);
  });

  test('with the note\'s 300 s grace period the drain is covered and no error is left', () => {
    const violations = validate(yaml(springBoot({ grace: 300, readiness: true, preStop: true })));
    expect(violations.filter((v) => v.severity === 'error')).toEqual([]);
  });
});
