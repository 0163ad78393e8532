/**
 * Limits on JSON we accept from outside (the browser host's RPC bodies, the central API's
 * requests). Nesting is checked on the raw text, before parsing: a body of a million `[` must be
 * refused without recursing through it anywhere (parser, validator, logger).
 */
export const maxJsonDepth = 32;

/** True when arrays/objects nest deeper than `limit`, ignoring brackets inside strings. */
export const exceedsJsonDepth = (text: string, limit: number = maxJsonDepth): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i++;
      else if (char === 0x22 /* " */) inString = false;
      continue;
    }
    if (char === 0x22) inString = true;
    else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) depth--;
  }
  return false;
};
