import { beforeAll, describe, expect, it } from 'vitest';
import { getDocumentProxy } from 'unpdf';
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { boardSvg, exportCsv, exportFileName, exportPdf, exportPng, exportPngAsync, POSTER_WIDTH } from '../../server/export/index.ts';
import { exportText } from '../../server/export/strings.ts';
import { parseWorkshopFile, stateFromWorkshopFile, toWorkshopFile, type WorkshopFile } from '../../shared/workshopFile.ts';
import { compareParty } from '../../shared/reveal.ts';
import { MARK_COLORS } from '../../shared/boardStyle.ts';
import { boxesOverlap, pieceBox, shownPieces } from '../../shared/layout.ts';
import { localized } from '../../shared/deck.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import { FORMULA_NOTE, TRICKY_NOTE, crowdedWorkshop, deck, exportAgreement, exportWorkshop } from './fixtures/exportWorkshop.ts';

const OUT = new URL('../../test-results/export/', import.meta.url);
mkdirSync(OUT, { recursive: true });
const save = (name: string, data: Buffer | string) => writeFileSync(new URL(name, OUT), data);

const EXPORTED_AT = Date.UTC(2026, 2, 12, 15, 0);

/** The text a piece shows: its own name for a blank kind, else the kind's label in `lang`. */
function labelOf(state: WorkshopState, piece: PlacedPiece, lang = state.language): string {
  return piece.label || localized(state.kinds.find((k) => k.id === piece.kindId)!.label, lang);
}

/** Round as the SVG writes numbers. */
const round = (n: number) => Math.round(n * 100) / 100;
/** Where the SVG draws each piece: its centre and size, from the piece groups' transforms. */
function piecesDrawn(svg: string): { x: number; y: number; scale: number }[] {
  return [...svg.matchAll(/<g transform="translate\(([-\d.]+) ([-\d.]+)\) scale\(([\d.]+)\)"><rect/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), scale: Number(m[3]) }));
}
const byPlace = (a: { x: number; y: number }, b: { x: number; y: number }) => a.x - b.x || a.y - b.y;

/** Collapse runs of white space, as text extracted from a PDF has line breaks wherever lines wrapped. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of each page of a PDF, extracted with pdf.js (unpdf's serverless build: no canvas, no system package). */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocumentProxy(new Uint8Array(pdf), { useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(squash(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('')));
  }
  await doc.cleanup();
  return pages;
}

/** A tiny RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside; CRLF between records. */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') throw new Error(`bare line break outside quotes at ${i}`);
    else field += ch;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

function hexRgb(color: string): [number, number, number] {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

describe('export of a finished Danish workshop', () => {
  const state = exportWorkshop('da');
  const agreement = exportAgreement(state);
  const votes = new Map([[state.pieces[0]!.id, 3], [state.pieces[2]!.id, 1]]);
  const votesFor = (pieceId: string) => votes.get(pieceId) ?? 0;
  const [bh, kk, spae, foe] = state.parties;

  it('the fixture covers every perception and a party without pieces', () => {
    const perceptions = state.parties.flatMap((p) => compareParty(state, p.id).values.map((v) => v.perception));
    expect(new Set(perceptions)).toEqual(new Set(['shared', 'blind-spot', 'unseen']));
    expect(state.pieces.some((p) => p.areaPartyId === foe!.id)).toBe(false);
    expect(state.pieces.some((p) => p.kindId === 'own-value' && p.label === 'Tryghed på trappen')).toBe(true);
  });

  describe('board SVG', () => {
    it('draws every party, piece and legend entry, with user text escaped', () => {
      const tricky = { ...state, title: 'Lektiecaféen & "venner" <2026>', collaboration: '' };
      const svg = boardSvg(tricky, { votesFor });
      save('board.svg', svg);
      expect(svg.startsWith('<?xml')).toBe(true);
      expect(svg).toContain('Lektiecaféen &amp; &quot;venner&quot; &lt;2026&gt;');
      expect(svg).not.toContain('<2026>');
      for (const party of state.parties) {
        expect(svg).toContain(`>${party.shortName}<`);
        expect(svg).toContain(`fill="${party.color}"`);
      }
      // the legend names every party next to its colour: never colour alone
      for (const party of state.parties) expect(svg).toContain(`>${party.name}<`);
      const words = squash(svg.replace(/<[^>]+>/g, ' '));
      for (const piece of state.pieces) expect(words).toContain(labelOf(state, piece));
      expect(svg).toContain('>3</text>'); // the vote badge
      // one drawn piece per placed piece, where the layout stored it and at its size
      const drawn = piecesDrawn(svg);
      expect(drawn).toHaveLength(state.pieces.length);
      expect(drawn.sort(byPlace)).toEqual(state.pieces.map(({ x, y, scale }) => ({ x: round(x), y: round(y), scale: round(scale) })).sort(byPlace));
      // before the reveal the pieces carry no marks, and the legend does not explain them
      expect(svg).not.toContain(exportText('da', 'export.perceptions'));
      // icons are embedded, not linked
      expect(svg).not.toMatch(/<image|href=/);
    });

    it('draws the reveal as the board shows it: arranged by perception, no piece on another, each marked, the marks explained', () => {
      const revealed = { ...state, phase: 'reveal' as const };
      const svg = boardSvg(revealed, { votesFor });
      save('board-reveal.svg', svg);
      const drawn = piecesDrawn(svg);
      const shown = shownPieces(revealed);
      expect(drawn.sort(byPlace)).toEqual(shown.map(({ x, y, scale }) => ({ x: round(x), y: round(y), scale: round(scale) })).sort(byPlace));
      for (const [i, a] of drawn.entries()) for (const b of drawn.slice(i + 1)) expect(boxesOverlap(pieceBox(a), pieceBox(b)), JSON.stringify([a, b])).toBe(false);
      // a mark on every piece and one of each in the legend, which names and explains them
      const marks = Object.values(MARK_COLORS).reduce((sum, color) => sum + svg.split(`fill="${color}"`).length - 1, 0);
      expect(marks).toBe(state.pieces.length + 3);
      const words = squash(svg.replace(/<[^>]+>/g, ' '));
      expect(words).toContain(exportText('da', 'export.perceptions'));
      for (const perception of ['shared', 'blind-spot', 'unseen'] as const) expect(words).toContain(exportText('da', `export.perception.${perception}`));
    });

    it('leaves out the title band and legends when asked', () => {
      const svg = boardSvg(state, { titleBand: false, legend: false });
      expect(svg).not.toContain(state.focus);
      expect(svg).not.toContain(exportText('da', 'export.categories'));
    });
  });

  describe('PNG poster', () => {
    let png: Buffer;
    let ms: number;
    beforeAll(() => {
      const started = performance.now();
      png = exportPng(state, { votesFor });
      ms = performance.now() - started;
      save('board.png', png);
    });

    it('is poster-sized, quick, and shows every party colour and the pieces', () => {
      console.info(`PNG ${POSTER_WIDTH}px: ${Math.round(ms)} ms, ${(png.length / 1e6).toFixed(1)} MB`);
      // a guard against regressions, generous for a busy 2-core machine (about 1 s when idle)
      expect(ms).toBeLessThan(15_000);
      const image = PNG.sync.read(png);
      expect(image.width).toBeGreaterThanOrEqual(3000);
      expect(image.height).toBeGreaterThan(image.width);
      const wanted = [...state.parties.map((p) => p.color), '#77aadd' /* target group: Værdi for beboerne */, '#dddddd' /* own value */];
      // one pass over every pixel into a histogram of exact colours, then look the wanted colours up in it
      const histogram = new Uint32Array(1 << 24);
      const { data } = image;
      for (let i = 0; i < data.length; i += 4) histogram[(data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!]!++;
      let distinct = 0;
      for (const count of histogram) if (count > 0) distinct++;
      const near = (color: string, tolerance = 6) => {
        const [r, g, b] = hexRgb(color);
        let count = 0;
        for (let dr = -tolerance; dr <= tolerance; dr++)
          for (let dg = -tolerance; dg <= tolerance; dg++)
            for (let db = -tolerance; db <= tolerance; db++) {
              const [cr, cg, cb] = [r + dr, g + dg, b + db];
              if (cr >= 0 && cr < 256 && cg >= 0 && cg < 256 && cb >= 0 && cb < 256) count += histogram[(cr << 16) | (cg << 8) | cb]!;
            }
        return count;
      };
      expect(distinct).toBeGreaterThan(1000);
      for (const color of wanted) expect(near(color), `pixels of ${color}`).toBeGreaterThan(2000);
    });
  });

  it('renders the PNG off the event loop too, at any width', async () => {
    const png = PNG.sync.read(await exportPngAsync(state, { width: 800 }));
    expect(png.width).toBe(800);
    expect(png.height).toBeGreaterThan(800);
  });

  describe('PDF report', () => {
    let pdf: Buffer;
    let pages: string[];
    let text: string;
    let ms: number;
    beforeAll(async () => {
      const started = performance.now();
      pdf = await exportPdf(state, { votesFor, agreement });
      ms = performance.now() - started;
      save('report-da.pdf', pdf);
      pages = await pdfPages(pdf);
      text = pages.join(' ');
    });

    it('is an A4 PDF with Noto Sans embedded', () => {
      console.info(`PDF (da): ${Math.round(ms)} ms, ${pages.length} pages, ${(pdf.length / 1e6).toFixed(2)} MB`);
      expect(ms).toBeLessThan(15_000);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Bold/);
      expect(raw).toContain('/FontFile2');
      expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      expect(raw).not.toContain('/Helvetica');
    });

    it('has the title, date, every party and the Danish letters intact', () => {
      expect(text).toContain('Lektiecaféen 2026');
      expect(text).toContain(squash(state.focus));
      expect(text).toContain('12. marts 2026');
      for (const party of state.parties) expect(text).toContain(party.name);
      for (const letter of ['æ', 'ø', 'å', 'Æ', 'Ø', 'Å']) expect(text).toContain(letter);
    });

    it('lists every placed value with its note, and the perceptions in Danish', () => {
      for (const piece of state.pieces) {
        // blank pieces named alike ("Åben skole", "åben skole") are one value in the reveal, shown under the first name
        expect(text.toLowerCase()).toContain(labelOf(state, piece).toLowerCase());
        if (piece.note) expect(text).toContain(squash(piece.note));
      }
      for (const word of ['Fælles', 'Blind vinkel', 'Usynlig for andre', 'Eget syn', 'Partnersyn']) expect(text).toContain(word);
      expect(text).toContain('Værdier pr. part');
      expect(text).toContain('Ingen værdibrikker i partens felt.');
    });

    it('has the balance with the question for the party that got nothing, and the agreement', () => {
      expect(text).toContain('Balance');
      expect(text).toContain('Er samarbejdet meningsfuldt for alle?');
      expect(text).toContain(`Få eller ingen værdier for: ${foe!.name}.`);
      for (const line of [...agreement.sharedValues, ...agreement.openQuestions]) expect(text).toContain(line);
      expect(text).toContain('Aftale møde med skolebestyrelsen');
      expect(text).toContain('Næste skridt');
      expect(text).toContain(`Side 1 af ${pages.length}`);
      expect(pages.at(-1)).toContain(`Side ${pages.length} af ${pages.length}`);
    });

    it('writes the placer of each piece with its short name', () => {
      for (const party of [bh!, kk!, spae!]) expect(text).toContain(`${party.name} (${party.shortName})`);
    });
  });

  describe('CSV', () => {
    const csv = exportCsv(state, { votesFor });
    save('pieces-da.csv', csv);
    const rows = parseCsv(csv.slice(1));

    it('starts with the BOM, ends lines with CRLF and has one row per piece', () => {
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv.endsWith('\r\n')).toBe(true);
      expect(rows[0]).toEqual(['Part', 'Værdi', 'Kategori', 'Lagt af', 'Syn', 'Note', 'Vigtighed', 'Stemmer', 'Opfattelse']);
      expect(rows).toHaveLength(state.pieces.length + 1);
      expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    });

    it('reads back the tricky note and the right values', () => {
      const byNote = (note: string) => rows.find((r) => r[5] === note);
      expect(byNote(TRICKY_NOTE)).toEqual(['Boligsocial helhedsplan', 'Værdi for beboerne', 'Målgruppe og kerneopgave', 'Boligsocial helhedsplan', 'Eget syn', TRICKY_NOTE, '3', '3', 'Fælles']);
      expect(byNote('Ro i området')).toEqual(['Boligsocial helhedsplan', 'Værdi for beboerne', 'Målgruppe og kerneopgave', 'Københavns Kommune', 'Partnersyn', 'Ro i området', '2', '0', 'Fælles']);
      expect(byNote('Synlig i lokalavisen')?.slice(3)).toEqual(['Københavns Kommune', 'Partnersyn', 'Synlig i lokalavisen', '1', '1', 'Blind vinkel']);
      expect(rows.find((r) => r[1] === 'Tryghed på trappen')).toEqual(['Boligsocial helhedsplan', 'Tryghed på trappen', 'Egen værdi', 'Boligsocial helhedsplan', 'Eget syn', '', '3', '0', 'Usynlig for andre']);
      expect(rows.filter((r) => r[1]?.toLowerCase() === 'åben skole').map((r) => r[8])).toEqual(['Fælles', 'Fælles']);
      expect(byNote('Politisk opbakning: "Det virker"')?.[0]).toBe('Københavns Kommune');
      expect(rows.filter((r) => r[0] === foe!.name)).toHaveLength(0);
    });

    it('keeps a formula-looking note from running in the spreadsheet', () => {
      expect(rows.find((r) => r[1] === 'Økonomisk værdi')?.[5]).toBe(`'${FORMULA_NOTE}`);
    });

    it('can use semicolons for Danish Excel, counts the state’s own votes, and speaks English for an English workshop', () => {
      expect(parseCsv(exportCsv(state, { delimiter: ';' }).slice(1), ';')).toHaveLength(state.pieces.length + 1);
      const voted = { ...state, votes: [{ id: 'v1', memberId: 'm1', pieceId: state.pieces[1]!.id }, { id: 'v2', memberId: 'm2', pieceId: state.pieces[1]!.id }] };
      expect(parseCsv(exportCsv(voted).slice(1)).find((r) => r[5] === 'Ro i området')?.[7]).toBe('2');
      const english = parseCsv(exportCsv(exportWorkshop('en')).slice(1));
      expect(english[0]).toEqual(['Party', 'Value', 'Category', 'Placed by', 'View', 'Note', 'Importance', 'Votes', 'Perception']);
      expect(english.find((r) => r[5] === TRICKY_NOTE)?.slice(1, 2)).toEqual(['Value for residents']);
      expect(new Set(english.slice(1).map((r) => r[8]))).toEqual(new Set(['Shared', 'Blind spot', 'Unseen by others']));
    });
  });
});

describe('export of an English workshop', () => {
  it('gives English headings, words and dates in the PDF', async () => {
    const state = exportWorkshop('en');
    const pdf = await exportPdf(state, { agreement: exportAgreement(state) });
    save('report-en.pdf', pdf);
    const text = (await pdfPages(pdf)).join(' ');
    for (const heading of ['Values per party', 'Balance', 'Agreement', 'Shared values', 'Open questions', 'Next steps', 'Parties'])
      expect(text).toContain(heading);
    for (const word of ['Shared', 'Blind spot', 'Unseen', 'Own view', 'Partner view', 'Is the collaboration meaningful for all?', '12 March 2026', 'Page 1 of'])
      expect(text).toContain(word);
    expect(text).toContain('Value for residents');
    expect(text).not.toContain('Værdier pr. part');
    expect(text).not.toContain('Fælles');
  });

  it('breaks long tables across pages, repeating the header, and keeps every note', async () => {
    const state = crowdedWorkshop();
    const started = performance.now();
    const pdf = await exportPdf(state);
    console.info(`PDF (crowded, ${state.pieces.length} pieces): ${Math.round(performance.now() - started)} ms`);
    save('report-crowded.pdf', pdf);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(6);
    const text = pages.join(' ');
    for (const piece of state.pieces) expect(text).toContain(squash(piece.note).slice(0, 12));
    // every page of the values section opens with the table's header
    const tablePages = pages.filter((p, i) => i > 0 && p.includes('Own view'));
    expect(tablePages.length).toBeGreaterThanOrEqual(4);
    for (const page of tablePages) expect(page).toContain('Value Perception Placed by View Importance');
    // a table going on over a page break says whose it is
    expect(text).toMatch(/\([A-Z]+\) \(continued\) Value Perception/);
    for (const party of state.parties) expect(text).toContain(party.name);
  });
});

describe('export of a Norwegian and a Swedish workshop', () => {
  const cases = [
    ['nb', ['Part', 'Verdi', 'Kategori', 'Lagt av', 'Syn', 'Notat', 'Viktighet', 'Stemmer', 'Oppfatning'], ['Verdier per part', 'Balanse', 'Felles verdier', 'Blindsone', 'Eget syn', '12. mars 2026', 'Side 1 av']],
    ['sv', ['Part', 'Värde', 'Kategori', 'Lagd av', 'Syn', 'Anteckning', 'Betydelse', 'Röster', 'Uppfattning'], ['Värden per part', 'Balans', 'Gemensamma värden', 'Blind fläck', 'Egen syn', '12 mars 2026', 'Sida 1 av']],
  ] as const;

  it.each(cases)('%s: CSV headers, values and perceptions in the language', (lang, header) => {
    const state = exportWorkshop(lang);
    const rows = parseCsv(exportCsv(state).slice(1));
    expect(rows[0]).toEqual(header);
    const residents = localized(deck.kinds.find((k) => k.id === 'residents')!.label, lang);
    expect(residents).not.toBe(localized(deck.kinds.find((k) => k.id === 'residents')!.label, 'da'));
    expect(rows.find((r) => r[5] === TRICKY_NOTE)?.[1]).toBe(residents);
    expect(new Set(rows.slice(1).map((r) => r[8]))).toEqual(new Set(['shared', 'blind-spot', 'unseen'].map((p) => exportText(lang, `export.perception.${p}` as 'export.perception.shared'))));
  });

  it.each(cases)('%s: PDF headings, words and the date in the language', async (lang, _header, words) => {
    const state = exportWorkshop(lang);
    const pdf = await exportPdf(state, { agreement: exportAgreement(state) });
    save(`report-${lang}.pdf`, pdf);
    const text = (await pdfPages(pdf)).join(' ');
    for (const word of words) expect(text).toContain(word);
    expect(text).not.toContain('Værdier pr. part');
    expect(text).not.toContain('Values per party');
  });
});

describe('the JSON workshop file', () => {
  const state = exportWorkshop('da');
  const withAgreement: WorkshopState = {
    ...state,
    agreement: {
      sharedValues: [{ id: 'a1', text: 'Børnenes læring' }],
      openQuestions: [{ id: 'a2', text: 'Hvem betaler?' }],
      nextSteps: [{ id: 'a3', text: 'Møde med skolen', ownerPartyId: state.parties[2]!.id }],
    },
    votes: [{ id: 'v1', memberId: 'm0', pieceId: state.pieces[0]!.id }],
  };
  const file = toWorkshopFile(withAgreement, { exportedAt: EXPORTED_AT });
  const json = JSON.stringify(file, null, 2);
  save('workshop.json', json);

  it('round-trips: export, text, import, export gives the same document', () => {
    const parsed = parseWorkshopFile(json);
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.file).toEqual(file);
    expect(toWorkshopFile(stateFromWorkshopFile(parsed.file), { exportedAt: EXPORTED_AT })).toEqual(file);
    expect(parseWorkshopFile(JSON.parse(json))).toEqual(parsed);
    // the reopened workshop exports the same table
    expect(exportCsv(stateFromWorkshopFile(parsed.file))).toBe(exportCsv(withAgreement));
    expect(file.exportedAt).toBe('2026-03-12T15:00:00.000Z');
    expect(file.format).toBe('vaerdispil/1');
  });

  it('holds the lasting state and nothing secret or transient', () => {
    const leaky = { ...withAgreement, facilitatorKey: 'k'.repeat(32), facilitatorKeyHash: 'h'.repeat(64) } as WorkshopState;
    const leaked = toWorkshopFile(leaky, { exportedAt: EXPORTED_AT });
    expect(JSON.stringify(leaked)).not.toMatch(/facilitatorKey|kkkkkkkk|hhhhhhhh/);
    expect(leaked).toEqual(file);
    for (const field of ['history', 'timer', 'spotlight']) expect(file.workshop).not.toHaveProperty(field);
    expect(file.workshop.pieces[0]).not.toHaveProperty('heldBy');
    expect(file.workshop.members[0]).not.toHaveProperty('connected');
    expect(file.workshop.pieces).toHaveLength(state.pieces.length);
    expect(file.workshop.agreement.nextSteps[0]!.ownerPartyId).toBe(state.parties[2]!.id);
    expect(file.workshop.kinds.find((k) => k.id === 'own-value')?.blank).toBe(true);
  });

  const mutate = (change: (w: WorkshopFile['workshop']) => void): unknown => {
    const copy = JSON.parse(json) as WorkshopFile;
    change(copy.workshop);
    return copy;
  };
  const rejects: [string, unknown, RegExp][] = [
    ['an empty object', {}, /^format: /],
    ['an array', [], /^\(file\): .*array/],
    ['a bare string', 'x', /^\(file\): not valid JSON/],
    ['null', null, /^\(file\)/],
    ['another format', { ...JSON.parse(json), format: 'other/1' }, /^format: expected "vaerdispil\/1", got "other\/1"/],
    ['a missing workshop', { format: 'vaerdispil/1', exportedAt: '2026-03-12T15:00:00.000Z' }, /^workshop: /],
    ['a bad export time', { ...JSON.parse(json), exportedAt: 'yesterday' }, /^exportedAt: /],
    ['importance 7', mutate((w) => (w.pieces[0]!.importance = 7)), /^workshop\.pieces\.0\.importance: /],
    ['a piece in an unknown party', mutate((w) => (w.pieces[0]!.areaPartyId = 'nobody')), /^workshop\.pieces\.0\.areaPartyId: unknown party nobody/],
    ['a piece placed by an unknown party', mutate((w) => (w.pieces[1]!.placedByPartyId = 'nobody')), /^workshop\.pieces\.1\.placedByPartyId: /],
    ['a piece of an unknown kind', mutate((w) => (w.pieces[0]!.kindId = 'unicorns')), /^workshop\.pieces\.0\.kindId: unknown value kind/],
    ['a nameless own value', mutate((w) => (w.pieces.find((p) => p.kindId === 'own-value')!.label = ' ')), /^workshop\.pieces\.\d+\.label: /],
    ['a piece far off the board', mutate((w) => (w.pieces[0]!.x = 1e9)), /^workshop\.pieces\.0\.x: /],
    ['a piece at NaN (null in JSON)', mutate((w) => ((w.pieces[0] as { y: unknown }).y = null)), /^workshop\.pieces\.0\.y: /],
    ['a note too long', mutate((w) => (w.pieces[0]!.note = 'n'.repeat(281))), /^workshop\.pieces\.0\.note: /],
    ['a title too long', mutate((w) => (w.title = 't'.repeat(121))), /^workshop\.title: /],
    ['a colour by name', mutate((w) => (w.parties[0]!.color = 'red')), /^workshop\.parties\.0\.color: colour as #rrggbb/],
    ['a shared colour', mutate((w) => (w.parties[1]!.color = w.parties[0]!.color)), /^workshop\.parties\.1\.color: /],
    ['one party', mutate((w) => (w.parties = w.parties.slice(0, 1))), /^workshop\.parties: /],
    ['a duplicate piece id', mutate((w) => (w.pieces[1]!.id = w.pieces[0]!.id)), /^workshop\.pieces\.1\.id: duplicate id/],
    ['a vote for an unknown piece', mutate((w) => (w.votes[0]!.pieceId = 'gone')), /^workshop\.votes\.0\.pieceId: /],
    ['a next step owned by nobody', mutate((w) => (w.agreement.nextSteps[0]!.ownerPartyId = 'nobody')), /^workshop\.agreement\.nextSteps\.0\.ownerPartyId: /],
    ['an unknown field', mutate((w) => ((w as Record<string, unknown>).facilitatorKeyHash = 'x')), /^workshop: .*facilitatorKeyHash/],
    ['a wrong type', mutate((w) => ((w as Record<string, unknown>).locked = 'yes')), /^workshop\.locked: /],
  ];
  it.each(rejects)('rejects %s, naming the path', (_name, input, message) => {
    const result = parseWorkshopFile(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('exportFileName', () => {
  it.each([
    ['Lektiecaféen 2026', 'pdf', 'lektiecafeen-2026.pdf'],
    ['Æblerød Skole & Ørestad – Ålholm', 'csv', 'aebleroed-skole-oerestad-aalholm.csv'],
    ['SKOLEN PÅ ÆRØVEJ', 'png', 'skolen-paa-aeroevej.png'],
    ['../../etc/passwd', 'json', 'etc-passwd.json'],
    ['Straße über Köln', 'pdf', 'strasse-ueber-koeln.pdf'],
    ['', 'pdf', 'vaerdispil.pdf'],
    ['!!! 🎉 ???', 'png', 'vaerdispil.png'],
    ['Lektiecaféen', '.PDF', 'lektiecafeen.pdf'],
  ])('%s (%s) → %s', (title, ext, expected) => {
    expect(exportFileName(title, ext)).toBe(expected);
  });

  it('keeps long titles to 60 characters without a trailing dash', () => {
    const name = exportFileName('Det boligsociale samarbejde om lektiecaféen og familielæring i Gellerup og Toveshøj 2026', 'pdf');
    expect(name).toMatch(/^[a-z0-9-]{1,60}\.pdf$/);
    expect(name).not.toMatch(/-\.pdf$/);
    expect(name.startsWith('det-boligsociale-samarbejde-om-lektiecafeen')).toBe(true);
  });
});
