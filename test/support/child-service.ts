/** The service as a separate process (for kill -9 tests): settings from the environment. */
import { createApp } from '../../src/app-factory';

void createApp().then(async (app) => {
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('listening\n');
});
