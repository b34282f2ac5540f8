// Runs the README's walkthrough ("A case, start to finish, with curl") as written, without a
// shell, curl or jq: each line of its sh blocks is read with the little shell grammar it uses
// (variables, $(...) capture, quotes, `| jq -r .field`, `> file && ...`) and carried out: the
// `landcase` commands through the CLI itself, the `api` calls as the bytes curl would send.

/** What a line of the walkthrough may do; the test supplies the real thing. */
export interface WalkthroughHost {
  /** `landcase <argv>`: the exit status and what it printed on stdout. */
  landcase(argv: string[]): Promise<{ code: number; out: string }>;
  /** What `curl -s -X <method> <base><path> -H … [-d body]` sends, sent to the system under test. */
  curl(request: { method: string; path: string; token: string; body?: string }): Promise<{
    status: number;
    body: string;
  }>;
  writeFile(name: string, content: string): void;
}

export interface WalkthroughCall {
  line: string;
  method: string;
  path: string;
  body?: string;
  status: number;
  /** The status the line's comment says it gets (`# 403`); 2xx when it says none. */
  expected?: number;
  response: string;
}

/** The status a walkthrough line's trailing comment names (`… # 404`), if any. */
export function expectedStatus(line: string): number | undefined {
  const match = /\s#\s*(\d{3})\b/.exec(line);
  return match ? Number(match[1]) : undefined;
}

/** The `api` helper the walkthrough defines: the one whose requests `host.curl` reproduces. */
export const API_DEFINITION =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: sh, not a template: ${4:+…} is a parameter expansion
  'api() { curl -s -X "$1" "http://localhost:8080$2" -H "authorization: Bearer $3" -H \'content-type: application/json\' ${4:+-d "$4"}; echo; }';

const HEADING = '## A case, start to finish, with curl';

/** The lines of the sh blocks of the walkthrough section, comments and blanks left out. */
export function walkthroughLines(readme: string): string[] {
  const start = readme.indexOf(HEADING);
  if (start < 0) throw new Error(`the README has no section "${HEADING}"`);
  const next = readme.indexOf('\n## ', start + HEADING.length);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const lines: string[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n'))
      if (line.trim() && !line.trim().startsWith('#')) lines.push(line);
  }
  return lines;
}

type Part = { literal: string } | { variable: string };
type Token = { word: Part[] } | { op: string };

/** Splits a command line into words (quotes and $VAR kept apart) and the operators | > && ;. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let word: Part[] | null = null;
  const push = (part: Part) => {
    word ??= [];
    word.push(part);
  };
  const end = () => {
    if (word) tokens.push({ word });
    word = null;
  };
  const variableAt = (i: number): [string, number] => {
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(line.slice(i + 1));
    if (braced) return [braced[1]!, i + 1 + braced[0].length];
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i + 1));
    if (!bare) throw new Error(`unsupported $ at ${i} in: ${line}`);
    return [bare[0], i + 1 + bare[0].length];
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      end();
      i += 1;
    } else if (c === '#' && word === null) {
      break;
    } else if (line.startsWith('&&', i)) {
      end();
      tokens.push({ op: '&&' });
      i += 2;
    } else if (c === '|' || c === '>' || c === ';') {
      end();
      tokens.push({ op: c });
      i += 1;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unclosed ' in: ${line}`);
      push({ literal: line.slice(i + 1, close) });
      i = close + 1;
    } else if (c === '"') {
      i += 1;
      push({ literal: '' }); // "" is a word even when empty
      while (line[i] !== '"') {
        if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
        if (line[i] === '$') {
          const [variable, next] = variableAt(i);
          push({ variable });
          i = next;
        } else {
          push({ literal: line[i]! });
          i += 1;
        }
      }
      i += 1;
    } else if (c === '$') {
      const [variable, next] = variableAt(i);
      push({ variable });
      i = next;
    } else {
      push({ literal: c });
      i += 1;
    }
  }
  end();
  return tokens;
}

/** Runs the walkthrough; throws at the first line it cannot read. Returns every `api` call made. */
export async function runWalkthrough(readme: string, host: WalkthroughHost): Promise<WalkthroughCall[]> {
  const vars = new Map<string, string>();
  const calls: WalkthroughCall[] = [];
  const expand = (word: Part[]) =>
    word
      .map((p) => {
        if ('literal' in p) return p.literal;
        const value = vars.get(p.variable);
        if (value === undefined) throw new Error(`$${p.variable} is used before it is set`);
        return value;
      })
      .join('');
  const words = (tokens: Token[]) =>
    tokens.map((t) => {
      if ('op' in t) throw new Error(`unexpected ${t.op}`);
      return expand(t.word);
    });

  /** `landcase …` (as `pnpm -s landcase …`) or `api …`, with an optional `| jq -r .field[-1].field`. */
  async function command(tokens: Token[], line: string): Promise<string> {
    const pipe = tokens.findIndex((t) => 'op' in t && t.op === '|');
    const [head, ...args] = words(pipe < 0 ? tokens : tokens.slice(0, pipe));
    let out: string;
    if (head === 'pnpm' && args[0] === '-s' && args[1] === 'landcase') {
      const result = await host.landcase(args.slice(2));
      if (result.code !== 0) throw new Error(`exit ${result.code}: ${line}`);
      out = result.out;
    } else if (head === 'api') {
      const [method, path, token, body] = args;
      const res = await host.curl({ method: method!, path: path!, token: token!, ...(body ? { body } : {}) });
      const expected = expectedStatus(line);
      calls.push({
        line,
        method: method!,
        path: path!,
        ...(body ? { body } : {}),
        status: res.status,
        ...(expected === undefined ? {} : { expected }),
        response: res.body,
      });
      out = `${res.body}\n`;
    } else {
      throw new Error(`unsupported command: ${line}`);
    }
    if (pipe < 0) return out;
    const filter = words(tokens.slice(pipe + 1));
    if (
      filter.length !== 3 ||
      filter[0] !== 'jq' ||
      filter[1] !== '-r' ||
      !/^(\.\w+(\[-?\d+\])*)+$/.test(filter[2]!)
    ) {
      throw new Error(`unsupported filter: ${line}`);
    }
    // `.field`, `.list[0]`, `.list[-1].field`: fields and (negative) indexes, as jq reads them.
    let value: unknown = JSON.parse(out);
    for (const [, field, index] of filter[2]!.matchAll(/\.(\w+)|\[(-?\d+)\]/g)) {
      if (value === undefined || value === null) break;
      if (field !== undefined) value = (value as Record<string, unknown>)[field];
      else value = Array.isArray(value) ? value.at(Number(index)) : undefined;
    }
    return `${value === undefined || value === null ? 'null' : String(value)}\n`;
  }

  for (const line of walkthroughLines(readme)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('api()')) {
      if (trimmed !== API_DEFINITION)
        throw new Error(`the api helper changed; update the walkthrough test: ${line}`);
      continue;
    }
    const capture = /^([A-Z_]+)=\$\((.*)\)$/.exec(trimmed);
    if (capture) {
      // $(...) drops the trailing newline.
      vars.set(capture[1]!, (await command(tokenize(capture[2]!), line)).replace(/\n+$/, ''));
      continue;
    }
    const assign = /^([A-Z_]+)=(\S+)$/.exec(trimmed);
    if (assign) {
      vars.set(assign[1]!, words(tokenize(assign[2]!)).join(''));
      continue;
    }
    const tokens = tokenize(trimmed);
    const first = tokens[0];
    if (first && 'word' in first && expand(first.word) === 'echo') continue;
    const redirect = tokens.findIndex((t) => 'op' in t && t.op === '>');
    if (redirect < 0) {
      await command(tokens, line);
      continue;
    }
    // `api … > file && pnpm -s landcase …`
    const [file] = words(tokens.slice(redirect + 1, redirect + 2));
    host.writeFile(file!, await command(tokens.slice(0, redirect), line));
    const and = tokens[redirect + 2];
    if (and) {
      if (!('op' in and) || and.op !== '&&') throw new Error(`unsupported: ${line}`);
      await command(tokens.slice(redirect + 3), line);
    }
  }
  return calls;
}
