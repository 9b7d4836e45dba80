package dev.tributary.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The health service follows the node's readiness, for the server and each service. */
class GrpcHealthTest {
    @Test
    void reportsNotServingWhileTheNodeIsNotReadyAndForGoodOnceStopped() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(true);
        Health health = new Health(ready::get, List.of("tributary.v1.PublishService"));
        Server server = NettyServerBuilder.forPort(0).addService(health.service()).build().start();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.getPort(),
                InsecureChannelCredentials.create()).build();
        try {
            var probe = HealthGrpc.newBlockingStub(channel);
            HealthCheckRequest all = HealthCheckRequest.newBuilder().build();
            HealthCheckRequest publishing = HealthCheckRequest.newBuilder().setService("tributary.v1.PublishService")
                    .build();
            assertThat(probe.check(all).getStatus()).isEqualTo(ServingStatus.SERVING);

            ready.set(false);
            health.refresh();
            assertThat(probe.check(all).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(probe.check(publishing).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);

            ready.set(true);
            health.refresh();
            assertThat(probe.check(publishing).getStatus()).isEqualTo(ServingStatus.SERVING);
            health.stop();
            health.refresh();
            assertThat(probe.check(all).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
