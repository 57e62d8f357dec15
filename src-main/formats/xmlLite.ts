import { LightboxError } from '../api/errors.js';

/**
 * Just enough XML for label files (Pascal VOC): elements, attributes, text, comments, CDATA,
 * the XML declaration. A document with a DOCTYPE (and so any entity definition) is refused:
 * entity expansion and external entities are how XML files attack their readers.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e as 'lt']!;
  });
}

export function parseXml(text: string, what = 'The XML file'): XmlElement {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new LightboxError('BAD_FILE', `${what} declares a DOCTYPE; Lightbox refuses such XML (it can hide entity tricks). Remove the DOCTYPE line.`);
  }
  const bad = (msg: string) => new LightboxError('BAD_FILE', `${what} is not well-formed XML: ${msg}.`);
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.trim()) stack[stack.length - 1]!.text += decodeEntities(chunk);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) throw bad('a comment is not closed');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) throw bad('a CDATA section is not closed');
      stack[stack.length - 1]!.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw bad('a processing instruction is not closed');
      i = end + 2;
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt);
      if (end < 0) throw bad('a closing tag is not closed');
      const name = text.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name || stack.length === 0) throw bad(`</${name}> does not match <${open?.name ?? ''}>`);
      i = end + 1;
    } else {
      const end = text.indexOf('>', lt);
      if (end < 0) throw bad('a tag is not closed');
      let body = text.slice(lt + 1, end);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const m = /^([A-Za-z_:][\w:.-]*)/.exec(body);
      if (!m) throw bad('a tag has no name');
      const attrs: Record<string, string> = {};
      for (const a of body.slice(m[1]!.length).matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs[a[1]!] = decodeEntities(a[3] ?? a[4] ?? '');
      const el: XmlElement = { name: m[1]!, attrs, children: [], text: '' };
      stack[stack.length - 1]!.children.push(el);
      if (!selfClosing) stack.push(el);
      i = end + 1;
    }
    if (stack.length > 256) throw bad('elements are nested too deeply');
  }
  if (stack.length !== 1) throw bad(`<${stack[stack.length - 1]!.name}> is not closed`);
  const top = root.children[0];
  if (!top || root.children.length !== 1) throw bad('there must be exactly one top element');
  return top;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
}
