package dev.tributary.server.grpc;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code grpc.health.v1.Health} for probes (Kubernetes' gRPC probe, grpc_health_probe, grpcurl): SERVING while the
 * node is ready, as {@code /health/ready} says it (serving, and the storage takes writes), NOT_SERVING otherwise; for
 * the whole server ({@code ""}) and for each Tributary service by name. {@link #refresh} is called periodically, so a
 * watch sees a change within a period. Thread-safe.
 */
final class Health {
    private final HealthStatusManager manager = new HealthStatusManager();
    private final BooleanSupplier ready;
    private final List<String> services;

    Health(BooleanSupplier ready, List<String> services) {
        this.ready = ready;
        this.services = List.copyOf(services);
        refresh();
    }

    BindableService service() {
        return manager.getHealthService();
    }

    void refresh() {
        ServingStatus status = ready.getAsBoolean() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        manager.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        services.forEach(name -> manager.setStatus(name, status));
    }

    /** Stopping: NOT_SERVING for good, so that probes stop sending work before the port closes. */
    void stop() {
        manager.enterTerminalState();
    }
}
