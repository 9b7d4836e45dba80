package dev.tributary.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A catch-up reader of a bus's global order over HTTP: pages of {@code --limit} events as NDJSON
 * ({@code GET /v1/buses/{bus}/all/events}), each from the {@code Tributary-Next} of the one before, from the first
 * position to the end and again, for {@code --duration} seconds after {@code --warmup}. Prints and records
 * {@code <label>.thrpt} in events/s.
 *
 * <pre>
 * AllReadLoad --url http://127.0.0.1:8080 --bus ordered --limit 1000 --warmup 3 --duration 10
 *     [--results results.tsv --run 1 --label store.all.http]
 * </pre>
 */
public final class AllReadLoad {
    private static final Set<String> OPTIONS =
            Set.of("url", "bus", "limit", "warmup", "duration", "results", "run", "label");

    private AllReadLoad() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, OPTIONS);
        URI base = URI.create(args.string("url", "http://127.0.0.1:8080"));
        String bus = args.string("bus", "bench");
        int limit = (int) args.number("limit", 1000);
        double warmup = args.number("warmup", 3);
        double duration = args.number("duration", 10);
        Optional<String> auth = Credentials.fromEnvironment();
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long measureTo = measureFrom + (long) (duration * 1e9);
        long events = 0;
        long measuredTo = measureFrom;
        long next = -1; // -1: from the first readable position
        while (System.nanoTime() < measureTo) {
            String query = "limit=" + limit + (next >= 0 ? "&from=" + next : "");
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/buses/" + bus + "/all/events?" + query))
                    .header("accept", "application/x-ndjson");
            auth.ifPresent(a -> request.header("authorization", a));
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("reading from " + next + " answered " + response.statusCode() + ": "
                        + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            long lines = 0;
            try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                while (body.readLine() != null) {
                    lines++;
                }
            }
            long now = System.nanoTime();
            if (now >= measureFrom) {
                events += lines;
                measuredTo = now;
            }
            long after = Long.parseLong(response.headers().firstValue("Tributary-Next").orElseThrow());
            next = lines < limit ? -1 : after; // at the end: from the start again
        }
        double seconds = (measuredTo - measureFrom) / 1e9;
        double rate = events / seconds;
        System.out.printf("RESULT events=%d seconds=%.2f throughput=%.1f%n", events, seconds, rate);
        if (args.has("results")) {
            new ResultsFile(Path.of(args.string("results", "")), (int) args.number("run", 1))
                    .put(args.string("label", "store.all.http") + ".thrpt", rate);
        }
    }
}
