import { labelValueProblem } from '../core/names';
import { Problems } from '../core/problems';

// registry[:port]/path[:tag][@digest] — the reference grammar of the distribution spec, simplified.
const REFERENCE = /^(?:([a-zA-Z0-9.-]+(?::[0-9]+)?)\/)?([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/** What an image reference pins. */
export interface ParsedImage {
  readonly tag?: string;
  readonly digest?: string;
  /** The reason to record when the user accepted a mutable tag in code (`allowMutableImageTag`). */
  readonly mutableTagAccepted?: string;
}


/**
 * Checks an image reference. An untagged or `:latest` image is a moving target: two pods of one
 * ReplicaSet can run different code, and a rollback may not go back at all. Digests pin exactly.
 */
export function checkImage(problems: Problems, prop: string, image: string | undefined, allowMutableTag: boolean): ParsedImage {
  if (typeof image !== 'string' || image.length === 0) {
    problems.add(prop, image, 'every version needs a container image, e.g. \'registry.example.com/shop/web:1.4.2\'');
    return {};
  }
  const match = REFERENCE.exec(image);
  if (!match) {
    problems.add(prop, image, 'it is not a valid image reference ([registry/]repository[:tag][@sha256:digest], repository in lower case)');
    return {};
  }
  const tag = match[3];
  const digest = match[4];
  const mutable = !digest && (tag === undefined || tag === 'latest');
  if (mutable && allowMutableTag) {
    return { tag, digest, mutableTagAccepted: `allowMutableImageTag: true set in code for ${prop} "${image}"` };
  }
  if (!digest && !allowMutableTag) {
    if (tag === undefined) {
      problems.add(prop, image, 'an untagged image means \':latest\', which moves under running pods; pin a version tag or a digest, or set \'allowMutableImageTag: true\'');
    } else if (tag === 'latest') {
      problems.add(prop, image, '\':latest\' moves under running pods and cannot be rolled back; pin a version tag or a digest, or set \'allowMutableImageTag: true\'');
    }
  }
  return { tag, digest };
}

/**
 * The `app.kubernetes.io/version` label: the given version, else the image tag, else the start of
 * the digest.
 */
export function resolveVersion(problems: Problems, prop: string, version: string | undefined, image: ParsedImage): string | undefined {
  const resolved = version ?? image.tag ?? (image.digest ? image.digest.replace(':', '-').slice(0, 19) : undefined);
  if (resolved === undefined) return undefined;
  const problem = labelValueProblem(resolved);
  if (problem) {
    problems.add(prop, resolved, version === undefined
      ? `the version derived from the image tag is not a valid label value (${problem}); set '${prop}' explicitly`
      : problem);
  }
  return resolved;
}
