/**
 * The manifest's records with their keys in code-unit order, written out by type. Sorting the
 * keys of every object generically cost a 10,000-post build ~60 ms; a record's shape is known,
 * so its order is too.
 */
import type { Diagnostic, PostMeta, Person } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import type { PostRecord } from './manifest.ts';

type Missing<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;

/** Every key of `T`, sorted: a key added to the type and not listed here fails to compile. */
const keysOf =
  <T>() =>
  <const K extends readonly (keyof T)[]>(keys: K & ([Missing<T, K>] extends [never] ? unknown : { missing: Missing<T, K> })): K =>
    keys;

const PERSON = keysOf<Person>()(['email', 'name', 'url']);
const DIAGNOSTIC = keysOf<Diagnostic>()(['key', 'line', 'message']);
const RENDERED = keysOf<RenderedPost & { url: string }>()(['html', 'links', 'summary', 'url']);
const POST = keysOf<PostMeta>()([
  'authors',
  'categories',
  'comments',
  'date',
  'draft',
  'excerptSeparator',
  'expiryDate',
  'id',
  'image',
  'key',
  'publishDate',
  'slug',
  'summary',
  'tags',
  'title',
  'updated',
  'url',
]);
const RECORD = keysOf<PostRecord>()(['dueAt', 'error', 'etag', 'hidden', 'post', 'publishedId', 'rendered', 'warnings']);

/** `value`'s defined fields in the order of `keys`, each made by `field`. */
function ordered<T extends object>(value: T, keys: readonly (keyof T)[], field: (key: keyof T, value: T[keyof T]) => unknown = (_, v) => v): T {
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const key of keys) {
    const v = value[key];
    if (v !== undefined) out[key] = field(key, v);
  }
  return out as T;
}

const person = (value: Person) => ordered(value, PERSON);
const diagnostic = (value: Diagnostic) => ordered(value, DIAGNOSTIC);
const post = (value: PostMeta) => ordered(value, POST, (key, v) => (key === 'authors' ? value.authors.map(person) : v));

/** A record as stored: the same data, keys sorted at every level (link tuples are arrays, kept as they are). */
export function orderedRecord(record: PostRecord): PostRecord {
  return ordered(record, RECORD, (key, v) => {
    if (key === 'post') return post(v as PostMeta);
    if (key === 'rendered') return ordered(v as RenderedPost & { url: string }, RENDERED);
    if (key === 'error') return diagnostic(v as Diagnostic);
    if (key === 'warnings') return (v as Diagnostic[]).map(diagnostic);
    return v;
  });
}
