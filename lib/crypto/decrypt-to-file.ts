import { createReadStream, createWriteStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import * as openpgp from "openpgp";
import { AppError, errorMessage } from "../errors";
import { keyFailsQuickCheck } from "./openpgp-stream";

const wrongPassphrase = "Wrong backup passphrase: the object cannot be decrypted with the configured passphrase (BACKUP_PASSPHRASE_FILE).";

// Decrypts an object already checked against its manifest's SHA-256 into a file, in
// constant memory. Plaintext is streamed before the MDC at the end is checked, which is
// safe only because nothing reads `outFile` unless this function returns: any failure
// removes it.
export async function decryptToFile(inFile: string, outFile: string, passphrase: string): Promise<{ bytes: number }> {
  let bytes = 0;
  try {
    const message = await openpgp.readMessage({ binaryMessage: Readable.toWeb(createReadStream(inFile)) as unknown as ReadableStream<Uint8Array> }).catch((e: unknown) => {
      throw new AppError("validation", `The object is not an OpenPGP message: ${errorMessage(e)}`);
    });
    const { data } = await openpgp.decrypt({ message, passwords: [passphrase], format: "binary", config: { allowUnauthenticatedStream: true } });
    const plain = Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>);
    plain.on("data", (c: Buffer) => (bytes += c.length));
    await pipeline(plain, createWriteStream(outFile, { mode: 0o600 }));
    return { bytes };
  } catch (e) {
    await rm(outFile, { force: true });
    if (e instanceof AppError) throw e;
    const msg = errorMessage(e);
    if (/session key|passphrase|password/i.test(msg) || (await keyFailsQuickCheck(await head(inFile, 4096), passphrase))) throw new AppError("validation", wrongPassphrase);
    throw new AppError("validation", `Decryption failed: ${msg}`);
  }
}

async function head(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
