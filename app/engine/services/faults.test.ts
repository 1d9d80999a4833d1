import { describe, expect, it } from 'vitest';
import { faultDetails, formatTb, novaFailure, SCHEDULER_FRAMES, type Frame } from './faults';

describe('a nova.exception serialised into a failure reply', () => {
  it('keeps the kwargs it was raised with, then the code NovaException adds', () => {
    const f = novaFailure('NoValidHost', 'No valid host was found. ', { reason: '' }, []);
    // oslo.messaging dumps the kwargs dict in its order: {"reason": "", "code": 500}
    expect(JSON.stringify(f.kwargs)).toBe('{"reason":"","code":500}');
    const given = novaFailure('X', 'm', { code: 409, reason: 'r' }, []);
    expect(JSON.stringify(given.kwargs)).toBe('{"code":409,"reason":"r"}');
  });
});

describe('tracebacks as Python 3.11 formats them', () => {
  it('marks the call under a line that holds more than the call (return, with, assignment)', () => {
    const { tb } = novaFailure(
      'NoValidHost',
      'No valid host was found. ',
      {},
      SCHEDULER_FRAMES.notEnoughHosts,
    );
    expect(tb.slice(0, 3)).toEqual([
      'Traceback (most recent call last):\n',
      '  File "/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py", line 244, in inner\n' +
        '    return func(*args, **kwargs)\n' +
        '           ^^^^^^^^^^^^^^^^^^^^^\n',
      '  File "/usr/lib/python3/dist-packages/nova/scheduler/manager.py", line 223, in select_destinations\n' +
        '    selections = self._select_destinations(\n' +
        '                 ^^^^^^^^^^^^^^^^^^^^^^^^^^\n',
    ]);
    // a bare call and a raise are the whole line: no mark
    expect(tb[4]).toBe(
      '  File "/usr/lib/python3/dist-packages/nova/scheduler/manager.py", line 416, in _schedule\n' +
        '    self._ensure_sufficient_hosts(\n',
    );
    expect(tb.at(-2)!.endsWith('    raise exception.NoValidHost(reason=reason)\n')).toBe(true);
    expect(tb.at(-1)).toBe('nova.exception.NoValidHost: No valid host was found. \n');
  });

  it('marks a with statement from its expression to the end of the line', () => {
    const claim: Frame = [
      'nova/compute/manager.py',
      2495,
      '_build_and_run_instance',
      'with self.rt.instance_claim(context, instance, node, allocs,',
    ];
    const lines = formatTb([claim]).split('\n');
    expect(lines[2]).toBe(`${' '.repeat(9)}${'^'.repeat(55)}`);
    expect(faultDetails([claim], 'X', 'm')).toContain(`${'^'.repeat(55)}\nnova.exception.X: m\n`);
  });
});
