import { describe, expect, it } from 'vitest';
import { CaptureController, type Frame, type Saved } from './CaptureController.js';

/** A fake camera and store: frames are numbered, saves resolve when the test says so. */
function rig(opts: { autoSave?: boolean } = {}) {
  let clock = 0;
  let n = 0;
  const saved: { classId: number; n: number }[] = [];
  const waiting: (() => void)[] = [];
  const counts = new Map<number, number>();
  const c = new CaptureController({
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
      await Promise.resolve();
    },
    grab: async () => {
      clock += 10; // grabbing and encoding a frame takes 10 ms
      return { format: 'jpeg', dataBase64: String(++n) } satisfies Frame;
    },
    save: (classId, frame) =>
      new Promise<Saved>((resolve) => {
        const done = () => {
          saved.push({ classId, n: Number(frame.dataBase64) });
          counts.set(classId, (counts.get(classId) ?? 0) + 1);
          resolve({ imageId: saved.length, path: `captures/x/${saved.length}.jpg`, classId, classCount: counts.get(classId)! });
        };
        if (opts.autoSave === false) waiting.push(done);
        else done();
      }),
    undo: async () => {
      const last = saved.pop();
      if (!last) return null;
      counts.set(last.classId, counts.get(last.classId)! - 1);
      return { imageId: saved.length + 1, path: 'p', classIds: [last.classId] };
    },
  });
  return { c, saved, waiting, advance: (ms: number) => (clock += ms) };
}

describe('capture modes', () => {
  it('a single shot saves one frame into the class and updates its count', async () => {
    const { c, saved } = rig();
    await c.shot(7);
    await c.settle();
    expect(saved).toEqual([{ classId: 7, n: 1 }]);
    expect(c.state.counts[7]).toBe(1);
    expect(c.state.saved).toBe(1);
  });

  it('a burst saves N frames at the interval, then returns to idle', async () => {
    const { c, saved } = rig();
    await c.burst(3, 5, 200);
    await c.settle();
    expect(saved.map((s) => s.classId)).toEqual([3, 3, 3, 3, 3]);
    expect(c.state.mode).toBe('idle');
  });

  it('hold-to-record captures at the rate until stopped, and reports the rate it sustained', async () => {
    const { c, saved } = rig();
    const recording = c.record(2, 10);
    // Let it run "one second" of fake time, then release the key.
    for (let i = 0; i < 200 && saved.length < 10; i++) await Promise.resolve();
    c.stop();
    await recording;
    expect(saved.length).toBeGreaterThanOrEqual(10);
    expect(saved.every((s) => s.classId === 2)).toBe(true);
    expect(c.state.mode).toBe('idle');
    expect(c.state.lastRate).toBeGreaterThan(5);
    expect(c.state.lastRate).toBeLessThanOrEqual(10.5);
  });

  it('never has more saves pending than allowed: a slow store slows the recording down', async () => {
    const { c, waiting } = rig({ autoSave: false });
    const recording = c.record(1, 30);
    for (let i = 0; i < 50; i++) await Promise.resolve();
    expect(c.state.inFlight).toBe(3);
    expect(waiting).toHaveLength(3);
    c.stop();
    waiting.splice(0).forEach((w) => w());
    await recording;
    expect(c.state.inFlight).toBe(0);
  });

  it('undo removes the latest capture after pending saves finish, and lowers the count', async () => {
    const { c, saved } = rig();
    await c.shot(1);
    await c.shot(1);
    await c.shot(4);
    expect(await c.undo()).toBe(true);
    expect(saved.map((s) => s.classId)).toEqual([1, 1]);
    expect(c.state.counts[4]).toBe(0);
    expect(c.state.counts[1]).toBe(2);
    await c.undo();
    await c.undo();
    expect(await c.undo()).toBe(false);
  });
});
