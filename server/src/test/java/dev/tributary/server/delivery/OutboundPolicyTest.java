package dev.tributary.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSRF guard as a pure function of an address: no network, literals only. */
class OutboundPolicyTest {
    private static final OutboundPolicy STRICT = OutboundPolicy.PUBLIC_ONLY;

    @Test
    void refusesEveryNonPublicIpv4Range() {
        assertThat(kind("127.0.0.1")).isEqualTo("loopback");
        assertThat(kind("127.255.255.254")).isEqualTo("loopback");
        assertThat(kind("10.0.0.1")).isEqualTo("private");
        assertThat(kind("172.16.0.1")).isEqualTo("private");
        assertThat(kind("172.31.255.255")).isEqualTo("private");
        assertThat(kind("192.168.1.1")).isEqualTo("private");
        assertThat(kind("169.254.169.254")).isEqualTo("link-local");
        assertThat(kind("0.0.0.0")).isEqualTo("unspecified");
        assertThat(kind("224.0.0.1")).isEqualTo("multicast");
        assertThat(kind("100.64.0.0")).isEqualTo("shared (CGNAT)");
        assertThat(kind("100.127.255.255")).isEqualTo("shared (CGNAT)");
        assertThat(kind("255.255.255.255")).isEqualTo("reserved");
    }

    @Test
    void allowsPublicIpv4AddressesUpToTheEdgesOfTheRanges() {
        for (String ip : List.of("8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.0", "100.63.255.255",
                "100.128.0.0", "192.167.255.255", "169.253.0.1", "223.255.255.255", "11.0.0.0")) {
            assertThat(STRICT.refusal(ip(ip))).as(ip).isEmpty();
        }
    }

    @Test
    void refusesEveryNonPublicIpv6Range() {
        assertThat(kind("::1")).isEqualTo("loopback");
        assertThat(kind("::")).isEqualTo("unspecified");
        assertThat(kind("fc00::1")).isEqualTo("unique local (private)");
        assertThat(kind("fd12:3456::1")).isEqualTo("unique local (private)");
        assertThat(kind("fe80::1")).isEqualTo("link-local");
        assertThat(kind("febf::1")).isEqualTo("link-local");
        assertThat(kind("fec0::1")).isEqualTo("site-local");
        assertThat(kind("ff02::1")).isEqualTo("multicast");
        assertThat(STRICT.refusal(ip("2001:4860:4860::8888"))).isEmpty();
        assertThat(STRICT.refusal(ip("2606:4700::1111"))).isEmpty();
    }

    @Test
    void judgesIpv6FormsThatCarryAnIpv4AddressByThatAddress() {
        assertThat(kind("::ffff:127.0.0.1")).isEqualTo("loopback");
        assertThat(kind("::127.0.0.1")).isEqualTo("loopback");
        assertThat(kind("64:ff9b::10.0.0.1")).isEqualTo("private");
        assertThat(kind("2002:a9fe:a9fe::1")).isEqualTo("link-local");
        assertThat(STRICT.refusal(ip("::ffff:8.8.8.8"))).isEmpty();
        assertThat(STRICT.refusal(ip("64:ff9b::8.8.8.8"))).isEmpty();
    }

    @Test
    void allowPrivateNetworksAllowsEverything() {
        OutboundPolicy open = new OutboundPolicy(true);
        for (String ip : List.of("127.0.0.1", "10.1.2.3", "::1", "fd00::1", "169.254.169.254")) {
            assertThat(open.refusal(ip(ip))).as(ip).isEmpty();
        }
    }

    @Test
    void allowedNetworksOpenOnlyTheListedBlocks() {
        OutboundPolicy policy =
                new OutboundPolicy(false, List.of(Cidr.parse("10.20.0.0/16"), Cidr.parse("fd00:1::/32")));

        assertThat(policy.refusal(ip("10.20.3.4"))).isEmpty();
        assertThat(policy.refusal(ip("fd00:1:2::3"))).isEmpty();
        assertThat(policy.refusal(ip("10.21.0.1"))).contains("private");
        assertThat(policy.refusal(ip("127.0.0.1"))).contains("loopback");
        assertThat(policy.refusal(ip("fd00:2::1"))).contains("unique local (private)");
    }

    @Test
    void cidrContainsExactlyItsBlock() {
        Cidr block = Cidr.parse("192.168.4.0/22");

        assertThat(block.contains(ip("192.168.4.0"))).isTrue();
        assertThat(block.contains(ip("192.168.7.255"))).isTrue();
        assertThat(block.contains(ip("192.168.8.0"))).isFalse();
        assertThat(block.contains(ip("192.168.3.255"))).isFalse();
        assertThat(block.contains(ip("::ffff:192.168.5.1"))).isTrue();
        assertThat(block.contains(ip("fd00::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("10.0.0.7").contains(ip("10.0.0.7"))).isTrue();
        assertThat(Cidr.parse("10.0.0.7").contains(ip("10.0.0.8"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").toString()).isEqualTo("fd00:0:0:0:0:0:0:0/8");
    }

    @Test
    void cidrRejectsWhatIsNotABlock() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0-32");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("300.0.0.0/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("intranet.example/8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address block");
        assertThatThrownBy(() -> Cidr.parse("fd00::zz/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("::ffff:10.0.0.0/104")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv4");
    }

    private static String kind(String literal) {
        return STRICT.refusal(ip(literal)).orElseThrow(() -> new AssertionError(literal + " was allowed"));
    }

    /** Literals only: parsing them never touches DNS. */
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
