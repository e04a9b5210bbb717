/**
 * No user-visible text is written into the client's code: every word a person reads comes from
 * the string tables (shared/i18n), so it exists in Danish, English, Norwegian and Swedish.
 * The client's files are parsed with the TypeScript compiler, and every string literal that would
 * end up as text on the screen or in the accessibility tree is reported: children of `h(…)`,
 * text attributes (aria-label, title, placeholder, alt, label), `textContent =` and the like,
 * `append(…)`, toasts, dialogs and Pixi `Text`s. Literals without a letter ('✕', '·', ': ') pass.
 * It uses the compiler API of TypeScript 5.x (the devDependency); tsc 7 has none.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLIENT = join(ROOT, 'client');

/** Attributes whose value is read by people or screen readers. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder', 'title', 'placeholder', 'alt', 'label']);
/** Properties whose assignment puts text on the screen (`text` is a Pixi Text's). */
const TEXT_PROPERTIES = new Set(['textContent', 'innerText', 'innerHTML', 'outerHTML', 'title', 'placeholder', 'alt', 'label', 'ariaLabel', 'ariaDescription', 'ariaRoleDescription', 'ariaValueText', 'ariaPlaceholder', 'text']);
/** Functions and methods whose arguments become text on the screen. */
const SHOWN_ARGUMENTS: Record<string, 'all' | 'first' | 'rest'> = {
  toast: 'first',
  alert: 'first',
  confirm: 'first',
  prompt: 'first',
  announce: 'first',
  createTextNode: 'first',
  append: 'all',
  prepend: 'all',
  before: 'all',
  after: 'all',
  replaceWith: 'all',
  replaceChildren: 'rest',
};

/**
 * Literals that are not words in any language, with the reason; keyed by file and text.
 * Keep this short: a word a person reads belongs in shared/i18n.
 */
const ALLOWED: readonly { file: string; text: string; why: string }[] = [];

/** One hard-coded text: where it is and what it says. */
interface Finding {
  file: string;
  line: number;
  text: string;
  context: string;
}

const hasWords = (text: string): boolean => /\p{L}/u.test(text);

/** The literal pieces of text `expr` can evaluate to (calls such as tr() are not literal, and yield none). */
function literalTexts(expr: ts.Expression | undefined): ts.Node[] {
  if (!expr) return [];
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr];
  if (ts.isTemplateExpression(expr)) return [expr.head, ...expr.templateSpans.flatMap((span) => [...literalTexts(span.expression), span.literal])];
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr)) return literalTexts(expr.expression);
  if (ts.isConditionalExpression(expr)) return [...literalTexts(expr.whenTrue), ...literalTexts(expr.whenFalse)];
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return [...literalTexts(expr.left), ...literalTexts(expr.right)];
    // `cond && 'text'` shows the text when cond holds
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalTexts(expr.right);
    return [];
  }
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.flatMap((e) => (ts.isSpreadElement(e) ? literalTexts(e.expression) : literalTexts(e)));
  return [];
}

/** The text of a literal piece, as a person would read it. */
function textOf(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return node.getText();
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) ? name.text : undefined;
}

function calleeName(expr: ts.LeftHandSideExpression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

/** Text attributes set in an object literal of props. */
function attributeTexts(props: ts.Expression | undefined, names: ReadonlySet<string>): ts.Node[] {
  if (!props || !ts.isObjectLiteralExpression(props)) return [];
  return props.properties.flatMap((p) => (ts.isPropertyAssignment(p) && names.has(propertyName(p.name) ?? '') ? literalTexts(p.initializer) : []));
}

/** Every hard-coded visible text in one source file. */
function findHardcodedText(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Finding[] = [];
  const report = (nodes: ts.Node[], context: string) => {
    for (const node of nodes) {
      const text = textOf(node);
      if (hasWords(text)) found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text, context });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name === 'h' && ts.isIdentifier(node.expression)) {
        report(attributeTexts(node.arguments[1], TEXT_ATTRIBUTES), 'h() attribute');
        report(node.arguments.slice(2).flatMap((a) => literalTexts(a)), 'h() child');
      } else if (name === 'setAttribute' && node.arguments[0] && ts.isStringLiteral(node.arguments[0]) && TEXT_ATTRIBUTES.has(node.arguments[0].text)) {
        report(literalTexts(node.arguments[1]), `setAttribute('${node.arguments[0].text}')`);
      } else if (name && SHOWN_ARGUMENTS[name]) {
        const which = SHOWN_ARGUMENTS[name];
        const args = which === 'first' ? node.arguments.slice(0, 1) : which === 'rest' ? node.arguments.slice(1) : node.arguments;
        report(args.flatMap((a) => literalTexts(a)), `${name}()`);
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Text') {
      // Pixi: new Text({ text }) or new Text('text')
      const first = node.arguments?.[0];
      report(first && ts.isObjectLiteralExpression(first) ? attributeTexts(first, new Set(['text'])) : literalTexts(first), 'new Text()');
    } else if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.EqualsToken || node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) &&
      ts.isPropertyAccessExpression(node.left) &&
      TEXT_PROPERTIES.has(node.left.name.text)
    ) {
      report(literalTexts(node.right), `.${node.left.name.text} =`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function clientFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return clientFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('the scan for hard-coded text', () => {
  it('finds text in every place a person would read it, and lets words from the tables pass', () => {
    const source = `
      h('button', { type: 'button', class: 'primary', 'aria-label': 'Close it', title: tr('x') }, 'Save');
      h('p', {}, tr('ok'), \`\${n} pieces\`, cond ? 'Yes' : tr('no'), '✕', ' · ', [tr('a'), 'Listed']);
      el.textContent = 'Hello';
      el.textContent = tr('fine');
      input.placeholder = \`E.g. \${name}\`;
      el.setAttribute('aria-label', 'Board');
      el.setAttribute('data-id', 'board');
      toast('Saved!');
      host.append(h('span', {}, tr('x')), ' – ', 'away');
      replaceChildren(el, 'Nobody');
      new Text({ text: 'Centre', style: { fontFamily: 'Noto Sans' } });
      label.text = String(count);
      h('div', { class: 'tray', id: 'tray', dataset: { kind: 'residents' }, role: 'list' });
    `;
    expect(findHardcodedText('example.ts', source).map((f) => f.text)).toEqual([
      'Close it',
      'Save',
      ' pieces',
      'Yes',
      'Listed',
      'Hello',
      'E.g. ',
      'Board',
      'Saved!',
      'away',
      'Nobody',
      'Centre',
    ]);
  });
});

describe('client code', () => {
  const files = clientFiles(CLIENT);
  const findings = files.flatMap((path) => findHardcodedText(relative(ROOT, path), readFileSync(path, 'utf8')));

  it('is scanned', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.some((f) => f.endsWith('startScreen.ts'))).toBe(true);
  });

  it('writes no user-visible text of its own: every word comes from the string tables', () => {
    const unexpected = findings.filter((f) => !ALLOWED.some((a) => a.file === f.file && a.text === f.text));
    expect(unexpected.map((f) => `${f.file}:${f.line} ${f.context} ${JSON.stringify(f.text)}`)).toEqual([]);
  });

  it('allows only literals that are still found', () => {
    for (const allowed of ALLOWED) expect(findings.some((f) => f.file === allowed.file && f.text === allowed.text), `${allowed.file} ${allowed.text}`).toBe(true);
  });
});
