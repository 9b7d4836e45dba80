package dev.tributary.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWTs from an OIDC provider: signature against the JWKS, iss, aud, exp and nbf, scopes from a claim. */
class JwtVerifierTest {
    private static final String ISSUER = "https://id.example.com";

    @TempDir
    Path dir;

    private RSAKey key;
    private Path jwks;
    private JwtVerifier verifier;

    @BeforeEach
    void provider() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        verifier = new JwtVerifier(new JwtSettings(jwks.toString(), ISSUER, "tributary", "scope", Duration.ofSeconds(30)));
    }

    @Test
    void acceptsAValidTokenAndGrantsTheScopesItListsIgnoringForeignOnes() throws Exception {
        Authentication result = verifier.verify(token(key, c -> c.claim("scope", "openid publish:orders read:*")));

        assertThat(result.succeeded()).as(result.message()).isTrue();
        Principal p = result.principal().orElseThrow();
        assertThat(p.name()).isEqualTo("svc-checkout");
        assertThat(p.via()).isEqualTo("jwt");
        assertThat(p.scopes()).extracting(Scope::toString).containsExactly("publish:orders", "read:*");
    }

    @Test
    void takesScopesFromAnArrayClaimToo() throws Exception {
        Authentication result = verifier.verify(token(key, c -> c.claim("scope", List.of("metrics", "keys"))));

        assertThat(result.principal().orElseThrow().scopes()).extracting(Scope::toString).containsExactly("metrics", "keys");
    }

    @Test
    void refusesAnotherAudienceIssuerAnExpiredOrNotYetValidToken() throws Exception {
        Instant now = Instant.now();
        assertRefused(token(key, c -> c.audience("someone-else")));
        assertRefused(token(key, c -> c.issuer("https://evil.example.com")));
        assertRefused(token(key, c -> c.expirationTime(Date.from(now.minusSeconds(120)))));
        assertRefused(token(key, c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))));
        assertRefused(token(key, c -> c.subject(null)));
    }

    @Test
    void refusesAnotherKeyAnUnsignedTokenAndAnHmacMadeWithThePublicKey() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertRefused(token(stranger, c -> {}));
        assertRefused(new com.nimbusds.jwt.PlainJWT(claims(c -> {}).build()).serialize());
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims(c -> {}).build());
        hmac.sign(new MACSigner(key.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertRefused(hmac.serialize());
        assertRefused("not.a.jwt");
    }

    @Test
    void picksUpARotatedKeyFromTheJwksFileWithoutARestart() throws Exception {
        RSAKey next = new RSAKeyGenerator(2048).keyID("k2").generate();
        assertRefused(token(next, c -> {}));

        Files.writeString(jwks, new JWKSet(List.of(key.toPublicJWK(), next.toPublicJWK())).toString());
        Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(verifier.verify(token(next, c -> {})).succeeded()).isTrue();
    }

    private void assertRefused(String token) {
        Authentication result = verifier.verify(token);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.message()).doesNotContain(token);
    }

    private static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("svc-checkout")
                .audience("tributary")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("scope", "publish:orders");
        change.accept(claims);
        return claims;
    }

    private static String token(RSAKey signer, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                claims(change).build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }
}
