/** QR codes drawn in the browser (nothing is sent anywhere). */
import qrcode from 'qrcode-generator';

/** An SVG QR code of `text`. */
export function qrSvg(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createSvgTag({ cellSize: 8, margin: 2, scalable: true });
}
