package dev.tributary.server.delivery;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses outbound deliveries may reach: the guard against server-side request forgery (SSRF), where a
 * subscription's sink URL would turn the node into a client of its own network (an admin port on loopback, a cloud
 * metadata service on 169.254.169.254, a database on 10.0.0.5).
 *
 * <p>By default only public addresses are allowed: not loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * link-local (169.254/16, fe80::/10), unspecified, multicast, CGNAT (100.64/10) or reserved addresses (the list is in
 * {@link SpecialAddresses}). {@code allowPrivateNetworks} allows all of them (a node that delivers inside a private
 * network, or tests); {@code allowedNetworks} allows only the listed blocks (say {@code 10.20.0.0/16} for one internal
 * service) while the rest stays refused. Public addresses are always allowed.
 *
 * <p>An immutable value, so thread-safe.
 *
 * @param allowPrivateNetworks whether every non-public address is allowed
 * @param allowedNetworks non-public blocks allowed even when {@code allowPrivateNetworks} is false
 */
public record OutboundPolicy(boolean allowPrivateNetworks, List<Cidr> allowedNetworks) {
    /** Public addresses only: the default. */
    public static final OutboundPolicy PUBLIC_ONLY = new OutboundPolicy(false, List.of());

    public OutboundPolicy {
        allowedNetworks = List.copyOf(allowedNetworks);
    }

    public OutboundPolicy(boolean allowPrivateNetworks) {
        this(allowPrivateNetworks, List.of());
    }

    /**
     * Why {@code address} may not be called, e.g. {@code "loopback"} or {@code "private"}; empty if it may.
     */
    public Optional<String> refusal(InetAddress address) {
        if (allowPrivateNetworks) {
            return Optional.empty();
        }
        Optional<String> kind = SpecialAddresses.kindOf(address);
        if (kind.isEmpty()) {
            return kind;
        }
        for (Cidr allowed : allowedNetworks) {
            if (allowed.contains(address)) {
                return Optional.empty();
            }
        }
        return kind;
    }
}
