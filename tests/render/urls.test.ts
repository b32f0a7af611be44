import { describe, expect, it } from 'vitest';
import { absoluteSrcset, absoluteUrl, parseSrcset } from '../../src/render/urls.ts';

const POST = 'https://blog.example.com/2024/hello/';

describe('absoluteUrl', () => {
  it.each([
    ['img/a.png', 'https://blog.example.com/2024/hello/img/a.png'],
    ['../other/', 'https://blog.example.com/2024/other/'],
    ['/about/', 'https://blog.example.com/about/'],
    ['#notes', 'https://blog.example.com/2024/hello/#notes'],
    ['?page=2', 'https://blog.example.com/2024/hello/?page=2'],
    ['//cdn.example/i.png', 'https://cdn.example/i.png'],
    ['', 'https://blog.example.com/2024/hello/'],
    ['  spaced.html\n', 'https://blog.example.com/2024/hello/spaced.html'],
    ['a b.html', 'https://blog.example.com/2024/hello/a%20b.html'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['mailto:a@b.example', 'mailto:a@b.example'],
    ['data:image/png;base64,iVBO', 'data:image/png;base64,iVBO'],
    ['http://exa mple.com/', 'http://exa mple.com/'],
    ['https://[::1', 'https://[::1'],
  ])('%j → %j', (url, expected) => {
    expect(absoluteUrl(url, POST)).toBe(expected);
  });
});

describe('absoluteSrcset', () => {
  it.each([
    ['a.png', 'https://blog.example.com/2024/hello/a.png'],
    ['a.png 1x, ../b.png 2x', 'https://blog.example.com/2024/hello/a.png 1x, https://blog.example.com/2024/b.png 2x'],
    ['a.png 640w,b.png 1280w', 'https://blog.example.com/2024/hello/a.png 640w, https://blog.example.com/2024/hello/b.png 1280w'],
    ['data:image/png;base64,iVBO,Rw0K 2x, c.png', 'data:image/png;base64,iVBO,Rw0K 2x, https://blog.example.com/2024/hello/c.png'],
    ['a.png,, b.png 2x', 'https://blog.example.com/2024/hello/a.png, https://blog.example.com/2024/hello/b.png 2x'],
    [' ,\t, a.png \n 2x , ,', 'https://blog.example.com/2024/hello/a.png 2x'],
    ['a.png future(1, 2), b.png', 'https://blog.example.com/2024/hello/a.png future(1, 2), https://blog.example.com/2024/hello/b.png'],
    ['a\u00a0b.png 1x', 'https://blog.example.com/2024/hello/a%C2%A0b.png 1x'],
    [',,, ', ''],
    ['', ''],
  ])('%j', (srcset, expected) => {
    expect(absoluteSrcset(srcset, POST)).toBe(expected);
  });
});

describe('parseSrcset', () => {
  it('reads a URL up to white space, and a descriptor up to a comma outside parentheses', () => {
    expect(parseSrcset('x,,,y, z.png 1.5x, w.png f(a, b) 2x')).toEqual([
      { url: 'x,,,y', descriptor: '' },
      { url: 'z.png', descriptor: '1.5x' },
      { url: 'w.png', descriptor: 'f(a, b) 2x' },
    ]);
  });

  // The former regular-expression walk stripped trailing commas with `/,+$/`, which retries from
  // every comma of a run: it took ~55 s for 250 KB.
  it.each([
    ['commas', ','.repeat(1 << 20)],
    ['a URL holding a run of commas', `x${','.repeat(1 << 20)}y, z.png`],
    ['a hundred thousand candidates', 'a.png 1x, '.repeat(100_000)],
    ['one descriptor that never ends', `a.png (${'x'.repeat(1 << 20)}`],
  ])(
    'takes linear time on a megabyte of %s',
    (_shape, srcset) => {
      expect(typeof absoluteSrcset(srcset, POST)).toBe('string');
    },
    10_000,
  );
});
