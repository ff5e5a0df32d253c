/**
 * Text of an exported file, as Dutch Excel writes it: UTF-8 (with or without BOM), UTF-16 with a
 * BOM ("Unicode-tekst"), else Windows-1252 ("CSV (gescheiden door lijstscheidingsteken)").
 * Shared by the upload, the pseudonymisation tool and the upload page.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

// Bytes 0x80–0x9F of Windows-1252 (WHATWG Encoding Standard); the five unassigned ones stay C1.
const windows1252High =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node 20's TextDecoder treats 'windows-1252' as Latin-1 (0x80–0x9F come out as control
 * characters, so € and – would be lost): decode as Latin-1, then map that range by table.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009f]/g, (ch) => windows1252High[ch.charCodeAt(0) - 0x80]);
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    // The default decoder drops a leading BOM. Every byte sequence is valid 1252, so UTF-8 validity decides.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** The delimiter used most in the header line (outside quotes); `;` wins ties, as Dutch Excel writes it. */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 1024 * 1024; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  const order = [';', '\t', ','] as const;
  return order.reduce((best, candidate) => (counts[candidate] > counts[best] ? candidate : best), order[0]);
}
