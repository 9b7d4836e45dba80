package dev.tributary.server.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A block of IP addresses in CIDR notation (RFC 4632, RFC 4291 §2.3): {@code 10.20.0.0/16}, {@code fd00:1::/32}; a
 * bare address is a block of one. Used to allow chosen private networks in an {@link OutboundPolicy}.
 *
 * <p>An immutable value, so thread-safe. Bad input is an {@link IllegalArgumentException} naming it; a block with
 * host bits set ({@code 10.0.0.1/8}) is rejected rather than silently widened, since it is usually a typo.
 *
 * @param network the first address of the block
 * @param prefixLength how many leading bits are fixed: 0-32 for IPv4, 0-128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0-" + bits + " for " + network.getHostAddress()
                    + ", was " + prefixLength);
        }
        byte[] b = network.getAddress();
        for (int bit = prefixLength; bit < bits; bit++) {
            if ((b[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
                        + " has bits set after the prefix; the block starts at " + masked(network, prefixLength));
            }
        }
    }

    /**
     * Reads {@code address/prefix} or a bare address. Only literal addresses are accepted, never host names (so parsing
     * never touches DNS).
     *
     * @throws IllegalArgumentException if {@code text} is not an IPv4 or IPv6 block
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress network = literal(address, text);
        int bits = network.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(network, bits);
        }
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + text + "\" needs a prefix length of 0-" + bits + " after the /");
        }
        return new Cidr(network, Integer.parseInt(prefix));
    }

    /** Whether {@code address} lies in this block; an IPv4 address never lies in an IPv6 block, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress literal(String address, String text) {
        boolean ipv4 = address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not an IP address block like 10.0.0.0/8 or fd00::/8");
        }
        if (ipv4) {
            byte[] bytes = new byte[4];
            String[] parts = address.split("\\.");
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    throw new IllegalArgumentException("\"" + text + "\" has an IPv4 part above 255");
                }
                bytes[i] = (byte) part;
            }
            return byAddress(bytes, text);
        }
        try {
            // A string with ':' is parsed as an IPv6 literal and never looked up.
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet4Address) {
                // Java turns ::ffff:a.b.c.d into IPv4, where a prefix length counted over 128 bits would mislead.
                throw new IllegalArgumentException(
                        "\"" + text + "\" is an IPv4-mapped address; write the block as IPv4");
            }
            return parsed;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a valid IPv6 address block");
        }
    }

    private static InetAddress byAddress(byte[] bytes, String text) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address", e);
        }
    }

    private static String masked(InetAddress network, int prefixLength) {
        byte[] b = network.getAddress();
        for (int bit = prefixLength; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return byAddress(b, network.getHostAddress()).getHostAddress() + "/" + prefixLength;
    }
}
