package dev.tributary.server.hooks;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC of content given in pieces (a timestamp, a separator, the body…), without concatenating them into a copy of
 * the body. Standard Webhooks signatures are made by {@link dev.tributary.core.delivery.WebhookSigner}, the signer
 * of outgoing deliveries; this serves the schemes that signer does not cover (other layouts, SHA-1, SHA-512).
 * Thread-safe: each thread reuses its own {@link Mac} per algorithm.
 */
final class Hmac {
    private static final ThreadLocal<Map<HmacConfig.Algorithm, Mac>> MACS =
            ThreadLocal.withInitial(() -> new EnumMap<>(HmacConfig.Algorithm.class));

    private Hmac() {}

    /** HMAC-{@code algorithm}({@code key}, the pieces one after the other). */
    static byte[] sign(HmacConfig.Algorithm algorithm, byte[] key, byte[]... pieces) {
        Mac mac = MACS.get().computeIfAbsent(algorithm, Hmac::newMac);
        try {
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(algorithm.jcaName() + " refused a key of " + key.length + " bytes", e);
        }
        for (byte[] piece : pieces) {
            mac.update(piece);
        }
        return mac.doFinal();
    }

    private static Mac newMac(HmacConfig.Algorithm algorithm) {
        try {
            return Mac.getInstance(algorithm.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide " + algorithm.jcaName(), e);
        }
    }
}
