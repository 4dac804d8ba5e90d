import * as openpgp from "openpgp";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError, errorMessage } from "../errors";

// OpenPGP symmetric encryption (SKESK + SEIPD with MDC, AES-256, iterated-salted S2K):
// the format `gpg --decrypt` opens. No OpenPGP compression: pg_dump's custom format is
// already compressed.
const config: Partial<openpgp.Config> = {
  preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
  preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
  aeadProtect: false,
  s2kType: openpgp.enums.s2k.iterated,
};

export async function encryptStream(plain: Readable, passphrase: string): Promise<Readable> {
  const message = await openpgp.createMessage({ binary: Readable.toWeb(plain) as unknown as ReadableStream<Uint8Array> });
  const encrypted = await openpgp.encrypt({ message, passwords: [passphrase], format: "binary", config });
  return Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>);
}

// Decryption streams too; integrity (MDC) is checked at the end of the stream, so a
// consumer must treat the data as untrusted until the stream ends without error.
export async function decryptStream(encrypted: Readable, passphrase: string): Promise<Readable> {
  let message;
  try {
    message = await openpgp.readMessage({ binaryMessage: Readable.toWeb(encrypted) as unknown as ReadableStream<Uint8Array> });
  } catch (e) {
    throw new AppError("validation", `The object is not an OpenPGP message: ${errorMessage(e)}`);
  }
  try {
    const { data } = await openpgp.decrypt({ message, passwords: [passphrase], format: "binary", config: { allowUnauthenticatedStream: false } });
    return Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>);
  } catch (e) {
    const msg = errorMessage(e);
    if (/session key|passphrase|password/i.test(msg)) {
      throw new AppError("validation", "Wrong backup passphrase: the object cannot be decrypted with the configured passphrase (BACKUP_PASSPHRASE_FILE).");
    }
    throw new AppError("validation", `Decryption failed: ${msg}`);
  }
}
