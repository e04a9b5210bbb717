/**
 * How the board is drawn, in board units (see geometry.ts for where things are): colours, line
 * widths, type sizes and the parts of a piece. The live Pixi board (client/scenes/BoardScene.ts)
 * and the SVG of every image export (server/export/boardSvg.ts) both read these, so the poster
 * looks like the board; the browser tests read them to know what to look for in a screenshot.
 */
import type { Perception } from './reveal.ts';

/** The board's colours (parties and categories bring their own). */
export const BOARD_COLORS = {
  /** Text and the small marks on pieces and labels. */
  ink: '#1b1b1b',
  /** The centre circle and its title, vote badges, and this person's own drag. */
  navy: '#1f3a5f',
  /** Secondary text in the exports (date, legend key). */
  muted: '#505a66',
  /** The track of the hidden-phase count rings; the export's separator line. */
  rule: '#d5dae0',
  /** The centre circle's fill, halos and outlines that set marks off. */
  paper: '#ffffff',
  /** The fill of a piece whose category is unknown. */
  noCategory: '#dddddd',
  /** The edge of a piece whose placing party is unknown. */
  noParty: '#555555',
  /** The spotlight: a deep magenta that no party or category colour comes near. */
  spotlight: '#d4007f',
} as const;

/** The reveal's marks: shared, blind spot, unseen (each also has its own shape, never colour alone). */
export const MARK_COLORS: Readonly<Record<Perception, string>> = { shared: '#1a7f37', 'blind-spot': '#b35c00', unseen: '#6b3fa0' };

/** The live board's font stack (the exports embed Noto Sans instead, see server/export/fonts.ts). */
export const BOARD_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** A party's area: a light fill and an outline in the party's colour; the drop target's highlight. */
export const AREA_STYLE = { fillAlpha: 0.13, strokeWidth: 4, highlightAlpha: 0.22, highlightWidth: 8 } as const;

/** A party's label in its area: the short name on a badge in the party's colour, the full name below. */
export const AREA_LABEL = {
  badgeSize: 22,
  /** Room either side of the short name on its badge. */
  badgePadding: 10,
  badgeRadius: 8,
  nameSize: 17,
  /** Between the badge and the name. */
  nameGap: 6,
  /** How far a label in the lower half is lifted above its point, so it stays inside the board. */
  lowerLift: 20,
} as const;

/** How wide a party's name may run before it wraps: narrower when the areas are. */
export function areaNameWidth(parties: number): number {
  return parties > 4 ? 150 : 220;
}

/** The collaboration's circle at the centre and its name. */
export const CENTRE_STYLE = {
  /** The circle is drawn this much inside the areas' inner edge. */
  inset: 6,
  strokeWidth: 5,
  titleSize: 24,
  /** The name wraps at this share of the inner radius. */
  titleWidthShare: 1.6,
} as const;

/** A placed piece (its size is PIECE_SIZE in geometry.ts), measured from its left, right or bottom edge. */
export const PIECE_STYLE = {
  radius: 10,
  /** The edge in the placing party's colour, drawn outside the body. */
  edgeWidth: 5,
  iconSize: 26,
  /** The icon's centre, from the left edge. */
  iconX: 22,
  /** Where the label starts, from the left edge. */
  labelX: 42,
  labelSize: 17,
  /** One dot per step of importance, along the bottom. */
  importance: { x: 46, step: 11, fromBottom: 8, radius: 3.5 },
  /** The small sheet that says the piece has a note, in the top right corner. */
  note: { fromRight: 16, top: 6, width: 10, height: 12, radius: 2, line: 2 },
} as const;

/** The dot-vote's count on a piece: a badge centred `inset` in from the piece's lower right corner. */
export const VOTE_BADGE = { radius: 15, inset: 4, ring: 3, textSize: 17 } as const;

/** The hidden-phase count of a party's pieces: a ring around the number, filled as the party places. */
export const COUNT_RING = {
  radius: 46,
  track: 10,
  /** The ring sits this much inside the middle of its area's width. */
  inset: 20,
  numberSize: 34,
  nameSize: 15,
} as const;

/** The spotlight's outline, around an area or a piece. */
export const SPOTLIGHT_STYLE = { areaWidth: 14, pieceWidth: 10, pieceMargin: 14 } as const;
