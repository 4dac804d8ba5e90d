import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import { AppError, errorMessage } from "../errors";
import type { S3Settings } from "../settings";

// The raw S3 layer: no knowledge of backups. Errors come back as AppErrors that name
// the endpoint and bucket, never the credentials.

export type ObjectInfo = { key: string; size: number; lastModified?: Date };

export type ObjectStore = {
  readonly bucket: string;
  readonly endpoint: string;
  putStream(key: string, body: Readable, onPart?: (loaded: number) => void): Promise<void>;
  putText(key: string, body: string, contentType: string): Promise<void>;
  getStream(key: string): Promise<Readable>;
  getText(key: string): Promise<string>;
  head(key: string): Promise<ObjectInfo | undefined>;
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(key: string): Promise<void>;
  abortUploads(key: string): Promise<number>;
  checkBucket(): Promise<void>;
};

export const partSizeBytes = 8 * 1024 * 1024;

function isNotFound(e: unknown): boolean {
  return e instanceof NoSuchKey || e instanceof NotFound || (e as { name?: string })?.name === "NotFound" || (e as { name?: string })?.name === "NoSuchKey";
}

export function createObjectStore(s: S3Settings): ObjectStore {
  const endpoint = s.endpoint ?? `https://s3.${s.region}.amazonaws.com`;
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
  });
  const where = `s3://${s.bucket} at ${endpoint}`;
  const wrap = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof AppError) throw e;
      const code = (e as { code?: string; name?: string }).code ?? (e as { name?: string }).name;
      const unreachable = ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET"].includes(code ?? "");
      throw new AppError(
        "unavailable",
        unreachable
          ? `S3 is unreachable (${where}): ${code}. Check that the S3 endpoint is up and S3_ENDPOINT is right.`
          : `S3 ${what} failed (${where}): ${errorMessage(e) || code}`,
        { cause: e, transient: unreachable || (e as { $retryable?: unknown }).$retryable !== undefined },
      );
    }
  };

  return {
    bucket: s.bucket,
    endpoint,
    putStream: (key, body, onPart) =>
      wrap(`upload of ${key}`, async () => {
        const upload = new Upload({
          client,
          params: { Bucket: s.bucket, Key: key, Body: body, ContentType: "application/pgp-encrypted" },
          partSize: partSizeBytes,
          queueSize: 2,
          leavePartsOnError: false,
        });
        if (onPart) upload.on("httpUploadProgress", (p) => p.loaded !== undefined && onPart(p.loaded));
        await upload.done();
      }),
    putText: (key, body, contentType) =>
      wrap(`write of ${key}`, async () => {
        await client.send(new PutObjectCommand({ Bucket: s.bucket, Key: key, Body: body, ContentType: contentType }));
      }),
    getStream: (key) =>
      wrap(`read of ${key}`, async () => {
        try {
          const r = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key }));
          return r.Body as Readable;
        } catch (e) {
          if (isNotFound(e)) throw new AppError("not_found", `Object ${key} is missing from ${where}.`);
          throw e;
        }
      }),
    getText: (key) =>
      wrap(`read of ${key}`, async () => {
        try {
          const r = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key }));
          return await r.Body!.transformToString("utf8");
        } catch (e) {
          if (isNotFound(e)) throw new AppError("not_found", `Object ${key} is missing from ${where}.`);
          throw e;
        }
      }),
    head: (key) =>
      wrap(`head of ${key}`, async () => {
        try {
          const r = await client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: key }));
          return { key, size: r.ContentLength ?? 0, lastModified: r.LastModified };
        } catch (e) {
          if (isNotFound(e)) return undefined;
          throw e;
        }
      }),
    list: (prefix) =>
      wrap(`listing of ${prefix}`, async () => {
        const out: ObjectInfo[] = [];
        let token: string | undefined;
        do {
          const r = await client.send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: prefix, ContinuationToken: token }));
          for (const o of r.Contents ?? []) out.push({ key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified });
          token = r.IsTruncated ? r.NextContinuationToken : undefined;
        } while (token);
        return out;
      }),
    delete: (key) =>
      wrap(`delete of ${key}`, async () => {
        await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key }));
      }),
    abortUploads: (key) =>
      wrap(`abort of uploads to ${key}`, async () => {
        const r = await client.send(new ListMultipartUploadsCommand({ Bucket: s.bucket, Prefix: key }));
        const uploads = (r.Uploads ?? []).filter((u) => u.Key === key);
        for (const u of uploads) {
          await client.send(new AbortMultipartUploadCommand({ Bucket: s.bucket, Key: key, UploadId: u.UploadId! }));
        }
        return uploads.length;
      }),
    checkBucket: () =>
      wrap("bucket check", async () => {
        try {
          await client.send(new HeadBucketCommand({ Bucket: s.bucket }));
        } catch (e) {
          if (isNotFound(e)) throw new AppError("unavailable", `Bucket ${s.bucket} does not exist at ${endpoint}; create it or set S3_BUCKET.`);
          throw e;
        }
      }),
  };
}
