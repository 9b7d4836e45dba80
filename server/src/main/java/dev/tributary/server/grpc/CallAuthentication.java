package dev.tributary.server.grpc;

import dev.tributary.server.auth.Authenticator;
import dev.tributary.server.auth.Authenticator.Verdict;
import dev.tributary.server.auth.RateLimitedException;
import dev.tributary.server.auth.RateLimiter;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The authentication stage of the Tributary services: the {@code authorization: Bearer <API key or JWT>} metadata, or
 * a client certificate mapped to scopes, checked by the node's {@link Authenticator} (the one HTTP uses, with the same
 * keys, JWT verifier and failure throttle); the principal goes into the call's {@link Context} for {@link CallAccess}.
 * A refusal is UNAUTHENTICATED, saying nothing of the method asked for; an address that failed too often is
 * RESOURCE_EXHAUSTED until its minute ends. Runs on the call's executor thread, where the key store and a JWKS may be
 * read (blocking). Thread-safe.
 */
final class CallAuthentication implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> WWW_AUTHENTICATE =
            Metadata.Key.of("www-authenticate", Metadata.ASCII_STRING_MARSHALLER);

    private final Authenticator authenticator;
    private final RateLimiter rates;

    CallAuthentication(Authenticator authenticator, RateLimiter rates) {
        this.authenticator = authenticator;
        this.rates = rates;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String address = address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        Verdict verdict = authenticator.authenticate(address, headers.get(AUTHORIZATION),
                () -> certificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
        if (verdict instanceof Verdict.Deferred deferred) {
            verdict = authenticator.finish(address, deferred.check());
        }
        switch (verdict) {
            case Verdict.Admitted admitted -> {
                var wait = rates.request(admitted.principal());
                if (wait.isPresent()) {
                    StatusRuntimeException over = Statuses.of(new RateLimitedException("requests", wait.get()));
                    call.close(over.getStatus(), over.getTrailers());
                    return new ServerCall.Listener<>() {};
                }
                return Contexts.interceptCall(Context.current().withValue(CallAccess.PRINCIPAL, admitted.principal()),
                        call, headers, next);
            }
            case Verdict.Refused refused -> {
                StatusRuntimeException refusal = Statuses.unauthenticated(refused.outcome());
                Metadata trailers = refusal.getTrailers();
                // RFC 6750, as HTTP answers: name the error only when a token was sent
                trailers.put(WWW_AUTHENTICATE,
                        "Bearer realm=\"tributary\"" + (refused.tokenGiven() ? ", error=\"invalid_token\"" : ""));
                call.close(refusal.getStatus(), trailers);
            }
            case Verdict.Throttled throttled -> {
                var refusal = Statuses.throttled(throttled.retryAfter());
                call.close(refusal.getStatus(), refusal.getTrailers());
            }
            case Verdict.Deferred deferred -> throw new IllegalStateException("a deferred check was not run");
        }
        return new ServerCall.Listener<>() {};
    }

    /** The client's IP address, as HTTP counts failures against it (so both APIs share one throttle window). */
    private static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "unknown";
    }

    private static Optional<X509Certificate> certificate(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return Optional.of(leaf);
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // a client without a certificate may still send a key
        }
        return Optional.empty();
    }
}
