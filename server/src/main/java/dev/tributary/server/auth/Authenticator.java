package dev.tributary.server.auth;

import dev.tributary.server.tls.ClientCertificates;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides who a request comes from, whatever carried it (HTTP's {@code Authorization} header, gRPC's
 * {@code authorization} metadata): a client address that failed too often is throttled; a verified client certificate
 * whose subject is mapped to scopes is enough when no credential is sent; otherwise {@code Bearer <API key or JWT>} is
 * checked. A known key is decided at once (one SHA-256); an unknown key or a JWT needs a blocking check, which
 * {@link #authenticate} hands back as a {@link Verdict.Deferred} for the transport to run where it may block, and
 * {@link #finish} then decides. Every refusal counts against the address in the {@link FailureThrottle} and is
 * reported to the failure listener (metrics) with its reason.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {
    private final AuthSettings settings;
    private final ApiKeys keys;
    private final Optional<JwtVerifier> jwt;
    private final FailureThrottle throttle;
    private final ClientCertificates certificates;
    private final Consumer<String> failures;

    /** @param failures told the reason of each refusal ({@code throttled} for a throttled address) */
    public Authenticator(Security security, Consumer<String> failures) {
        this.settings = security.settings();
        this.keys = security.keys();
        this.jwt = security.jwt();
        this.throttle = security.throttle();
        this.certificates = security.certificates();
        this.failures = failures;
    }

    /** What became of a request's credential. */
    public sealed interface Verdict {
        /** Let in, with these rights. */
        record Admitted(Principal principal) implements Verdict {}

        /** Refused; {@code tokenGiven} says whether a credential was sent at all (RFC 6750 names the error then). */
        record Refused(Authentication outcome, boolean tokenGiven) implements Verdict {}

        /** The address failed too often: refused without a look at the credential, for {@code retryAfter}. */
        record Throttled(Duration retryAfter) implements Verdict {}

        /**
         * Needs a blocking check (the key store, a JWKS): run {@link #check()} off any event loop, then pass its
         * outcome to {@link Authenticator#finish}.
         */
        record Deferred(Callable<Authentication> work, Authentication onFailure) implements Verdict {
            /** Runs the check; a check that throws is refused with {@code onFailure}'s reason. Blocking. */
            public Authentication check() {
                try {
                    return work.call();
                } catch (Exception e) {
                    return onFailure;
                }
            }
        }
    }

    /** Whether requests need a credential at all ({@code auth keys}). */
    public boolean required() {
        return settings.required();
    }

    /**
     * The first look at a request.
     *
     * @param address the client's address, what failures are counted against
     * @param authorization the {@code Authorization} value, or {@code null}
     * @param certificate the verified client certificate of a TLS connection, if any (asked only when needed)
     */
    public Verdict authenticate(String address, String authorization, Supplier<Optional<X509Certificate>> certificate) {
        if (!settings.required()) {
            return new Verdict.Admitted(Principal.UNAUTHENTICATED);
        }
        Optional<Duration> wait = throttle.blocked(address);
        if (wait.isPresent()) {
            failures.accept("throttled");
            return new Verdict.Throttled(wait.get());
        }
        if (authorization == null || authorization.isBlank()) {
            Optional<Principal> holder = certificate.get().flatMap(certificates::principal);
            if (holder.isPresent()) {
                return new Verdict.Admitted(holder.get());
            }
            return refuse(address, Authentication.refused("missing-credential",
                    "this request needs a credential: Authorization: Bearer <API key or token>"), false);
        }
        if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(address, Authentication.refused("malformed-credential",
                    "the Authorization header must be Bearer <API key or token>"), true);
        }
        String token = authorization.substring(7).strip();
        if (ApiKeyToken.looksLikeKey(token)) {
            return key(address, token);
        }
        if (jwt.isPresent()) {
            JwtVerifier verifier = jwt.get();
            return new Verdict.Deferred(() -> verifier.verify(token),
                    Authentication.refused("invalid-token", "the token could not be checked"));
        }
        return refuse(address, Authentication.refused("malformed-credential",
                "the bearer token is not an API key (tbk_…), and this node accepts no JWTs"), true);
    }

    /** Decides on the outcome of a {@link Verdict.Deferred} check. */
    public Verdict finish(String address, Authentication outcome) {
        return outcome.succeeded() ? new Verdict.Admitted(outcome.principal().get()) : refuse(address, outcome, true);
    }

    private Verdict key(String address, String text) {
        Optional<ApiKeyToken> token = ApiKeyToken.parse(text);
        if (token.isEmpty()) {
            return refuse(address, Authentication.refused("malformed-credential", "the API key is malformed"), true);
        }
        ApiKeyToken parsed = token.get();
        var cached = keys.cached(parsed.id());
        if (cached.isPresent()) {
            return finish(address, keys.check(parsed, cached));
        }
        return new Verdict.Deferred(() -> keys.check(parsed, keys.load(parsed.id())),
                Authentication.refused("unavailable", "the key store could not be read"));
    }

    private Verdict refuse(String address, Authentication outcome, boolean tokenGiven) {
        throttle.failed(address);
        failures.accept(outcome.reason());
        return new Verdict.Refused(outcome, tokenGiven);
    }
}
