import { promises as fs } from "node:fs";
import path from "node:path";
import S3rver from "s3rver";

// The embedded S3 server: s3rver (objects as files on disk), plus the two multipart
// calls it lacks and that recovery from a killed upload needs: ListMultipartUploads and
// AbortMultipartUpload. They act on s3rver's own upload folders.

type Store = { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
type Ctx = {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  type: string;
};
type Koa = S3rver & { middleware: ((ctx: Ctx, next: () => Promise<void>) => Promise<void>)[]; store: Store };

export type EmbeddedS3 = { endpoint: string; port: number; close(): Promise<void> };

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function uploadsOf(store: Store, bucket: string): Promise<{ uploadId: string; key: string; dir: string }[]> {
  const root = store.getResourcePath(bucket, undefined, "uploads");
  const ids = await fs.readdir(root).catch(() => [] as string[]);
  const out = [];
  for (const uploadId of ids) {
    const dir = path.join(root, uploadId);
    const key = await fs.readFile(path.join(dir, "key"), "utf8").catch(() => undefined);
    if (key !== undefined) out.push({ uploadId, key, dir });
  }
  return out;
}

function multipartExtensions(store: Store) {
  return async (ctx: Ctx, next: () => Promise<void>) => {
    const [, bucket, ...rest] = ctx.path.split("/");
    const key = decodeURIComponent(rest.join("/"));
    if (ctx.method === "GET" && bucket && !key && "uploads" in ctx.query) {
      const prefix = String(ctx.query.prefix ?? "");
      const uploads = (await uploadsOf(store, bucket)).filter((u) => u.key.startsWith(prefix));
      ctx.type = "application/xml";
      ctx.status = 200;
      ctx.body =
        `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult><Bucket>${xmlEscape(bucket)}</Bucket>` +
        `<Prefix>${xmlEscape(prefix)}</Prefix><IsTruncated>false</IsTruncated>` +
        uploads.map((u) => `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${xmlEscape(u.uploadId)}</UploadId></Upload>`).join("") +
        `</ListMultipartUploadsResult>`;
      return;
    }
    if (ctx.method === "DELETE" && bucket && key && typeof ctx.query.uploadId === "string") {
      const upload = (await uploadsOf(store, bucket)).find((u) => u.uploadId === ctx.query.uploadId && u.key === key);
      if (!upload) {
        ctx.status = 404;
        ctx.type = "application/xml";
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
        return;
      }
      await fs.rm(upload.dir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = null;
      return;
    }
    await next();
  };
}

export async function startEmbeddedS3(o: { directory: string; port: number; buckets: string[] }): Promise<EmbeddedS3> {
  await fs.mkdir(o.directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: o.port,
    directory: o.directory,
    silent: true,
    configureBuckets: o.buckets.map((name) => ({ name, configs: [] })),
  }) as Koa;
  server.middleware.unshift(multipartExtensions(server.store));
  const address = (await server.run()) as unknown as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  return { endpoint, port: address.port, close: () => server.close() as unknown as Promise<void> };
}
