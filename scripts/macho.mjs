// Reads what scripts/verify-release.mjs checks in a macOS executable: a 64-bit Mach-O's CPU, its segments
// (the SEA blob is the NODE_SEA segment) and its code signature (Apple's SuperBlob, big-endian, at the
// LC_CODE_SIGNATURE load command's offset), whose CodeDirectory holds a SHA-256 of every 4 KiB page of the
// file before it: the hashes macOS checks each page against when it maps it. Only reads; mach-o/loader.h
// and cs_blobs.h give the layouts.
import { createHash } from 'node:crypto';

const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CS_ADHOC = 0x2;
export const MACHO_CPU = { x64: 0x01000007, arm64: 0x0100000c };

/** NUL-padded fixed-width name at offset. */
function name16(bytes, offset) {
  const raw = bytes.subarray(offset, offset + 16);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? 16 : end).toString('latin1');
}

/**
 * The parts of a Mach-O that the release relies on, or undefined if bytes is not a 64-bit little-endian
 * Mach-O. signature: the CodeDirectory's identifier and whether it is ad hoc (no certificate).
 */
export function readMacho(bytes) {
  if (bytes.length < 32 || bytes.readUInt32LE(0) !== MH_MAGIC_64) return undefined;
  const cpu = bytes.readUInt32LE(4);
  const ncmds = bytes.readUInt32LE(16);
  const segments = [];
  let codeSignature;
  for (let i = 0, at = 32; i < ncmds && at + 8 <= bytes.length; i++) {
    const cmd = bytes.readUInt32LE(at);
    const size = bytes.readUInt32LE(at + 4);
    if (size < 8) return undefined;
    if (cmd === LC_SEGMENT_64) {
      segments.push({ name: name16(bytes, at + 8), fileoff: Number(bytes.readBigUInt64LE(at + 40)), filesize: Number(bytes.readBigUInt64LE(at + 48)) });
    } else if (cmd === LC_CODE_SIGNATURE) {
      codeSignature = { dataoff: bytes.readUInt32LE(at + 8), datasize: bytes.readUInt32LE(at + 12) };
    }
    at += size;
  }
  return { cpu, segments, signature: codeSignature && readSignature(bytes, codeSignature) };
}

function readSignature(bytes, { dataoff, datasize }) {
  if (dataoff + datasize > bytes.length || datasize < 12) return { valid: false };
  const blob = bytes.subarray(dataoff, dataoff + datasize);
  if (blob.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE) return { valid: false };
  const count = blob.readUInt32BE(8);
  for (let i = 0; i < count && 12 + i * 8 + 8 <= blob.length; i++) {
    const offset = blob.readUInt32BE(12 + i * 8 + 4);
    if (offset + 48 > blob.length || blob.readUInt32BE(offset) !== CSMAGIC_CODEDIRECTORY) continue;
    const flags = blob.readUInt32BE(offset + 12);
    const identOffset = blob.readUInt32BE(offset + 20);
    const identEnd = blob.indexOf(0, offset + identOffset);
    const identifier = blob.subarray(offset + identOffset, identEnd === -1 ? blob.length : identEnd).toString('latin1');
    const hashOffset = blob.readUInt32BE(offset + 16);
    const nCodeSlots = blob.readUInt32BE(offset + 28);
    const hashSize = blob[offset + 36];
    const slots = [];
    for (let slot = 0; slot < nCodeSlots; slot++) {
      const at = offset + hashOffset + slot * hashSize;
      if (at + hashSize > blob.length) return { valid: false };
      slots.push(blob.subarray(at, at + hashSize).toString('hex'));
    }
    return {
      valid: true,
      adhoc: (flags & CS_ADHOC) !== 0,
      identifier,
      codeLimit: blob.readUInt32BE(offset + 32),
      hashType: blob[offset + 37],
      pageSize: 2 ** blob[offset + 39],
      slots,
      signatureOffset: dataoff,
    };
  }
  return { valid: false };
}

/** CS_HASHTYPE_SHA256 */
const SHA256 = 2;

/**
 * What is wrong with a signature's page hashes, compared with the file's pages recomputed here: the
 * CodeDirectory must cover every byte before the signature, in SHA-256 pages, and each page must match.
 */
export function pageHashProblems(bytes, signature) {
  if (!signature?.valid) return ['no CodeDirectory'];
  const problems = [];
  if (signature.hashType !== SHA256) problems.push(`hash type ${signature.hashType}, not SHA-256`);
  if (signature.codeLimit !== signature.signatureOffset) problems.push(`the signature covers ${signature.codeLimit} bytes, not the ${signature.signatureOffset} before it`);
  const pages = Math.ceil(signature.codeLimit / signature.pageSize);
  if (signature.slots.length !== pages) problems.push(`${signature.slots.length} page hashes for ${pages} pages`);
  const bad = [];
  for (let page = 0; page < Math.min(pages, signature.slots.length); page++) {
    const start = page * signature.pageSize;
    const hash = createHash('sha256').update(bytes.subarray(start, Math.min(start + signature.pageSize, signature.codeLimit))).digest('hex');
    if (hash !== signature.slots[page]) bad.push(page);
  }
  if (bad.length > 0) problems.push(`${bad.length} page(s) differ from their hash, the first at offset ${bad[0] * signature.pageSize}`);
  return problems;
}
