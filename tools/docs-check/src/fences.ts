/** One fenced code block of a markdown document. */
export interface Fence {
  /** The info string's first word (`bash`, `json`, `ts`…); '' when none. */
  lang: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The `##` heading it sits under ('' before the first). */
  section: string;
  /** Whether only blank lines separate it from the fence before it. */
  followsFence: boolean;
}

/** Every fenced block (```), in document order. Nested or indented fences are not used in these docs. */
export function fences(markdown: string): Fence[] {
  const out: Fence[] = [];
  const lines = markdown.split('\n');
  let section = '';
  let lastFenceEnd = -2;
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.*)$/.exec(lines[i]);
    if (heading !== null) section = heading[1].trim();
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (open === null) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    if (end === lines.length) throw new Error(`unclosed fence at line ${start + 1}`);
    const between = lines.slice(lastFenceEnd + 1, start);
    out.push({
      lang: open[1],
      body: lines.slice(start + 1, end).join('\n'),
      line: start + 1,
      section,
      followsFence: lastFenceEnd >= 0 && between.every((l) => l.trim() === ''),
    });
    lastFenceEnd = end;
    i = end;
  }
  return out;
}

/** A command block and the block right after it that shows what it prints. */
export interface Example {
  command: Fence;
  answer: Fence | undefined;
}

/** Every fence of `commandLangs` with the answer shown right after it, if any. */
export function examples(all: readonly Fence[], commandLangs: readonly string[] = ['bash']): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < all.length; i++) {
    if (!commandLangs.includes(all[i].lang)) continue;
    const next = all[i + 1];
    const answer = next !== undefined && next.followsFence && !commandLangs.includes(next.lang) ? next : undefined;
    out.push({ command: all[i], answer });
  }
  return out;
}
