package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests for tests, at a fixed receive time, and HMACs computed with the JDK directly (not with the package's own
 * {@link Hmac}), so that a test's expectation is independent of the code under test.
 */
final class TestRequests {
    /** 2026-01-01T00:00:00Z, the receive time of the vectors. */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestRequests() {}

    static HookRequest post(Map<String, String> headers, String body) {
        return post(headers, body.getBytes(UTF_8));
    }

    static HookRequest post(Map<String, String> headers, byte[] body) {
        return HookRequest.of("POST", "/v1/hooks/test", "", HookHeaders.of(headers), body, CLOCK);
    }

    static HookRequest request(String method, String query, List<Map.Entry<String, String>> headers, byte[] body) {
        return HookRequest.of(method, "/v1/hooks/test", query, HookHeaders.of(new ArrayList<>(headers)), body, CLOCK);
    }

    static String hex(String algorithm, String key, byte[]... content) {
        return HexFormat.of().formatHex(mac(algorithm, key.getBytes(UTF_8), content));
    }

    static String base64(String algorithm, String key, byte[]... content) {
        return Base64.getEncoder().encodeToString(mac(algorithm, key.getBytes(UTF_8), content));
    }

    static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }

    private static byte[] mac(String algorithm, byte[] key, byte[]... content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] piece : content) {
                mac.update(piece);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
