import { appContext } from "../context";
import { env } from "../env";
import { errorMessage } from "../errors";
import { startWorker } from "./worker";

// The worker process: runs queued jobs and the plan's schedules until SIGTERM.
const ctx = appContext();
const worker = startWorker(ctx, { concurrency: env().WORKER_CONCURRENCY });
console.log(`[worker] ${worker.id} started`);

const stop = () => {
  console.log("[worker] stopping: running backups go back to the queue; running restores stop and remove what they created");
  worker.stop().then(
    () => process.exit(0),
    (e) => {
      console.error(`[worker] ${errorMessage(e)}`);
      process.exit(1);
    },
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
