// A scan thread of `keyless scan` (dist/scan-worker.js): reads and scans the batches of files it is sent, answering
// each with the findings (masked, fingerprinted and located: never a key) in the order of the batch, and counting the
// files it has finished in shared memory (the main thread tops up its backlog by that count).
import { parentPort, workerData } from 'node:worker_threads';
import { ReadBuffer } from '../node/read';
import { scanFile, type FileScan, type ScanBatch, type ScanBatchResult, type ScanWorkerData } from './scan-files';

const { progress, index, ...opts } = workerData as ScanWorkerData;
const into = new ReadBuffer();
parentPort!.on('message', (batch: ScanBatch) => {
  const results: FileScan[] = [];
  for (const [absolute, display] of batch.files) {
    results.push(scanFile(absolute, display, opts, into));
    Atomics.add(progress, index, 1);
  }
  const reply: ScanBatchResult = { start: batch.start, results };
  parentPort!.postMessage(reply);
});
