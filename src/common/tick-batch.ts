/**
 * Requests made in one turn of the event loop, answered by one call: the
 * accounts of a fan-out, or the concurrent signals of a busy minute, each ask
 * for their own row, and Postgres gets one statement for all of them instead
 * of one each (a statement costs a round trip and the CPU of both ends).
 *
 * The batch is sent on process.nextTick, which Node runs once the promise jobs
 * queued so far have all run: requests made by continuations of one event
 * (the answers of one query, one HTTP request's handlers) share a batch.
 * Every request is kept, duplicates included, in order: `load` answers one
 * result per request, at the same index. Work off the answer path (writing
 * an outcome, releasing a lock) may wait a few ms longer (`windowMs`) to share
 * its statement with requests made by other events.
 */
export class TickBatch<Q, R> {
  private pending?: { requests: Q[]; answers: Promise<R[]> };

  constructor(
    private readonly load: (requests: Q[]) => Promise<R[]>,
    private readonly windowMs = 0,
  ) {}

  request(request: Q): Promise<R> {
    if (!this.pending) {
      const requests: Q[] = [];
      const answers = new Promise<R[]>((resolve, reject) => {
        const send = () => {
          this.pending = undefined;
          this.load(requests).then(resolve, reject);
        };
        if (this.windowMs > 0) setTimeout(send, this.windowMs);
        else process.nextTick(send);
      });
      this.pending = { requests, answers };
    }
    const index = this.pending.requests.push(request) - 1;
    return this.pending.answers.then((answers) => answers[index]);
  }
}
