import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { errorCodes } from '../../src-main/api/errors.js';

/**
 * Every message a LightboxError can carry, read from the source of src-main (not a hand list), so
 * a new message is found the day it is written. A message is the second argument of
 * `new LightboxError(code, message)`, or the `message` of an `{ code: 'X', message }` payload.
 *
 * The message expression is expanded into its possible texts: literals as written, `a ? b : c` and
 * `a ?? b` into each branch, a parameter of a wrapper function (`bad(what, problem)`) into the
 * arguments its callers pass, a `const` into its value, a call of a function that returns literals
 * into those literals. What cannot be expanded (a path, a number, an error's own message) is a hole,
 * `{}` in `template`, with its source text in `holes`.
 */
export interface ScannedMessage {
  file: string;
  line: number;
  /** The text with `{}` for each hole. */
  template: string;
  /** Each hole's expression, in order. */
  holes: Hole[];
  /** A text that fills a hole of other messages (a reason, a role), not a whole message. */
  part: boolean;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src-main');
const CODES = new Set<string>(errorCodes);

export interface Hole {
  /** The expression's source text. */
  source: string;
  /** Filled from a closed set of texts, each of which is scanned as a part of its own. */
  part: boolean;
}

interface Variant {
  text: string;
  holes: Hole[];
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const MAX_VARIANTS = 64;

function cross(a: Variant[], b: Variant[]): Variant[] {
  const out: Variant[] = [];
  for (const x of a) for (const y of b) if (out.length < MAX_VARIANTS) out.push({ text: x.text + y.text, holes: [...x.holes, ...y.holes] });
  return out;
}

export interface Scan {
  /** LightboxError messages and the parts they are made of. */
  messages: ScannedMessage[];
  /** Reasons given in data (`{ ref, reason }` of an import summary, `{ ok: false, reason }`), shown in problem lists. */
  reasons: ScannedMessage[];
}

export function scanErrorMessages(): Scan {
  const files = sourceFiles(SRC);
  const sources = new Map(files.map((f) => [f, ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true)]));

  /** Function declarations by name, per file, and which files import a name from which module. */
  const functionsIn = (sf: ts.SourceFile, name: string): ts.FunctionLikeDeclaration[] => {
    const found: ts.FunctionLikeDeclaration[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionDeclaration(n) && n.name?.text === name) found.push(n);
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) found.push(n.initializer);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return found;
  };
  const importsFrom = (sf: ts.SourceFile, name: string): string | null => {
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !st.importClause?.namedBindings || !ts.isNamedImports(st.importClause.namedBindings)) continue;
      if (!st.importClause.namedBindings.elements.some((e) => e.name.text === name)) continue;
      const spec = (st.moduleSpecifier as ts.StringLiteral).text;
      if (!spec.startsWith('.')) return null;
      return path.resolve(path.dirname(sf.fileName), spec.replace(/\.js$/, '.ts'));
    }
    return null;
  };
  /** The declaration a called name refers to: in its own file, or imported from another of src-main. */
  const resolveFunction = (sf: ts.SourceFile, name: string): ts.FunctionLikeDeclaration | null => {
    const local = functionsIn(sf, name);
    if (local.length > 0) return local[0]!;
    const from = importsFrom(sf, name);
    const other = from ? sources.get(from) : undefined;
    return other ? (functionsIn(other, name)[0] ?? null) : null;
  };
  /** Calls of `fn` (named `name`, declared in `home`): in its file, and in files importing it from there. */
  const callsOf = (home: ts.SourceFile, name: string, fn: ts.FunctionLikeDeclaration): ts.CallExpression[] => {
    const calls: ts.CallExpression[] = [];
    for (const sf of sources.values()) {
      if (sf !== home && importsFrom(sf, name) !== home.fileName) continue;
      if (sf === home && functionsIn(sf, name)[0] !== fn) continue;
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) calls.push(n);
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    return calls;
  };
  const enclosingFunction = (n: ts.Node): ts.FunctionLikeDeclaration | null => {
    for (let p = n.parent; p; p = p.parent) if (ts.isFunctionLike(p) && 'body' in p) return p as ts.FunctionLikeDeclaration;
    return null;
  };
  const functionName = (fn: ts.FunctionLikeDeclaration): string | null => {
    if (ts.isFunctionDeclaration(fn)) return fn.name?.text ?? null;
    if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
    return null;
  };
  const constValue = (at: ts.Node, name: string): ts.Expression | null => {
    for (let p: ts.Node | undefined = at.parent; p; p = p.parent) {
      let found: ts.Expression | null = null;
      const visit = (n: ts.Node): void => {
        if (found) return;
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer && (n.parent.flags & ts.NodeFlags.Const) !== 0) found = n.initializer;
        else if (!ts.isFunctionLike(n) || n === p) ts.forEachChild(n, visit);
      };
      ts.forEachChild(p, visit);
      if (found) return found;
    }
    return null;
  };

  const hole = (e: ts.Node): Variant[] => [{ text: '{}', holes: [{ source: e.getText().replace(/\s+/g, ' '), part: false }] }];
  const literalText = (e: ts.Expression): boolean => {
    const x = ts.isParenthesizedExpression(e) ? e.expression : ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'slice' ? e.expression.expression : e;
    return ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) || ts.isTemplateExpression(x) || (ts.isConditionalExpression(x) && literalText(x.whenTrue) && literalText(x.whenFalse));
  };
  /** Expressions a function returns (not those of functions nested in it). */
  const returnsOf = (fn: ts.FunctionLikeDeclaration): ts.Expression[] => {
    const out: ts.Expression[] = [];
    if (fn.body && !ts.isBlock(fn.body)) out.push(fn.body as ts.Expression);
    const visit = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) && n.expression && n.expression.kind !== ts.SyntaxKind.NullKeyword) out.push(n.expression);
      if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
    };
    if (fn.body && ts.isBlock(fn.body)) ts.forEachChild(fn.body, visit);
    return out;
  };
  const calledFunction = (e: ts.Expression): ts.FunctionLikeDeclaration | null =>
    ts.isCallExpression(e) && ts.isIdentifier(e.expression) ? resolveFunction(e.getSourceFile(), e.expression.text) : null;
  /** The texts a closed set gives at a hole (a wrapper's parameter, a const, a reason a function returns), or null. */
  const closedSet = (e: ts.Expression, depth: number): ts.Expression[] | null => {
    if (depth > 6) return null;
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return closedSet(e.expression, depth);
    if (ts.isIdentifier(e)) {
      const fn = enclosingFunction(e);
      const index = fn ? fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === e.text) : -1;
      if (fn && index >= 0) {
        const name = functionName(fn);
        const args = (name ? callsOf(e.getSourceFile(), name, fn) : []).map((c) => c.arguments[index]).filter((a): a is ts.Expression => a !== undefined);
        return args.length > 0 && args.every((a) => literalText(a) || closedSet(a, depth + 1) !== null) ? args : null;
      }
      const value = constValue(e, e.text);
      return value ? (literalText(value) ? [value] : closedSet(value, depth + 1)) : null;
    }
    if (ts.isConditionalExpression(e)) {
      const branch = (b: ts.Expression) => (literalText(b) ? [b] : closedSet(b, depth + 1));
      const yes = branch(e.whenTrue);
      const no = branch(e.whenFalse);
      return yes && no ? [...yes, ...no] : null;
    }
    if (ts.isElementAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const value = constValue(e, e.expression.text);
      const obj = value && ts.isAsExpression(value) ? value.expression : value;
      if (!obj || !ts.isObjectLiteralExpression(obj)) return null;
      const values = obj.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [p.initializer] : []));
      return values.every(literalText) ? values : null;
    }
    // `x.reason` where x is what a function returned: the `reason` of each object literal it returns.
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const value = constValue(e, e.expression.text);
      const prop = e.name.text;
      const fromCall = (call: ts.Expression, d: number): ts.Expression[] => {
        const fn = calledFunction(call);
        if (!fn || d > 3) return [];
        const of = (r: ts.Expression): ts.Expression[] => {
          if (ts.isObjectLiteralExpression(r)) {
            const p = r.properties.find((q): q is ts.PropertyAssignment => ts.isPropertyAssignment(q) && q.name.getText() === prop);
            return p && literalText(p.initializer) ? [p.initializer] : [];
          }
          if (ts.isConditionalExpression(r)) return [...of(r.whenTrue), ...of(r.whenFalse)];
          if (ts.isIdentifier(r)) {
            const v = constValue(r, r.text);
            return v && ts.isCallExpression(v) ? fromCall(v, d + 1) : [];
          }
          return ts.isCallExpression(r) ? fromCall(r, d + 1) : [];
        };
        return returnsOf(fn).flatMap(of);
      };
      const found = value ? fromCall(value, 0) : [];
      return found.length > 0 ? found : null;
    }
    const fn = calledFunction(e);
    if (fn) {
      const returned = returnsOf(fn);
      // Only a function that answers in sentences of its own (not printable(), not an Error's own words).
      return returned.length > 0 && returned.every(literalText) ? returned : null;
    }
    return null;
  };

  const expand = (e: ts.Expression, depth: number, top: boolean): Variant[] => {
    if (depth > 8) return hole(e);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [{ text: e.text, holes: [] }];
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return expand(e.expression, depth, top);
    if (ts.isTemplateExpression(e)) {
      let out: Variant[] = [{ text: e.head.text, holes: [] }];
      for (const span of e.templateSpans) out = cross(cross(out, expand(span.expression, depth + 1, false)), [{ text: span.literal.text, holes: [] }]);
      return out;
    }
    if (ts.isConditionalExpression(e)) return [...expand(e.whenTrue, depth + 1, top), ...expand(e.whenFalse, depth + 1, top)];
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return [...expand(e.left, depth + 1, top), ...expand(e.right, depth + 1, top)];
    }
    // `.slice(0, n)` of a sentence keeps its words.
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'slice' && literalText(e.expression.expression)) {
      return expand(e.expression.expression, depth + 1, top);
    }
    const set = closedSet(e, depth);
    if (!set) return hole(e);
    // A whole message from a closed set is each of its texts; a hole filled from one is a part,
    // translated on its own (so "Refused path" and "the entry" share the reasons of unsafeReason).
    if (top) return set.flatMap((x) => expand(x, depth + 1, true));
    for (const x of set) for (const v of expand(x, depth + 1, true)) parts.push({ at: x, variant: v });
    return [{ text: '{}', holes: [{ source: e.getText().replace(/\s+/g, ' '), part: true }] }];
  };
  const parts: { at: ts.Node; variant: Variant }[] = [];

  const found: ScannedMessage[] = [];
  const add = (sf: ts.SourceFile, at: ts.Node, message: ts.Expression): void => {
    const line = sf.getLineAndCharacterOfPosition(at.getStart()).line + 1;
    const file = path.relative(ROOT, sf.fileName).split(path.sep).join('/');
    for (const v of expand(message, 0, true)) found.push({ file, line, template: v.text, holes: v.holes, part: false });
  };
  const addReason = (sf: ts.SourceFile, at: ts.Node, reason: ts.Expression): void => {
    const line = sf.getLineAndCharacterOfPosition(at.getStart()).line + 1;
    const file = path.relative(ROOT, sf.fileName).split(path.sep).join('/');
    for (const v of expand(reason, 0, true)) reasons.push({ file, line, template: v.text, holes: v.holes, part: false });
  };
  const reasons: ScannedMessage[] = [];
  for (const sf of sources.values()) {
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && n.expression.getText() === 'LightboxError' && n.arguments?.[1]) add(sf, n, n.arguments[1]);
      // A line of an export summary's notes.
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.arguments[0] && !ts.isSpreadElement(n.arguments[0])) {
        const callee = n.expression;
        if ((callee.name.text === 'push' && /notes$/i.test(callee.expression.getText())) || callee.name.text === 'addNote') addReason(sf, n, n.arguments[0]);
      }
      // A download's failure is the reason of a failed URL in the import's list.
      if (ts.isNewExpression(n) && n.expression.getText() === 'FetchFailure' && n.arguments?.[0]) addReason(sf, n, n.arguments[0]);
      if (ts.isObjectLiteralExpression(n)) {
        const prop = (name: string) => n.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name);
        const code = prop('code');
        const message = prop('message');
        if (code && message && ts.isStringLiteral(code.initializer) && CODES.has(code.initializer.text)) add(sf, n, message.initializer);
        // Why an item was skipped or refused ({ ref, reason } in an import summary, { ok: false, reason }): shown in lists.
        const reason = prop('reason');
        if (reason && literalText(reason.initializer)) addReason(sf, n, reason.initializer);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  for (const { at, variant } of parts) {
    const sf = at.getSourceFile();
    const line = sf.getLineAndCharacterOfPosition(at.getStart()).line + 1;
    found.push({ file: path.relative(ROOT, sf.fileName).split(path.sep).join('/'), line, template: variant.text, holes: variant.holes, part: true });
  }
  return { messages: found, reasons };
}
