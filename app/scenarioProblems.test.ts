import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText, ScenarioError } from './engine/scenario';
import type { ScenarioProblem } from './engine/scenarioProblems';
import { loadScenarioFile } from './engine/testing';
import { createI18n } from './i18n';
import { problemText } from './ui/scenarioProblemText';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** one bad scenario per kind of problem the engine reports */
const BAD: [string, (s: Mutable) => unknown][] = [
  ['missing', (s) => void delete s.cloud.hosts[0].vcpus],
  ['missing format', (s) => void delete s.format],
  ['misspelt optional field', (s) => void (s.cloud.quotas = { instance: 5 })],
  ['unknown field', (s) => void (s.colour = 'blue')],
  ['misspelt field', (s) => void ((s.requests[0].flavour = '1'), delete s.requests[0].flavorRef)],
  ['two unknown fields', (s) => void ((s.cloud.hosts[0].gpus = 1), (s.cloud.hosts[0].tpus = 2))],
  ['fault kind', (s) => void (s.faults = [{ kind: 'meteor' }])],
  ['type', (s) => void (s.cloud.hosts[0].vcpus = 'eight')],
  ['int', (s) => void (s.cloud.hosts[0].vcpus = 1.5)],
  ['too small', (s) => void (s.cloud.hosts[0].vcpus = 0)],
  ['too big', (s) => void (s.cloud.hosts[0].count = 5000)],
  ['empty string', (s) => void (s.name = '')],
  ['empty array', (s) => void (s.cloud.hosts = [])],
  ['literal', (s) => void (s.format = 'x')],
  ['network entry', (s) => void (s.requests[0].networks = [{}])],
  ['networks', (s) => void (s.requests[0].networks = 'some')],
  ['host name', (s) => void (s.cloud.hosts[0].name = 'bad name!')],
  ['count order', (s) => void ((s.requests[0].min_count = 3), (s.requests[0].max_count = 2))],
  ['drop target', (s) => void (s.faults = [{ kind: 'message-drop' }])],
  [
    'host total',
    (s) =>
      void (
        (s.cloud.hosts[0].count = 2000),
        s.cloud.hosts.push({ ...s.cloud.hosts[0], name: 'more' })
      ),
  ],
  ['host twice', (s) => void s.cloud.hosts.push({ ...s.cloud.hosts[0] })],
  ['flavor twice', (s) => void s.cloud.flavors.push({ ...s.cloud.flavors[0] })],
  ['no such host', (s) => void (s.faults = [{ kind: 'service-down', host: 'nope', at: 0 }])],
  [
    'image twice',
    (s) =>
      void (s.cloud.images = [
        { id: 'i', name: 'a' },
        { id: 'i', name: 'b' },
      ]),
  ],
  ['slow process', (s) => void (s.faults = [{ kind: 'slow', process: 'nova-bogus', factor: 2 }])],
  ['drop topic', (s) => void (s.faults = [{ kind: 'message-drop', topic: 'compute.host1' }])],
  [
    'drop method',
    (s) => void (s.faults = [{ kind: 'message-drop', method: 'Select_Destinations' }]),
  ],
  ['every alone', (s) => void (s.requests[0].every = 100)],
  ['time span', (s) => void (s.requests[0].at = 1e12)],
  ['top level', () => 5],
];

function problemsOf(input: unknown): ScenarioProblem[] {
  try {
    parseScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  throw new Error('the scenario was accepted');
}

const cases = BAD.map(([name, spoil]) => {
  const s = structuredClone(loadScenarioFile('one-boot.json')) as Mutable;
  const other = spoil(s);
  return [name, problemsOf(other === undefined ? s : other)] as const;
});
function textProblems(text: string): ScenarioProblem[] {
  try {
    parseScenarioText(text);
  } catch (e) {
    return (e as ScenarioError).problems;
  }
  throw new Error('the text was accepted');
}
const json = textProblems('{ not json');
/** a downloaded trace opened as a scenario: JSON Lines, an event a line */
const trace = textProblems(
  '{"seq":0,"t":0,"type":"service","host":"host1","binary":"nova-compute","op":"start"}\n{"seq":1,"t":0,"type":"db"}\n',
);
/** a file cut short, and an empty one */
const cutShort = textProblems('{\n  "format": "nova-boot-visualizer/scenario@1",\n  "name": "x"');
const empty = textProblems(' \n');
const all = [...cases.flatMap(([, p]) => p), ...json, ...trace, ...cutShort, ...empty];

describe("a scenario's problems in the page's language", () => {
  const en = createI18n('en').t;
  const ja = createI18n('ja').t;

  it('every kind of problem is exercised here', () => {
    const kinds = new Set(all.map((p) => p.kind));
    expect([...kinds].sort()).toEqual(
      [
        'missing',
        'unknownFields',
        'faultKind',
        'type',
        'tooSmall',
        'tooBig',
        'value',
        'rule',
        'hostTwice',
        'flavorTwice',
        'imageTwice',
        'noHost',
        'json',
        'jsonEnds',
        'empty',
        'trace',
      ].sort(),
    );
  });

  it.each(cases)('in English, the page says %s as the engine does', (_, problems) => {
    for (const p of problems) expect(problemText(p, en)).toBe(p.text);
  });

  it('in Japanese, every problem is said in Japanese, at its path', () => {
    for (const p of all) {
      const text = problemText(p, ja);
      expect(text, p.text).not.toBe(p.text);
      expect(text, p.text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      if (p.path !== '' && p.path !== '(top level)')
        expect(text.startsWith(`${p.path}: `)).toBe(true);
    }
  });

  it('says where JSON text stops making sense: its line, column and that line', () => {
    const [p] = textProblems(
      '{\n  "format": "nova-boot-visualizer/scenario@1",\n  "name": oops\n}',
    );
    expect(p).toMatchObject({ kind: 'json', line: 3, column: 11 });
    expect(problemText(p!, createI18n('en').t)).toBe(
      'not valid JSON: it stops making sense at line 3, column 11, in:   "name": oops',
    );
    expect(problemText(p!, createI18n('ja').t)).toContain('3 行目の 11 文字目');
    // cut short after a line break: it ends before its JSON does
    expect(problemText(textProblems('{ "format": "x",\n')[0]!, createI18n('en').t)).toBe(
      'not valid JSON: the file ends at line 2 before its JSON does (a { or [ left open, or a value missing)',
    );
  });

  it('says a file cut short ends before its JSON does, and an empty file is empty', () => {
    const en = createI18n('en').t;
    expect(cutShort).toEqual([expect.objectContaining({ kind: 'jsonEnds', line: 3 })]);
    expect(problemText(cutShort[0]!, en)).toBe(cutShort[0]!.text);
    expect(problemText(cutShort[0]!, en)).toBe(
      'not valid JSON: the file ends at line 3 before its JSON does (a { or [ left open, or a value missing)',
    );
    expect(empty).toEqual([expect.objectContaining({ kind: 'empty' })]);
    expect(problemText(empty[0]!, en)).toBe('the file is empty: a scenario is a JSON object');
  });

  it('tells a trace from a scenario', () => {
    expect(trace).toEqual([expect.objectContaining({ kind: 'trace' })]);
    expect(problemText(trace[0]!, createI18n('en').t)).toContain('this is a trace');
  });

  it('says a misspelt field with the name it is near, and a bound with its unit', () => {
    const texts = all.map((p) => problemText(p, ja));
    expect(texts).toContain('requests[0]: 不明な項目 "flavour" ("flavorRef" のことですか?)');
    expect(texts).toContain('name: 少なすぎます: 1 文字以上である必要があります');
    expect(texts).toContain(
      'cloud.hosts[0].vcpus: 小さすぎます: 0より大きい値である必要があります',
    );
    expect(texts).toContain(
      'cloud.hosts[0].vcpus: 無効な入力: 数値が必要ですが、文字列が入力されました',
    );
    expect(texts).toContain('(最上位): 無効な入力: オブジェクトが必要ですが、数値が入力されました');
  });
});
