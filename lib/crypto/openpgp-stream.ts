import * as openpgp from "openpgp";
import { createDecipheriv } from "node:crypto";
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError, errorMessage } from "../errors";

// OpenPGP symmetric encryption (SKESK + SEIPD with MDC, AES-256, iterated-salted S2K):
// the format `gpg --decrypt` opens. No OpenPGP compression: pg_dump's custom format is
// already compressed.
export const config: Partial<openpgp.Config> = {
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

// With unauthenticated streaming refused, openpgp.js reads and checks the whole message
// (MDC) before it releases any plaintext: safe, but the object is buffered in memory.
// Large restores should decrypt with gpg or verify the checksum first and stream.
export async function decryptStream(encrypted: Readable, passphrase: string): Promise<Readable> {
  const recorded = recordHead(encrypted, 4096);
  let message;
  try {
    message = await openpgp.readMessage({ binaryMessage: Readable.toWeb(recorded.stream) as unknown as ReadableStream<Uint8Array> });
  } catch (e) {
    throw new AppError("validation", `The object is not an OpenPGP message: ${errorMessage(e)}`);
  }
  try {
    const { data } = await openpgp.decrypt({ message, passwords: [passphrase], format: "binary", config: { allowUnauthenticatedStream: false } });
    return Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>);
  } catch (e) {
    const msg = errorMessage(e);
    if (/session key|passphrase|password/i.test(msg) || (await keyFailsQuickCheck(recorded.head(), passphrase))) {
      throw new AppError("validation", "Wrong backup passphrase: the object cannot be decrypted with the configured passphrase (BACKUP_PASSPHRASE_FILE).");
    }
    throw new AppError("validation", `Decryption failed: ${msg}`);
  }
}

// A copy of the first `max` bytes that pass through, to diagnose a failure afterwards.
function recordHead(src: Readable, max: number): { stream: Readable; head: () => Buffer } {
  const parts: Buffer[] = [];
  let kept = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (kept < max) {
        const part = Buffer.from(chunk.subarray(0, max - kept));
        parts.push(part);
        kept += part.length;
      }
      cb(null, chunk);
    },
  });
  src.on("error", (e) => stream.destroy(e));
  src.pipe(stream);
  return { stream, head: () => Buffer.concat(parts) };
}

// A wrong passphrase usually fails the session-key check ("Session key decryption
// failed"), but about 1 in 250 times it yields a plausible AES-256 or Twofish session
// key, and openpgp.js, which skips the quick check of RFC 4880 5.13, then reports
// "Modification detected." at the end of the data. Tell the two apart as gpg does:
// decrypt the session key again and check the two repeated bytes of the encrypted prefix.
// True only when the key is surely wrong; false (keep the original error) when the key
// passes or the message is not the simple SKESK + SEIPDv1 shape written by encryptStream.
export async function keyFailsQuickCheck(head: Buffer, passphrase: string): Promise<boolean> {
  try {
    const first = readPacket(head, 0);
    if (first?.tag !== openpgp.enums.packet.symEncryptedSessionKey) return false;
    const second = readPacket(head, first.next);
    if (second?.tag !== openpgp.enums.packet.symEncryptedIntegrityProtectedData || second.body[0] !== 1) return false;
    // The packet's fields are public in openpgp.js but not in its type definitions.
    const skesk = new openpgp.SymEncryptedSessionKeyPacket() as unknown as {
      read(bytes: Uint8Array): void;
      decrypt(passphrase: string): Promise<void>;
      version: number;
      sessionKeyAlgorithm: number;
      sessionKey: Uint8Array | null;
    };
    skesk.read(first.body);
    if (skesk.version !== 4) return false;
    try {
      await skesk.decrypt(passphrase);
    } catch {
      return true;
    }
    const aes: Record<number, string> = { [openpgp.enums.symmetric.aes128]: "aes-128-cfb", [openpgp.enums.symmetric.aes192]: "aes-192-cfb", [openpgp.enums.symmetric.aes256]: "aes-256-cfb" };
    const cipher = aes[skesk.sessionKeyAlgorithm];
    // encryptStream only writes AES: any other algorithm came from a wrong passphrase.
    if (!cipher || !skesk.sessionKey) return true;
    const prefix = second.body.subarray(1, 19);
    if (prefix.length < 18) return false;
    const d = createDecipheriv(cipher, skesk.sessionKey, Buffer.alloc(16)).update(prefix);
    return d[14] !== d[16] || d[15] !== d[17];
  } catch {
    return false;
  }
}

// One OpenPGP packet header at `at` (RFC 4880 4.2); for a partial-length packet, its first chunk.
function readPacket(buf: Buffer, at: number): { tag: number; body: Buffer; next: number } | undefined {
  const h = buf[at];
  if (h === undefined || (h & 0x80) === 0) return undefined;
  let p = at + 1;
  let tag: number;
  let len: number;
  if (h & 0x40) {
    tag = h & 0x3f;
    const b = buf.readUInt8(p++);
    if (b < 192) len = b;
    else if (b < 224) len = ((b - 192) << 8) + buf.readUInt8(p++) + 192;
    else if (b === 255) {
      len = buf.readUInt32BE(p);
      p += 4;
    } else len = 1 << (b & 0x1f);
  } else {
    tag = (h >> 2) & 0x0f;
    const type = h & 3;
    if (type === 0) len = buf.readUInt8(p++);
    else if (type === 1) {
      len = buf.readUInt16BE(p);
      p += 2;
    } else if (type === 2) {
      len = buf.readUInt32BE(p);
      p += 4;
    } else len = buf.length - p;
  }
  return { tag, body: buf.subarray(p, Math.min(p + len, buf.length)), next: p + len };
}
