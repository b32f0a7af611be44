import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { describeConditionalWrites, describeHeaders, describeStore, type MakeStore } from './contract.ts';

const make: MakeStore = async (seed) => {
  const store = createMemoryStore(seed);
  return { store, cleanup: async () => {}, contentType: async (key) => store.contentType(key), cacheControl: async (key) => store.cacheControl(key) };
};

describeStore('memory', make);
describeConditionalWrites('memory', make);
describeHeaders('memory', make);

describe('memory store', () => {
  it('uses the MD5 of the bytes as etag, like S3', async () => {
    const store = createMemoryStore({ 'a.md': 'hello' });
    expect(await store.list()).toEqual([{ key: 'a.md', etag: '5d41402abc4b2a76b9719d911017c592', size: 5 }]);
  });

  it('keeps its own copy of the bytes', async () => {
    const store = createMemoryStore();
    const bytes = new TextEncoder().encode('abc');
    await store.put('a', bytes, 'text/plain');
    bytes[0] = 0x7a;
    const read = (await store.get('a'))!;
    read[1] = 0x7a;
    expect(new TextDecoder().decode(await store.get('a'))).toBe('abc');
  });
});
