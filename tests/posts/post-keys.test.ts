import { describe, expect, it } from 'vitest';
import { isPostKey } from '../../src/pipeline/post-keys.ts';

describe('isPostKey', () => {
  it.each([
    'hello.md',
    'posts/2024/trip.markdown',
    'posts/my-trip/index.md',
    // Jekyll: `_posts` holds the posts, at the top or under a category folder.
    '_posts/2013-05-06-welcome-to-jekyll.markdown',
    'blog/_posts/2024-01-02-notes.md',
    '_posts/2024/2024-01-02-in-a-year-folder.MD',
  ])('%s is a post', (key) => {
    expect(isPostKey(key)).toBe(true);
  });

  it.each([
    'notes.txt',
    'cover.png',
    'posts/_index.md',
    '_index.md',
    '_drafts/2024-01-02-unfinished.md',
    '_posts/_drafts/2024-01-02-unfinished.md',
    '_site/2024/01/02/notes.md',
    '_layouts/post.md',
    '_includes/footer.md',
    '.feedbucket/notes.md',
    '_posts/.hidden.md',
    'blog/.git/readme.md',
    '_posts_old/2020-01-01-x.md',
    'posts/_posts.md',
  ])('%s is not a post', (key) => {
    expect(isPostKey(key)).toBe(false);
  });
});
