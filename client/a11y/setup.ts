/**
 * What every page needs for keyboard and screen-reader use, set up once when the client starts:
 * the accessibility styles (focus ring, visually hidden text, target sizes), the one live region,
 * the focus guard, and Pixi's own accessibility layer turned off — it adds an unnamed focusable
 * button on touch devices and an empty overlay on Tab, and the board's text twin says it all instead.
 */
import './a11y.css';
// the side effect of this import registers Pixi's layer; removing it before any renderer exists keeps it out
import 'pixi.js/accessibility';
import { AccessibilitySystem, extensions } from 'pixi.js';
import { announcerRegion } from './announcer.ts';
import { guardFocus } from './focus.ts';

extensions.remove(AccessibilitySystem);
announcerRegion();
guardFocus();
