package dev.tributary.server.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Tells the addresses a webhook must not reach by default from public ones, after the IANA special-purpose address
 * registries (RFC 6890, updated by RFC 8190):
 *
 * <pre>
 * IPv4                         IPv6
 * 0.0.0.0/8      unspecified   ::/128       unspecified
 * 10.0.0.0/8     private       ::1/128      loopback
 * 100.64.0.0/10  shared (CGNAT, RFC 6598)   fc00::/7     unique local (private, RFC 4193)
 * 127.0.0.0/8    loopback      fe80::/10    link-local
 * 169.254.0.0/16 link-local    fec0::/10    site-local (deprecated, still routed by some stacks)
 * 172.16.0.0/12  private       ff00::/8     multicast
 * 192.168.0.0/16 private
 * 224.0.0.0/4    multicast
 * 240.0.0.0/4    reserved, with 255.255.255.255 broadcast
 * </pre>
 *
 * IPv6 forms that carry an IPv4 address (IPv4-compatible {@code ::a.b.c.d}, IPv4-mapped {@code ::ffff:a.b.c.d}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by the IPv4 address inside, so that {@code
 * ::ffff:127.0.0.1} or {@code 2002:7f00:1::} cannot smuggle a loopback address past the check. Stateless.
 */
final class SpecialAddresses {
    private SpecialAddresses() {}

    /** What kind of non-public address this is ({@code "loopback"}, {@code "private"}, …); empty if public. */
    static Optional<String> kindOf(InetAddress address) {
        byte[] b = address.getAddress();
        return Optional.ofNullable(address instanceof Inet4Address ? ipv4(b, 0) : ipv6(b));
    }

    private static String ipv4(byte[] b, int at) {
        int a0 = b[at] & 0xFF;
        int a1 = b[at + 1] & 0xFF;
        if (a0 == 0) {
            return "unspecified";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xF0) == 16) || (a0 == 192 && a1 == 168)) {
            return "private";
        }
        if (a0 == 100 && (a1 & 0xC0) == 64) {
            return "shared (CGNAT)";
        }
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 169 && a1 == 254) {
            return "link-local";
        }
        if ((a0 & 0xF0) == 224) {
            return "multicast";
        }
        if ((a0 & 0xF0) == 240) {
            return "reserved";
        }
        return null;
    }

    private static String ipv6(byte[] b) {
        if (zeros(b, 0, 12)) {
            // ::, ::1, and the IPv4-compatible ::a.b.c.d
            if (zeros(b, 12, 15)) {
                return b[15] == 0 ? "unspecified" : b[15] == 1 ? "loopback" : ipv4(b, 12);
            }
            return ipv4(b, 12);
        }
        if (zeros(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
            return ipv4(b, 12);
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B && zeros(b, 4, 12)) {
            return ipv4(b, 12);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return ipv4(b, 2);
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if ((b0 & 0xFE) == 0xFC) {
            return "unique local (private)";
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
            return "link-local";
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0xC0) {
            return "site-local";
        }
        if (b0 == 0xFF) {
            return "multicast";
        }
        return null;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
