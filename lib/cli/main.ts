import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { systemActor } from "../auth/actor";
import { createApiToken } from "../auth/api-tokens";
import type { BackupView } from "../backup/backup-view";
import { requestDrill } from "../restore/drills";
import { getRestore, listRestores } from "../restore/list-restores";
import { requestRestore } from "../restore/request-restore";
import type { RestoreView } from "../restore/restore-view";
import { backupStatuses, getBackup, listBackups } from "../backup/list-backups";
import { requestBackup } from "../backup/request-backup";
import { appContext, type Context } from "../context";
import { migrate } from "../db/migrate";
import { AppError, errorMessage } from "../errors";
import type { BackupStatus } from "../generated/prisma/enums";
import { formatBytes } from "../format";
import { claimById } from "../jobs/queue";
import { newWorkerId, runClaimedJob } from "../jobs/worker";

// `npm run --silent dr -- <command>`: the same lib/ functions the UI calls, for scripts,
// cron and Kubernetes Jobs. JSON goes to stdout, errors to stderr with exit code 1.

const usage = `Usage: npm run --silent dr -- <command> [options]

Commands:
  backup create --component <id> [--wait] [--json]   queue a backup (and with --wait, run or await it)
  backup list [--component <id>] [--status <s>] [--json]
  backup show <id> [--json]
  restore create --backup <id> [--target scratch|original] [--confirm <database>]
                 [--terminate-connections] [--wait] [--json]
  restore list [--component <id>] [--json]
  restore show <id> [--json]
  drill run --component <id> [--wait] [--json]          restore test of the newest verified backup
  token create --user <email> [--name <name>] [--json]   make an API token for a user (shown once)
  audit verify [--json]                               check the audit trail's hash chain
  migrate                                             apply database migrations to DATABASE_URL
`;

const terminal = new Set(["verified", "validated", "failed"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function line(b: BackupView): string {
  return `${b.id}  ${b.component.padEnd(20)} ${b.status.padEnd(8)} ${b.sizeBytes ? formatBytes(b.sizeBytes).padStart(9) : "        -"}  ${b.key}`;
}

// Runs the job here when no worker has taken it, so --wait works without a worker.
async function waitFor<T extends { status: string }>(ctx: Context, read: () => Promise<T>, jobOf: { backupId: string } | { restoreId: string }): Promise<T> {
  const workerId = `cli:${newWorkerId()}`;
  for (;;) {
    const current = await read();
    if (terminal.has(current.status)) return current;
    const job = await ctx.db.job.findFirst({ where: { ...jobOf, status: "queued" }, orderBy: { createdAt: "desc" } });
    const claimed = job ? await claimById(ctx.db, job.id, workerId) : undefined;
    if (claimed) await runClaimedJob(ctx, claimed, workerId, new AbortController().signal);
    else await sleep(1000);
  }
}

function restoreLine(r: RestoreView): string {
  return `${r.id}  ${r.component.padEnd(20)} ${r.purpose.padEnd(7)} ${r.status.padEnd(11)} ${r.target.padEnd(8)} ${r.database}${r.durationSeconds !== null ? `  ${r.durationSeconds.toFixed(1)} s` : ""}`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      component: { type: "string" },
      user: { type: "string" },
      backup: { type: "string" },
      target: { type: "string" },
      confirm: { type: "string" },
      "terminate-connections": { type: "boolean", default: false },
      name: { type: "string" },
      status: { type: "string" },
      wait: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [group, action, arg] = positionals;
  if (values.help || !group) {
    process.stdout.write(usage);
    return values.help ? 0 : 1;
  }
  const print = (value: unknown, text: string) => process.stdout.write(values.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

  if (group === "migrate") {
    const { settings } = await import("../settings");
    const r = await migrate(settings().databaseUrl);
    print(r, r.applied.length ? `applied: ${r.applied.join(", ")}` : "up to date");
    return 0;
  }
  const ctx = appContext();
  const actor = systemActor("cli", `cli:${userInfo().username}`);
  if (group === "token" && action === "create") {
    if (!values.user) throw new AppError("validation", "token create needs --user <email>.");
    const { token, view } = await createApiToken(ctx.db, actor, { userEmail: values.user, name: values.name });
    print({ token, id: view.id, user: view.userEmail, role: view.userRole, name: view.name }, `${token}\n(for ${view.userEmail}, ${view.userRole}; shown once, store it now)`);
    return 0;
  }
  if (group === "audit" && action === "verify") {
    const verdict = await verifyAuditChain(ctx.db);
    print(verdict, verdict.ok ? `audit trail intact: ${verdict.events} events` : `audit trail BROKEN at event ${verdict.firstBrokenId}: ${verdict.reason}`);
    return verdict.ok ? 0 : 2;
  }
  if (group === "restore" || group === "drill") {
    const printRestore = (r: RestoreView) => {
      print(r, `${restoreLine(r)}${r.error ? `\nerror: ${r.error}` : ""}`);
      if (r.status === "failed") process.stderr.write(`${r.purpose} ${r.id} failed: ${r.error}\n`);
      return r.status === "failed" ? 1 : 0;
    };
    if (group === "drill" && action === "run") {
      if (!values.component) throw new AppError("validation", "drill run needs --component <id>, for example --component postgresql-database.");
      const created = await requestDrill(ctx, actor, { componentId: values.component });
      return printRestore(values.wait ? await waitFor(ctx, () => getRestore(ctx, created.id), { restoreId: created.id }) : await getRestore(ctx, created.id));
    }
    if (action === "create") {
      if (!values.backup) throw new AppError("validation", "restore create needs --backup <id> (see: backup list).");
      const target = values.target ?? "scratch";
      if (target !== "scratch" && target !== "original") throw new AppError("validation", "--target is scratch (the default) or original.");
      const created = await requestRestore(ctx, actor, { backupId: values.backup, target, confirm: values.confirm, terminateConnections: values["terminate-connections"] });
      return printRestore(values.wait ? await waitFor(ctx, () => getRestore(ctx, created.id), { restoreId: created.id }) : await getRestore(ctx, created.id));
    }
    if (action === "list") {
      const list = await listRestores(ctx, { component: values.component });
      print(list, list.length ? list.map(restoreLine).join("\n") : "no restores");
      return 0;
    }
    if (action === "show" && arg) return printRestore(await getRestore(ctx, arg));
    throw new AppError("validation", `Unknown command "${[group, action].filter(Boolean).join(" ")}".\n\n${usage}`);
  }
  if (group !== "backup") throw new AppError("validation", `Unknown command "${[group, action].filter(Boolean).join(" ")}".\n\n${usage}`);
  if (action === "create") {
    if (!values.component) throw new AppError("validation", "backup create needs --component <id>, for example --component postgresql-database.");
    const created = await requestBackup(ctx, actor, { componentId: values.component });
    const b = values.wait ? await waitFor(ctx, () => getBackup(ctx, created.id), { backupId: created.id }) : await getBackup(ctx, created.id);
    print(b, line(b));
    if (b.status === "failed") {
      process.stderr.write(`backup ${b.id} failed: ${b.error}\n`);
      return 1;
    }
    return 0;
  }
  if (action === "list") {
    if (values.status && !backupStatuses.includes(values.status as BackupStatus)) {
      throw new AppError("validation", `--status must be one of ${backupStatuses.join(", ")}.`);
    }
    const list = await listBackups(ctx, { component: values.component, status: values.status as BackupStatus | undefined });
    print(list, list.length ? list.map(line).join("\n") : "no backups");
    return 0;
  }
  if (action === "show") {
    if (!arg) throw new AppError("validation", "backup show needs the backup id.");
    const b = await getBackup(ctx, arg);
    print(b, `${line(b)}${b.error ? `\nerror: ${b.error}` : ""}`);
    return 0;
  }
  throw new AppError("validation", `Unknown backup command "${action ?? ""}".\n\n${usage}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`dr: ${errorMessage(e)}\n`);
    process.exit(1);
  },
);
