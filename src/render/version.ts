/**
 * Bumped whenever the same Markdown renders differently, so cached HTML in the manifest is
 * dropped. Kept apart from the renderer so reading it does not load markdown-it.
 */
export const RENDERER_VERSION = 1;
