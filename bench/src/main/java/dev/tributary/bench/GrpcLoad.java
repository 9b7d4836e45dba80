package dev.tributary.bench;

import dev.tributary.server.grpc.v1.CloudEventBatch;
import dev.tributary.server.grpc.v1.PublishServiceGrpc;
import dev.tributary.server.grpc.v1.PublishStreamRequest;
import dev.tributary.server.grpc.v1.PublishStreamResponse;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes batches over gRPC's bidirectional {@code PublishStream} as fast as the node acknowledges them: each stream
 * keeps {@code --in-flight} batches unacknowledged, sending the next as an ack arrives. The counterpart of the
 * load generator's {@code --mode batch} over HTTP, with the same events (1 KB JSON data, batches of 100).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.tributary.bench.GrpcLoad --target 127.0.0.1:8081 --bus bench \
 *     [--streams 8] [--in-flight 4] [--batch 100] [--event-bytes 1024] [--warmup 15] [--duration 10] \
 *     [--results F --run N --label grpc]      (the token comes from $TRIBUTARY_TOKEN)
 * </pre>
 */
public final class GrpcLoad {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile boolean measuring;
    private volatile boolean stopping;

    private GrpcLoad() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("target", "bus", "streams", "in-flight", "batch", "event-bytes", "warmup",
                "duration", "results", "run", "label"));
        String[] target = args.string("target", "127.0.0.1:8081").split(":");
        String bus = args.string("bus", "bench");
        int streams = (int) args.number("streams", 8);
        int inFlight = (int) args.number("in-flight", 4);
        int batch = (int) args.number("batch", 100);
        String data = new String(BenchEvents.jsonData((int) args.number("event-bytes", 1024)), StandardCharsets.UTF_8);
        double warmup = args.decimal("warmup", 15);
        double duration = args.decimal("duration", 10);

        ManagedChannel channel = NettyChannelBuilder.forAddress(target[0], Integer.parseInt(target[1]))
                .usePlaintext()
                .maxInboundMessageSize(16 << 20)
                .build();
        GrpcLoad load = new GrpcLoad();
        String prefix = "gl-" + UUID.randomUUID() + "-";
        AtomicLong ids = new AtomicLong();
        PublishServiceGrpc.PublishServiceStub stub = PublishServiceGrpc.newStub(channel);
        String token = System.getenv("TRIBUTARY_TOKEN");
        if (token != null && !token.isBlank()) {
            stub = stub.withCallCredentials(bearer(token.strip()));
        }
        CountDownLatch done = new CountDownLatch(streams);
        List<Stream> all = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            Stream stream = load.new Stream(bus, batch, data, prefix, ids, done);
            stream.start(stub, inFlight);
            all.add(stream);
        }
        Thread.sleep((long) (warmup * 1000));
        load.events.set(0);
        load.measuring = true;
        long began = System.nanoTime();
        Thread.sleep((long) (duration * 1000));
        long measured = load.events.get();
        double seconds = (System.nanoTime() - began) / 1e9;
        load.measuring = false;
        load.stopping = true;
        all.forEach(Stream::finish);
        done.await(30, TimeUnit.SECONDS);
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);

        double thrpt = measured / seconds;
        System.out.printf(Locale.ROOT, "RESULT events=%d seconds=%.2f throughput=%.1f p50_ms=%.3f p99_ms=%.3f"
                        + " errors=%d%n", measured, seconds, thrpt, load.latency.percentileNanos(50) / 1e6,
                load.latency.percentileNanos(99) / 1e6, load.errors.get());
        if (args.has("results")) {
            ResultsFile results = new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1));
            String label = args.string("label", "grpc");
            results.put(label + ".thrpt", thrpt);
            results.put(label + ".p50", load.latency.percentileNanos(50) / 1e6);
            results.put(label + ".p99", load.latency.percentileNanos(99) / 1e6);
            results.put(label + ".errors", load.errors.get());
        }
    }

    /** One PublishStream call keeping its batches in flight. */
    private final class Stream implements StreamObserver<PublishStreamResponse> {
        private final String bus;
        private final int batch;
        private final CloudEvent.Builder template;
        private final String prefix;
        private final AtomicLong ids;
        private final CountDownLatch done;
        private final java.util.concurrent.ConcurrentHashMap<Long, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        private StreamObserver<PublishStreamRequest> requests;
        private long sequence;

        Stream(String bus, int batch, String data, String prefix, AtomicLong ids, CountDownLatch done) {
            this.bus = bus;
            this.batch = batch;
            this.prefix = prefix;
            this.ids = ids;
            this.done = done;
            this.template = CloudEvent.newBuilder().setSpecVersion("1.0").setSource(BenchEvents.SOURCE.toString())
                    .setType(BenchEvents.TYPE)
                    .putAttributes("datacontenttype", CloudEventAttributeValue.newBuilder()
                            .setCeString("application/json").build())
                    .setTextData(data);
        }

        void start(PublishServiceGrpc.PublishServiceStub stub, int inFlight) {
            requests = stub.publishStream(this);
            for (int i = 0; i < inFlight; i++) {
                send();
            }
        }

        private synchronized void send() {
            if (stopping) {
                return;
            }
            CloudEventBatch.Builder events = CloudEventBatch.newBuilder();
            for (int i = 0; i < batch; i++) {
                events.addEvents(template.setId(prefix + ids.getAndIncrement()).build());
            }
            long seq = sequence++;
            sentAt.put(seq, System.nanoTime());
            requests.onNext(PublishStreamRequest.newBuilder().setBus(bus).setSequence(seq).setBatch(events).build());
        }

        synchronized void finish() {
            requests.onCompleted();
        }

        @Override
        public void onNext(PublishStreamResponse ack) {
            Long sent = sentAt.remove(ack.getSequence());
            if (ack.hasError()) {
                errors.incrementAndGet();
            } else {
                events.addAndGet(ack.getPositionsCount());
                if (measuring && sent != null) {
                    latency.record(System.nanoTime() - sent);
                }
            }
            send();
        }

        @Override
        public void onError(Throwable t) {
            if (!stopping) {
                errors.incrementAndGet();
                System.err.println("stream failed: " + t);
            }
            done.countDown();
        }

        @Override
        public void onCompleted() {
            done.countDown();
        }
    }

    private static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(headers);
            }
        };
    }
}
