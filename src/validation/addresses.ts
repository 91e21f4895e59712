/**
 * IP addresses and CIDRs as the API server reads them (k8s.io/apimachinery/pkg/util/validation/ip.go:
 * IsValidIP, IsValidCIDR): dotted-quad IPv4 without leading zeros, or IPv6; a CIDR is an address, '/'
 * and a prefix length. Used by the Service, NetworkPolicy and Ingress rules.
 */

/** The address as 16 bytes (IPv4 mapped into IPv6), or undefined when it is not an IP address. */
export function parseIp(text: string): { bytes: number[]; v4: boolean } | undefined {
  if (/^[0-9.]+$/.test(text)) {
    const parts = text.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255)) return undefined;
    return { bytes: [...Array(10).fill(0), 0xff, 0xff, ...parts.map(Number)], v4: true };
  }
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIp(piece);
        if (!v4 || !v4.v4) return undefined;
        out.push((v4.bytes[12] << 8) | v4.bytes[13], (v4.bytes[14] << 8) | v4.bytes[15]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array(missing).fill(0), ...tail];
  return { bytes: all.flatMap((g) => [g >> 8, g & 0xff]), v4: false };
}

/** A CIDR: its address, prefix length (counted in the 128 bits of the mapped form) and family. */
export function parseCidr(text: string): { bytes: number[]; bits: number; v4: boolean } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(prefix)) return undefined;
  const length = Number(prefix);
  if (length > (ip.v4 ? 32 : 128)) return undefined;
  return { bytes: ip.bytes, bits: ip.v4 ? length + 96 : length, v4: ip.v4 };
}

/** Whether `inner` lies inside `outer` (same family, longer or equal prefix, same leading bits). */
export function cidrContains(outer: { bytes: number[]; bits: number; v4: boolean }, inner: { bytes: number[]; bits: number; v4: boolean }): boolean {
  if (outer.v4 !== inner.v4 || inner.bits < outer.bits) return false;
  for (let bit = 0; bit < outer.bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((outer.bytes[bit >> 3] & mask) !== (inner.bytes[bit >> 3] & mask)) return false;
  }
  return true;
}
