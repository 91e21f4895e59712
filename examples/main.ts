import { App } from 'cdk8s';
import { GolangBlueGreenChart } from './seed-000-golang-blue-green';
import { SpringBootRollingChart } from './seed-002-spring-boot';
import { DjangoBlogRollingChart } from './seed-004-django-blog';

/** Every example chart, keyed by the name of its output file in dist/. */
export function buildExamples(app: App): void {
  new GolangBlueGreenChart(app, 'seed-000-golang-blue-green');
  new SpringBootRollingChart(app, 'seed-002-spring-boot-rolling');
  new DjangoBlogRollingChart(app, 'seed-004-django-blog-rolling');
}

if (require.main === module) {
  const app = new App();
  buildExamples(app);
  app.synth();
}
