import { parentPort, workerData } from 'node:worker_threads';
import { apiError } from './dispatch.js';
import type { FromLane, ToLane } from './facets-lane.js';
import { Workbench } from './service.js';

/* The facets lane's thread (facets-lane.ts): its own Workbench on the archive, answering facets one at a time. */

const port = parentPort;
if (!port) throw new Error('facets-worker.ts runs only as a worker thread');
const wb = await Workbench.open((workerData as { archive: string }).archive);
port.on('message', (message: ToLane) => {
  if ('close' in message) {
    wb.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ id: message.id, ok: true, value: wb.facets(message.request) } satisfies FromLane);
  } catch (err) {
    port.postMessage({ id: message.id, ok: false, error: apiError(err) } satisfies FromLane);
  }
});
port.postMessage({ ready: true } satisfies FromLane);
