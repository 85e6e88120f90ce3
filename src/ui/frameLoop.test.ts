import { describe, expect, it } from 'vitest';
import { createFrameLoop, type FrameTask } from './frameLoop';

/** A loop on a fake clock: each task's run advances the clock by its cost. */
function harness(budget = 8) {
  let clock = 0;
  let frames = 0;
  const requested: (() => void)[] = [];
  const loop = createFrameLoop(
    {
      now: () => clock,
      requestFrame: (fn) => requested.push(fn),
      setTimer: (fn) => requested.push(fn),
      hidden: () => false,
    },
    budget,
  );
  const log: string[] = [];
  const task = (id: string, costMs: number, work = { left: 1 }): FrameTask & { work: { left: number } } => ({
    id,
    work,
    pending: () => work.left > 0,
    run: () => {
      clock += costMs;
      work.left--;
      log.push(`${frames}:${id}`);
      return true;
    },
  });
  const frame = () => {
    frames++;
    const fns = requested.splice(0);
    for (const fn of fns) fn();
  };
  return { loop, task, frame, log, requested, advance: (ms: number) => (clock += ms) };
}

describe('frame loop', () => {
  it('serves every pending task in one frame while they fit the budget', () => {
    const h = harness();
    h.loop.add(h.task('a', 2));
    h.loop.add(h.task('b', 2));
    h.loop.add(h.task('c', 2));
    h.frame();
    expect(h.log).toEqual(['1:a', '1:b', '1:c']);
    expect(h.requested).toHaveLength(0); // nothing left: no further frame asked for
  });

  it('skips a task whose chart is off screen, and serves what it missed once it is back', () => {
    const h = harness();
    const where = { visible: false };
    const work = { left: 3 };
    h.loop.add(h.task('offscreen', 1, work), where);
    h.loop.add(h.task('onscreen', 1));
    h.frame();
    expect(h.log).toEqual(['1:onscreen']);
    expect(work.left).toBe(3);
    // Nothing visible is left to do: the loop stops asking for frames while it is away.
    expect(h.requested).toHaveLength(0);
    where.visible = true;
    h.loop.wake();
    h.frame();
    expect(h.log).toEqual(['1:onscreen', '2:offscreen']);
  });

  it('leaves the rest for the next frame once the budget is spent, and serves the waiting ones first', () => {
    const h = harness();
    const work = { left: 3 };
    h.loop.add(h.task('heavy', 6, work));
    h.loop.add(h.task('b', 3));
    h.loop.add(h.task('c', 3));
    h.frame(); // heavy (6) + b (3) = 9 ms: c waits
    h.frame(); // c first (served longest ago); heavy (3 + 6) would overrun
    h.frame();
    h.frame();
    expect(h.log).toEqual(['1:heavy', '1:b', '2:c', '3:heavy', '4:heavy']);
  });

  it('skips, after the first, a task whose usual cost no longer fits, and runs a cheaper one instead', () => {
    const h = harness();
    h.loop.add(h.task('big', 6, { left: 3 }));
    h.loop.add(h.task('small', 1, { left: 3 }));
    h.loop.add(h.task('mid', 3, { left: 3 }));
    for (let i = 0; i < 5; i++) h.frame();
    expect(h.log).toEqual([
      // Costs unknown: everything runs.
      '1:big',
      '1:small',
      '1:mid',
      // 6 + 1 fits, 6 + 1 + 3 does not.
      '2:big',
      '2:small',
      // mid waited longest; big (3 + 6) would not fit, small does.
      '3:mid',
      '3:small',
      '4:big',
      '5:mid',
    ]);
  });

  it('always runs one task a frame, however long it takes, so nothing starves', () => {
    const h = harness();
    h.loop.add(h.task('a', 20, { left: 2 }));
    h.loop.add(h.task('b', 20, { left: 2 }));
    for (let i = 0; i < 4; i++) h.frame();
    expect(h.log).toEqual(['1:a', '2:b', '3:a', '4:b']);
  });

  it('runs `first` callbacks before the charts, within the same frame', () => {
    const h = harness();
    const order: string[] = [];
    h.loop.add({ id: 't', pending: () => order.length === 1, run: () => (order.push('chart'), true) });
    h.frame();
    h.loop.first(() => order.push('flush'));
    h.frame();
    expect(order).toEqual(['flush', 'chart']);
  });

  it('a removed task is not run again', () => {
    const h = harness();
    const remove = h.loop.add(h.task('a', 1, { left: 5 }));
    h.frame();
    remove();
    h.loop.wake();
    h.frame();
    expect(h.log).toEqual(['1:a']);
  });
});
