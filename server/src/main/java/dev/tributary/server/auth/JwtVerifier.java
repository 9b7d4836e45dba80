package dev.tributary.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tributary.server.config.WatchedFiles;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Checks JWT bearer tokens with Nimbus JOSE+JWT: the signature against the provider's JWKS (asymmetric algorithms
 * only, so a token signed with the public key as an HMAC secret is refused), {@code iss}, {@code aud}, {@code exp} and
 * {@code nbf} within the clock skew; maps the scopes claim to scopes. Blocking (a JWKS URL may be fetched): call it off
 * the event loop. Thread-safe.
 */
public final class JwtVerifier {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String scopesClaim;

    public JwtVerifier(JwtSettings settings) {
        this.scopesClaim = settings.scopesClaim();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys(settings.jwks())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("sub", "exp"),
                Set.of());
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Checks a token; the refusal names what failed, never the token. */
    public Authentication verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return Authentication.refused("malformed-token", "the bearer token is neither an API key nor a JWT");
        } catch (BadJOSEException e) {
            return Authentication.refused("invalid-token", "the JWT was refused: " + e.getMessage());
        } catch (JOSEException e) {
            return Authentication.refused("invalid-token", "the JWT could not be checked: " + e.getMessage());
        }
        return Authentication.of(new Principal(claims.getSubject(), "jwt", scopes(claims.getClaim(scopesClaim))));
    }

    private static List<Scope> scopes(Object claim) {
        List<String> entries = new ArrayList<>();
        if (claim instanceof String text) {
            entries.addAll(List.of(text.trim().split("\\s+")));
        } else if (claim instanceof Collection<?> list) {
            list.forEach(entry -> entries.add(String.valueOf(entry)));
        }
        List<Scope> scopes = new ArrayList<>();
        for (String entry : entries) {
            try {
                scopes.add(Scope.parse(entry));
            } catch (IllegalArgumentException notOurs) {
                // OIDC tokens carry scopes of their own (openid, profile…); they grant nothing here.
            }
        }
        return scopes;
    }

    private static JWKSource<SecurityContext> keys(String location) {
        if (location.startsWith("https://") || location.startsWith("http://")) {
            try {
                return JWKSourceBuilder.create(URI.create(location).toURL()).retrying(true).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("jwt-jwks: not a URL: " + location);
            }
        }
        return new JwksFile(Path.of(location));
    }

    /** A JWKS file, re-read when its modification time changes, so keys rotate without a restart. */
    private static final class JwksFile implements JWKSource<SecurityContext> {
        private final Path file;
        private final WatchedFiles watched;
        private volatile JWKSet keys;

        JwksFile(Path file) {
            this.file = file;
            this.watched = new WatchedFiles(List.of(file));
            reload();
        }

        @Override
        public List<com.nimbusds.jose.jwk.JWK> get(JWKSelector selector, SecurityContext context) {
            if (watched.changed()) {
                reload(); // keeps the keys read last if the file cannot be read: it may be mid-rename
            }
            return selector.select(keys);
        }

        private synchronized void reload() {
            try {
                List<FileTime> times = watched.times();
                keys = JWKSet.load(file.toFile());
                watched.read(times);
            } catch (IOException | ParseException e) {
                if (keys == null) {
                    throw new IllegalArgumentException("jwt-jwks: cannot read the JWKS file " + file + ": "
                            + e.getMessage());
                }
            }
        }
    }
}
