/**
 * One document at a time, as a fresh builder renders it (nothing remembered from another test).
 * Each throws what the builder files as a DocumentError: a ModelError for a model the format
 * cannot carry; and an Error for a document that failed its check.
 */
import type { CheckedDocument } from '../../src/documents/check.ts';
import { ATOM } from '../../src/documents/atom.ts';
import { jsonRenderer } from '../../src/documents/json-document.ts';
import { prepareItem } from '../../src/documents/prepare.ts';
import { RSS } from '../../src/documents/rss.ts';
import { xmlRenderer } from '../../src/documents/xml-document.ts';
import type { FeedDocument } from '../../src/model.ts';

export function renderRss(doc: FeedDocument): string {
  return checkedBody(xmlRenderer(RSS, prepareItem)(doc));
}

export function renderAtom(doc: FeedDocument): string {
  return checkedBody(xmlRenderer(ATOM, prepareItem)(doc));
}

export function renderJsonFeed(doc: FeedDocument): string {
  return checkedBody(jsonRenderer(prepareItem)(doc));
}

function checkedBody({ body, problem }: CheckedDocument): string {
  if (problem !== undefined) throw new Error(problem);
  return body.join('');
}
