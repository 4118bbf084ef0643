/**
 * How a text message is split on the wire: GSM-7 when every character is in the GSM 03.38 alphabet (160 per
 * message, 153 per part once split, extension characters count twice), else UCS-2 (70, or 67 per part, counted in
 * UTF-16 code units, so an emoji takes two).
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the encoding counts them (septets for GSM-7, UTF-16 units for UCS-2). */
  units: number;
  segments: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
  /** The characters that forced UCS-2, so an editor can point at them. */
  nonGsm: string[];
}

export function smsSegments(text: string): SmsSegments {
  let septets = 0;
  const nonGsm = new Set<string>();
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else nonGsm.add(ch);
  }
  const gsm = nonGsm.size === 0;
  const units = gsm ? septets : text.length;
  const [single, part] = gsm ? [160, 153] : [70, 67];
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / part);
  const capacity = segments <= 1 ? single : segments * part;
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments, remaining: capacity - units, nonGsm: [...nonGsm] };
}
