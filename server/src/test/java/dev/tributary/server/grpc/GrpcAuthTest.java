package dev.tributary.server.grpc;

import static dev.tributary.server.grpc.GrpcTestNode.authorization;
import static dev.tributary.server.grpc.GrpcTestNode.bearer;
import static dev.tributary.server.grpc.GrpcTestNode.details;
import static dev.tributary.server.grpc.ProtoFixtures.detail;
import static dev.tributary.server.grpc.ProtoFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.auth.AuthSettings;
import dev.tributary.server.auth.JwtSettings;
import dev.tributary.server.grpc.v1.FollowRequest;
import dev.tributary.server.grpc.v1.PublishRequest;
import dev.tributary.server.grpc.v1.PublishServiceGrpc;
import dev.tributary.server.grpc.v1.ReadAllRequest;
import dev.tributary.server.grpc.v1.ReadPartitionRequest;
import dev.tributary.server.grpc.v1.ReadServiceGrpc;
import io.grpc.CallCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same credentials and scopes as HTTP, checked by the same authenticator; health and reflection need none. */
class GrpcAuthTest {
    @TempDir
    Path dir;

    GrpcTestNode node;

    @BeforeEach
    void start() {
        node = new GrpcTestNode(NodeConfig.defaults().withPort(0).withDataDir(dir)
                .withAuth(new AuthSettings(true, Optional.empty(), AuthSettings.DEFAULT_OPEN, 5)));
        node.createBus("orders", 1);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aCallWithoutACredentialIsUnauthenticated() {
        StatusRuntimeException refusal = publishAs(null, "orders");

        assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refusal.getStatus().getDescription()).contains("needs a credential").contains("missing-credential");
        assertThat(detail(details(refusal), ErrorInfo.class).getMetadataMap()).containsEntry("reason", "missing-credential");
        assertThat(refusal.getTrailers().get(CallAuthentication.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"tributary\"");
    }

    @Test
    void aBadOrUnknownCredentialIsUnauthenticatedWithTheSameReasonsAsHttp() {
        assertThat(publishAs(authorization("Basic dXNlcjpwYXNz"), "orders").getStatus().getDescription())
                .contains("malformed-credential");
        assertThat(publishAs(bearer("tbk_aaaaaaaaaaaa_" + "A".repeat(43)), "orders").getStatus().getDescription())
                .contains("unknown-key");
        assertThat(publishAs(bearer("not-a-jwt"), "orders").getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aValidKeyWithTheScopeWorksAndAWrongScopeIsPermissionDeniedNamingTheScope() {
        String reader = node.createKey("reader", "read:orders");
        String publisher = node.createKey("publisher", "publish:orders");

        assertThat(PublishServiceGrpc.newBlockingStub(node.channel).withCallCredentials(bearer(publisher))
                .publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("e")).build())
                .getPosition().getOffset()).isZero();
        StatusRuntimeException denied = publishAs(bearer(reader), "orders");

        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(denied.getStatus().getDescription()).isEqualTo("requires scope publish:orders");
        assertThat(detail(details(denied), ErrorInfo.class).getMetadataMap()).containsEntry("scope", "publish:orders");
        assertThat(ReadServiceGrpc.newBlockingStub(node.channel).withCallCredentials(bearer(reader))
                .readPartition(ReadPartitionRequest.newBuilder().setBus("orders").build()).getEventsCount()).isOne();
    }

    @Test
    void readingOrFollowingTheGlobalOrderNeedsReadOnTheBus() {
        String publisher = node.createKey("publisher", "publish:orders", "read:payments");
        String reader = node.createKey("reader", "read:orders");
        var denied = ReadServiceGrpc.newBlockingStub(node.channel).withCallCredentials(bearer(publisher));

        StatusRuntimeException read = catchThrowableOfType(StatusRuntimeException.class, () -> denied
                .readAll(ReadAllRequest.newBuilder().setBus("orders").setCategory("order").build()));
        StatusRuntimeException follow = catchThrowableOfType(StatusRuntimeException.class, () -> denied
                .follow(FollowRequest.newBuilder().setBus("orders").setAll(true).build()).hasNext());

        assertThat(read.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(read.getStatus().getDescription()).isEqualTo("requires scope read:orders");
        assertThat(follow.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(ReadServiceGrpc.newBlockingStub(node.channel).withCallCredentials(bearer(reader))
                .readAll(ReadAllRequest.newBuilder().setBus("orders").build()).getEndPosition()).isZero();
    }

    @Test
    void anUnauthorizedCallerCannotTellWhetherABusExists() {
        String other = node.createKey("other", "publish:payments");

        StatusRuntimeException existing = publishAs(bearer(other), "orders");
        StatusRuntimeException missing = publishAs(bearer(other), "no-such-bus");

        assertThat(existing.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(publishAs(bearer(node.adminToken), "no-such-bus").getStatus().getCode())
                .as("one who may see every bus learns it is missing").isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void anAddressThatKeepsFailingIsThrottledForTheRestOfItsMinuteOverBothApis() {
        for (int i = 0; i < 5; i++) {
            assertThat(publishAs(bearer("tbk_aaaaaaaaaaaa_" + "B".repeat(43)), "orders").getStatus().getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        StatusRuntimeException throttled = publishAs(bearer(node.adminToken), "orders");

        assertThat(throttled.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(detail(details(throttled), RetryInfo.class).getRetryDelay().getSeconds()).isPositive();
        assertThat(node.http("GET", "/v1/buses", null, null).statusCode()).isEqualTo(429);
    }

    @Test
    void acceptsJwtsFromTheConfiguredProviderWithTheScopesTheyList(@TempDir Path other) throws Exception {
        var key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = Files.writeString(other.resolve("jwks.json"),
                new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString());
        var jwt = new JwtSettings(jwks.toString(), "https://id.example.com", "tributary", "scope", Duration.ofSeconds(30));
        try (GrpcTestNode oidc = new GrpcTestNode(NodeConfig.defaults().withPort(0).withDataDir(other.resolve("data"))
                .withAuth(new AuthSettings(true, Optional.of(jwt), AuthSettings.DEFAULT_OPEN, 100)))) {
            oidc.createBus("orders", 1);
            var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("https://id.example.com")
                    .subject("svc-checkout").audience("tributary").claim("scope", "openid publish:orders")
                    .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(300))).build();
            var signed = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(
                    com.nimbusds.jose.JWSAlgorithm.RS256).keyID("k1").build(), claims);
            signed.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
            String token = signed.serialize();

            assertThat(PublishServiceGrpc.newBlockingStub(oidc.channel).withCallCredentials(bearer(token))
                    .publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("j-1")).build())
                    .getPosition().getOffset()).isZero();
            StatusRuntimeException read = catchThrowableOfType(StatusRuntimeException.class, () -> ReadServiceGrpc
                    .newBlockingStub(oidc.channel).withCallCredentials(bearer(token))
                    .readPartition(ReadPartitionRequest.newBuilder().setBus("orders").build()));
            assertThat(read.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            StatusRuntimeException tampered = catchThrowableOfType(StatusRuntimeException.class, () -> PublishServiceGrpc
                    .newBlockingStub(oidc.channel)
                    .withCallCredentials(bearer(token.substring(0, token.length() - 4) + "AAAA"))
                    .publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("j-2")).build()));
            assertThat(tampered.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
    }

    @Test
    void aNodeWithAuthOffNeedsNoCredential(@TempDir Path other) {
        try (GrpcTestNode open = new GrpcTestNode(NodeConfig.defaults().withPort(0).withDataDir(other)
                .withAuth(AuthSettings.none()))) {
            open.createBus("orders", 1);
            assertThat(PublishServiceGrpc.newBlockingStub(open.channel)
                    .publish(PublishRequest.newBuilder().setBus("orders").setEvent(event("e")).build())
                    .getPosition().getOffset()).isZero();
        }
    }

    @Test
    void healthAndReflectionAnswerWithoutACredential() throws Exception {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(node.channel)
                .check(HealthCheckRequest.newBuilder().build());
        HealthCheckResponse publishing = HealthGrpc.newBlockingStub(node.channel)
                .check(HealthCheckRequest.newBuilder().setService("tributary.v1.PublishService").build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(publishing.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> reflection = ServerReflectionGrpc.newStub(node.channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        reflection.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> services = answer.get(20, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList();
        reflection.onCompleted();

        assertThat(services).contains("tributary.v1.PublishService", "tributary.v1.ReadService",
                "grpc.health.v1.Health");
    }

    private StatusRuntimeException publishAs(CallCredentials credentials, String bus) {
        var stub = PublishServiceGrpc.newBlockingStub(node.channel);
        var withCredentials = credentials == null ? stub : stub.withCallCredentials(credentials);
        return catchThrowableOfType(StatusRuntimeException.class, () -> withCredentials
                .publish(PublishRequest.newBuilder().setBus(bus).setEvent(event("e")).build()));
    }
}
