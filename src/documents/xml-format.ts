import type { FeedOptions, Item } from 'feed';
import type { FeedDocument, FeedItem } from '../model.ts';
import type { CharacterDataWriter, XmlElement } from './xml-tree.ts';

/** What RSS and Atom each tell xml-document.ts, which writes both the same way. */
export interface XmlFeedFormat {
  /** The method of `feed`'s Feed that writes the element layout. */
  writer: 'rss2' | 'atom1';
  /** Every prefix the format may use, with its namespace; a document declares those it uses. */
  namespaces: Readonly<Record<string, string>>;
  /**
   * The items' element name and depth below the root (RSS: rss, channel, item). They are the last
   * children of their parent, which is the root or its last child, and so on down.
   */
  items: { name: string; depth: number };
  /** Throws a ModelError for a model the format cannot carry, beyond what prepareDocument checks. */
  assertCarries?: (model: FeedDocument) => void;
  feedOptions: (model: FeedDocument) => FeedOptions;
  feedItem: (item: FeedItem) => Item;
  /** Adds to the document `feed` wrote, once read back, what `feed` cannot write; items aside. */
  completeDocument: (root: XmlElement, model: FeedDocument) => void;
  /** The same for one item's element. */
  completeItem: (element: XmlElement, item: FeedItem) => void;
  /**
   * The element `feed` writes for `feedItem(item)`, completed, built without `feed`: for archive
   * documents, which hold every older post (twenty times a full build's subscription items), where
   * `feed`'s writing and our reading it back took most of a build's time.
   */
  itemElement: (item: FeedItem) => XmlElement;
  /** How text is written outside the items, and in them (see CharacterDataWriter). */
  skeletonText: CharacterDataWriter;
  itemText: CharacterDataWriter;
}
