import { RepeatingJob } from './repeating-job';

/** Waits until `condition` holds (timers fire late on a loaded machine), failing after five seconds. */
async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !condition();) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('RepeatingJob', () => {
  it('runs one pass at a time: a call during a pass joins it', async () => {
    let passes = 0;
    let finish!: () => void;
    const job = new RepeatingJob(async () => {
      passes += 1;
      await new Promise<void>((resolve) => (finish = resolve));
      return passes;
    });
    const first = job.run();
    const joined = job.run();
    finish();
    expect(await Promise.all([first, joined])).toEqual([1, 1]);
    const next = job.run();
    finish();
    expect(await next).toBe(2);
  });

  it('repeats on its timer until stopped, and stop waits for the pass in flight', async () => {
    let passes = 0;
    const job = new RepeatingJob(async () => {
      passes += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    job.start(10);
    await until(() => passes >= 2);
    await job.stop();
    const stoppedAt = passes;
    expect(stoppedAt).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(passes).toBe(stoppedAt);
  });

  it('keeps repeating after a failed pass', async () => {
    let passes = 0;
    const job = new RepeatingJob(() => {
      passes += 1;
      return Promise.reject(new Error('down'));
    });
    job.start(5);
    await until(() => passes >= 2);
    await job.stop();
    expect(passes).toBeGreaterThanOrEqual(2);
  });
});
