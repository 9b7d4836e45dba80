package dev.tributary.bench;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.tributary.server.grpc.v1.PublishServiceGrpc;
import dev.tributary.server.grpc.v1.PublishStreamRequest;
import dev.tributary.server.grpc.v1.PublishStreamResponse;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
        CallOptions options = CallOptions.DEFAULT;
        String token = System.getenv("TRIBUTARY_TOKEN");
        if (token != null && !token.isBlank()) {
            options = options.withCallCredentials(bearer(token.strip()));
        }
        CountDownLatch done = new CountDownLatch(streams);
        List<Stream> all = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            Stream stream = load.new Stream(bus, batch, data, prefix, ids, done);
            stream.start(channel, options, inFlight);
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

    /**
     * One PublishStream call keeping its batches in flight. Requests go out as bytes written straight in the Protobuf
     * wire format (the event without its id is encoded once; each event adds its id), as the HTTP load generator
     * appends JSON bytes: both sides of the comparison then spend on the node what they are measured by, not on
     * building messages in the generator, which shares the node's cores. The node parses them as any client's.
     */
    private final class Stream implements StreamObserver<PublishStreamResponse> {
        private final byte[] bus;
        private final int batch;
        /** Every event's fields but its id, and their encoding. */
        private final CloudEvent template;
        private final byte[] rest;
        private final String prefix;
        private final AtomicLong ids;
        private final CountDownLatch done;
        private final java.util.concurrent.ConcurrentHashMap<Long, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        private StreamObserver<byte[]> requests;
        private long sequence;

        Stream(String bus, int batch, String data, String prefix, AtomicLong ids, CountDownLatch done) {
            this.bus = bus.getBytes(StandardCharsets.UTF_8);
            this.batch = batch;
            this.prefix = prefix;
            this.ids = ids;
            this.done = done;
            this.template = CloudEvent.newBuilder().setSpecVersion("1.0").setSource(BenchEvents.SOURCE.toString())
                    .setType(BenchEvents.TYPE)
                    .putAttributes("datacontenttype", CloudEventAttributeValue.newBuilder()
                            .setCeString("application/json").build())
                    .setTextData(data)
                    .build();
            this.rest = template.toByteArray();
        }

        void start(Channel channel, CallOptions options, int inFlight) throws InvalidProtocolBufferException {
            PublishStreamRequest probe = PublishStreamRequest.parseFrom(request(Long.MAX_VALUE));
            if (!probe.getBus().equals(new String(bus, StandardCharsets.UTF_8)) || probe.getSequence() != Long.MAX_VALUE
                    || probe.getBatch().getEventsCount() != batch || probe.getBatch().getEvents(0).getId().isEmpty()
                    || !probe.getBatch().getEvents(0).getTextData().equals(template.getTextData())) {
                throw new IllegalStateException("the hand-written request does not read back: " + probe);
            }
            requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(PUBLISH_STREAM_BYTES, options), this);
            for (int i = 0; i < inFlight; i++) {
                send();
            }
        }

        private synchronized void send() {
            if (stopping) {
                return;
            }
            long seq = sequence++;
            sentAt.put(seq, System.nanoTime());
            requests.onNext(request(seq));
        }

        /** PublishStreamRequest {bus = 1, sequence = 2, batch = 4 {events = 1 {id = 1, the rest}...}}. */
        private byte[] request(long seq) {
            byte[][] idFields = new byte[batch][];
            int[] eventBytes = new int[batch];
            int batchBytes = 0;
            for (int i = 0; i < batch; i++) {
                idFields[i] = (prefix + ids.getAndIncrement()).getBytes(StandardCharsets.US_ASCII);
                eventBytes[i] = CodedOutputStream.computeByteArraySize(1, idFields[i]) + rest.length;
                batchBytes += CodedOutputStream.computeUInt32SizeNoTag(eventBytes[i]) + 1 + eventBytes[i];
            }
            int total = CodedOutputStream.computeByteArraySize(1, bus) + CodedOutputStream.computeUInt64Size(2, seq)
                    + 1 + CodedOutputStream.computeUInt32SizeNoTag(batchBytes) + batchBytes;
            byte[] out = new byte[total];
            CodedOutputStream wire = CodedOutputStream.newInstance(out);
            try {
                wire.writeByteArray(1, bus);
                wire.writeUInt64(2, seq);
                wire.writeTag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                wire.writeUInt32NoTag(batchBytes);
                for (int i = 0; i < batch; i++) {
                    wire.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    wire.writeUInt32NoTag(eventBytes[i]);
                    wire.writeByteArray(1, idFields[i]);
                    wire.writeRawBytes(rest);
                }
                wire.checkNoSpaceLeft();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out;
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

    /** PublishStream with requests passed as the bytes of their encoding. */
    private static final MethodDescriptor<byte[], PublishStreamResponse> PUBLISH_STREAM_BYTES =
            PublishServiceGrpc.getPublishStreamMethod().toBuilder(new MethodDescriptor.Marshaller<byte[]>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    throw new UnsupportedOperationException("requests are only sent");
                }
            }, ProtoUtils.marshaller(PublishStreamResponse.getDefaultInstance())).build();

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
