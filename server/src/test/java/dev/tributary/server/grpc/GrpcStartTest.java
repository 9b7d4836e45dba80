package dev.tributary.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.server.Node;
import dev.tributary.server.NodeConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC listener starts and stops with the node, on the port its settings give. */
class GrpcStartTest {
    @TempDir
    Path dir;

    @Test
    void grpcPortZeroTurnsGrpcOff() {
        try (Node node = Node.start(NodeConfig.defaults().withPort(0).withGrpcPort(NodeConfig.GRPC_OFF)
                .withDataDir(dir))) {
            assertThat(node.grpcPort()).isZero();
            assertThat(node.port()).isPositive();
        }
    }

    @Test
    void aTakenGrpcPortStopsTheStartNamingItAndReleasesTheDataDirectory() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            NodeConfig config = NodeConfig.defaults().withPort(0).withGrpcPort(taken.getLocalPort()).withDataDir(dir);

            assertThatThrownBy(() -> Node.start(config))
                    .hasMessageContaining("cannot serve gRPC on 127.0.0.1:" + taken.getLocalPort());
        }
        try (Node again = Node.start(NodeConfig.defaults().withPort(0).withDataDir(dir))) {
            assertThat(again.grpcPort()).isPositive();
        }
    }
}
