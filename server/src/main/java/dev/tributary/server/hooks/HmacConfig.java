package dev.tributary.server.hooks;

import dev.tributary.core.InvalidFieldException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A generic HMAC scheme, for senders with none of the named ones: the signature in {@code header}, as
 * {@code prefix + encoding(HMAC-algorithm(secret, signed content))}.
 *
 * <p>The signed content is a template; the language is this and nothing more:
 *
 * <pre>
 * {body}              the body's bytes, exactly as received (required, exactly once: otherwise the body is unsigned)
 * {timestamp}         the value of timestampHeader (only with timestampHeader)
 * {header:Name}       the value of request header Name (its bytes as received); a request without it is refused
 * {{  }}              a literal { or }
 * anything else       literal text, signed as UTF-8
 * </pre>
 *
 * e.g. {@code {body}} (the default), {@code {timestamp}.{body}}, {@code v0:{header:X-Timestamp}:{body}}.
 *
 * @param secrets the shared secret, as text (its UTF-8 bytes are the key); two while rotating
 * @param header the request header carrying the signature, e.g. {@code X-Signature}
 * @param algorithm {@code sha1}, {@code sha256} (default) or {@code sha512}
 * @param encoding how the signature is written: {@code hex} (default, either case accepted) or {@code base64}
 * @param prefix text before the encoded signature, e.g. {@code sha256=}; empty for none (at most 64 characters)
 * @param signedContent the template above
 * @param timestampHeader a header with the signing time in Unix seconds; when set, requests outside
 *     {@code tolerance} are refused and the template must sign the timestamp
 * @param tolerance how far the timestamp may be from the receive time, either way (default PT5M, PT1S..PT1H); used
 *     only with {@code timestampHeader}
 * @param idHeader a header with the sender's delivery id, used as the event id; without it the id is the body's
 *     SHA-256, so that a provider's retries of one delivery deduplicate
 */
public record HmacConfig(
        List<HookSecret> secrets,
        String header,
        Algorithm algorithm,
        Encoding encoding,
        String prefix,
        String signedContent,
        Optional<String> timestampHeader,
        Duration tolerance,
        Optional<String> idHeader,
        EventOptions events)
        implements HookConfig {
    /** The signed content unless configured: the body alone. */
    public static final String DEFAULT_SIGNED_CONTENT = "{body}";

    private static final int MAX_PREFIX = 64;

    /** The HMAC's hash function. */
    public enum Algorithm {
        SHA1("HmacSHA1"),
        SHA256("HmacSHA256"),
        SHA512("HmacSHA512");

        private final String jcaName;

        Algorithm(String jcaName) {
            this.jcaName = jcaName;
        }

        /** The Java name of the MAC: {@code HmacSHA256}. */
        String jcaName() {
            return jcaName;
        }

        /** The JSON name: {@code sha256}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the signature's bytes are written in the header. */
    public enum Encoding {
        HEX,
        BASE64;

        /** The JSON name: {@code hex}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HmacConfig {
        secrets = ConfigRules.secrets("secrets", secrets);
        ConfigRules.headerName("header", header);
        if (algorithm == null) {
            throw new InvalidFieldException("algorithm", "is required: sha1, sha256 or sha512");
        }
        if (encoding == null) {
            throw new InvalidFieldException("encoding", "is required: hex or base64");
        }
        prefix = prefix == null ? "" : prefix;
        if (prefix.length() > MAX_PREFIX || prefix.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new InvalidFieldException("prefix", "must be at most " + MAX_PREFIX + " visible ASCII characters");
        }
        signedContent = signedContent == null ? DEFAULT_SIGNED_CONTENT : signedContent;
        timestampHeader = timestampHeader == null ? Optional.empty() : timestampHeader;
        idHeader = idHeader == null ? Optional.empty() : idHeader;
        timestampHeader.ifPresent(h -> ConfigRules.headerName("timestampHeader", h));
        idHeader.ifPresent(h -> ConfigRules.headerName("idHeader", h));
        tolerance = ConfigRules.tolerance("tolerance", tolerance == null ? DEFAULT_TOLERANCE : tolerance);
        SignedContent template;
        try {
            template = SignedContent.parse(signedContent);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("signedContent", e.getMessage());
        }
        if (template.usesTimestamp() && timestampHeader.isEmpty()) {
            throw new InvalidFieldException("signedContent", "{timestamp} needs timestampHeader");
        }
        if (timestampHeader.isPresent() && !template.signs(timestampHeader.get())) {
            throw new InvalidFieldException("signedContent", "must include {timestamp} when timestampHeader is set;"
                    + " a timestamp that is not signed protects against nothing");
        }
        events = events == null ? EventOptions.none() : events;
    }

    @Override
    public String provider() {
        return "hmac";
    }
}
