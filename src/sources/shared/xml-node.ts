// The tree the XML reader (xml.ts) builds: elements with their namespace, attributes and children.
export interface XmlElement {
  /** Qualified name as written (`dc:creator`). */
  name: string;
  /** Local name (`creator`). */
  local: string;
  /** Namespace URI, "" when none. */
  uri: string;
  /** Attributes by qualified name (`href`, `xml:lang`). */
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;
