/**
 * The ids of the plugin rules that constructs name, each once: a construct writes a waiver for the
 * rule whose finding it accepted in code, and the rule's file declares the same id.
 */

/** RS204: a rollout that drops capacity (maxUnavailable > 0, or Recreate). */
export const ROLLOUT_CAPACITY_RULE = 'RS204';
/** RS205: an image by a mutable tag. */
export const PINNED_IMAGES_RULE = 'RS205';
/** RS209: required hostname anti-affinity over every revision under a surge. */
export const REVISION_SCOPED_ANTI_AFFINITY_RULE = 'RS209';
