package dev.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Creates {@code --buses} buses named {@code <prefix>0 … <prefix>N-1} of {@code --partitions} partitions each on a
 * running node, {@code --parallel} requests at a time, and prints {@code RESULT buses=N seconds=S}. An existing bus
 * (409) counts as created.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.tributary.bench.ManyBuses --url http://127.0.0.1:8080 --buses 2500 \
 *     --partitions 4 [--prefix many-] [--parallel 16]
 * </pre>
 */
public final class ManyBuses {
    private ManyBuses() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("url", "buses", "partitions", "prefix", "parallel"));
        String base = args.string("url", "http://127.0.0.1:8080");
        int buses = (int) args.number("buses", 2500);
        int partitions = (int) args.number("partitions", 4);
        String prefix = args.string("prefix", "many-");
        Semaphore parallel = new Semaphore((int) args.number("parallel", 16));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int n = 0; n < buses; n++) {
            String body = "{\"name\":\"" + prefix + n + "\",\"partitions\":" + partitions + "}";
            parallel.acquire();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/buses"));
            Credentials.fromEnvironment().ifPresent(auth -> request.header("authorization", auth));
            all.add(http.sendAsync(request
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> {
                        if (r.statusCode() != 201 && r.statusCode() != 409) {
                            throw new IllegalStateException("creating " + body + " answered " + r.statusCode() + " "
                                    + r.body());
                        }
                    })
                    .whenComplete((ok, failure) -> parallel.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        System.out.printf("RESULT buses=%d seconds=%.1f%n", buses, (System.nanoTime() - start) / 1e9);
    }
}
