import { RepeatingJob } from './repeating-job';

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
    await new Promise((resolve) => setTimeout(resolve, 60));
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
    await new Promise((resolve) => setTimeout(resolve, 40));
    await job.stop();
    expect(passes).toBeGreaterThanOrEqual(2);
  });
});
