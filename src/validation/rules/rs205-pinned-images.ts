import { Report, Rule, RuleContext } from '../context';
import { at, show } from '../objects';
import { containers } from '../../core/pod-templates';
import { PINNED_IMAGES_RULE } from '../../core/rule-ids';

export const RS205: Rule = {
  id: PINNED_IMAGES_RULE,
  severity: 'error',
  title: 'image not pinned',
  why: 'An untagged or :latest image changes under running pods: nodes pull different builds, and `kubectl rollout undo` cannot return to the previous version.',
  fix: 'Use an immutable tag per release (registry/app:1.4.2) or a digest (@sha256:...).',
  check: checkPinnedImages,
};

function checkPinnedImages(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    for (const { container, path, name } of containers(template, { withInit: true })) {
      const problem = imageProblem(container.image);
      if (problem) report(template.owner, at(path, 'image'), `container ${show(name)} ${problem}: the tag moves under running pods, nodes run different builds, and a rollback cannot return to the previous one`);
    }
  }
}

/** What is wrong with an image reference ('' when it is pinned by a tag other than latest, or by digest). */
function imageProblem(image: unknown): string {
  if (typeof image !== 'string' || image.trim() === '') return 'has no image';
  if (image.includes('@')) return ''; // a digest pins the exact image
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return `image ${show(image)} has no tag, so it means :latest`;
  if (lastSegment.slice(colon + 1) === 'latest') return `image ${show(image)} uses the :latest tag`;
  return '';
}
