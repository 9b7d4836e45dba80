package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.CloudEventJson;
import dev.tributary.core.EventRules;
import dev.tributary.core.InvalidEventException;
import dev.tributary.core.Names;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary publish}: one event built from flags (sent in structured mode), or an NDJSON file of structured
 * events sent as batches. Lines are validated locally with the server's own codec first, so a bad line is reported
 * with its number and its batch is not sent.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes events to a bus (or appends them to a stream with --stream).",
            "Either one event from --type/--source/… or, with --file, one structured JSON CloudEvent per line "
                    + "(--file - reads standard input), sent in batches."
        })
final class PublishCommand implements Callable<Integer> {
    private static final String STRUCTURED = "application/cloudevents+json";
    private static final String BATCH = "application/cloudevents-batch+json";

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "BUS", description = "The bus.")
    String bus;

    @ArgGroup(exclusive = false, heading = "One event:%n")
    Single single;

    @ArgGroup(exclusive = false, heading = "Events from a file:%n")
    FromFile fromFile;

    @Option(names = "--stream", paramLabel = "STREAM", description = "Append to this stream (atomically per request).")
    String stream;

    @Option(
            names = "--expected-version",
            paramLabel = "V",
            description = "With --stream: any (default), no_stream, exists or a version number.")
    String expectedVersion;

    @Option(names = "--output", paramLabel = "json|ndjson", description = "Output format for one event (default json).")
    OutputFormat output = OutputFormat.json;

    static final class Single {
        @Option(names = "--type", required = true, description = "Event type (required).")
        String type;

        @Option(names = "--source", required = true, description = "Event source, a URI-reference (required).")
        String source;

        @Option(names = "--id", description = "Event id (default: a random UUID).")
        String id;

        @Option(names = "--subject", description = "Event subject.")
        String subject;

        @Option(names = "--time", description = "Event time, RFC 3339 (default: now).")
        String time;

        @Option(names = "--data", description = "The data as text.")
        String data;

        @Option(names = "--data-file", paramLabel = "PATH", description = "The data, read from a file byte for byte.")
        Path dataFile;

        @Option(
                names = "--content-type",
                description = "datacontenttype (default: application/json if the data is JSON, else text/plain; "
                        + "charset=utf-8 for --data, application/octet-stream for --data-file).")
        String contentType;

        @Option(names = "--ext", paramLabel = "KEY=VALUE", description = "An extension attribute (string), repeatable.")
        Map<String, String> extensions = new LinkedHashMap<>();

        @Option(names = "--partition-key", paramLabel = "K", description = "Sets the partitionkey extension.")
        String partitionKey;
    }

    static final class FromFile {
        @Option(names = "--file", required = true, paramLabel = "PATH", description = "NDJSON file of events, - for stdin.")
        String file;

        @Option(names = "--batch-size", paramLabel = "N", description = "Events per request (default 500).")
        int batchSize = 500;

        @Option(names = "--batch-bytes", paramLabel = "N", description = "Largest request body (default 4194304).")
        int batchBytes = 4 * 1024 * 1024;

        @Option(names = "--quiet", description = "Print only a summary instead of one line per event.")
        boolean quiet;

        @Option(names = "--retries", paramLabel = "N", description = "After a 503, send what was not stored again up to "
                + "N times, waiting as long as the server's Retry-After says (at most 60 s; default 3).")
        int retries = 3;
    }

    @Override
    public Integer call() throws IOException {
        checked(bus);
        if (stream != null) {
            try {
                Names.requireStreamId(stream);
            } catch (IllegalArgumentException e) {
                throw usage("--stream: " + e.getMessage());
            }
        } else if (expectedVersion != null) {
            throw usage("--expected-version needs --stream");
        }
        if (expectedVersion != null && !isExpectedVersion(expectedVersion)) {
            throw usage("--expected-version: must be any, no_stream, exists or a version number >= 0, was '"
                    + expectedVersion + "'");
        }
        if ((single == null) == (fromFile == null)) {
            throw usage("give either --type and --source (one event) or --file (many)");
        }
        return single != null ? publishOne() : publishFile();
    }

    private String checked(String busName) {
        try {
            return Names.requireBusName(busName);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private int publishOne() throws IOException {
        CloudEvent event = buildEvent();
        JsonNode result = client.client().post(path(expectedVersion), STRUCTURED, CloudEventJson.toJson(event));
        output.print(result, CliContext.of(spec).out());
        return Cli.OK;
    }

    CloudEvent buildEvent() throws IOException {
        if (single.data != null && single.dataFile != null) {
            throw usage("give --data or --data-file, not both");
        }
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(single.id != null ? single.id : UUID.randomUUID().toString())
                .withType(single.type);
        try {
            b.withSource(new URI(single.source));
        } catch (URISyntaxException e) {
            throw usage("--source: must be a URI-reference, was '" + single.source + "'");
        }
        if (single.subject != null) {
            b.withSubject(single.subject);
        }
        try {
            b.withTime(single.time != null ? EventRules.time(single.time) : OffsetDateTime.now(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw usage("--time: " + e.getMessage());
        }
        for (Map.Entry<String, String> ext : single.extensions.entrySet()) {
            try {
                b.withExtension(EventRules.extensionName(ext.getKey()), ext.getValue());
            } catch (IllegalArgumentException e) {
                throw usage("--ext " + ext.getKey() + ": " + e.getMessage());
            }
        }
        if (single.partitionKey != null) {
            b.withExtension(EventRules.PARTITION_KEY, single.partitionKey);
        }
        byte[] data = null;
        String contentType = single.contentType;
        if (single.data != null) {
            data = single.data.getBytes(StandardCharsets.UTF_8);
            if (contentType == null) {
                contentType = isJson(data) ? "application/json" : "text/plain; charset=utf-8";
            }
        } else if (single.dataFile != null) {
            data = Files.readAllBytes(single.dataFile);
            if (contentType == null) {
                contentType = isJson(data) ? "application/json" : "application/octet-stream";
            }
        }
        if (data != null) {
            b.withData(contentType, data);
        } else if (contentType != null) {
            b.withDataContentType(contentType);
        }
        try {
            return EventRules.check(b.build());
        } catch (InvalidEventException e) {
            throw usage("--" + flagOf(e.field()) + ": " + e.reason());
        }
    }

    private static String flagOf(String attribute) {
        return switch (attribute) {
            case "datacontenttype" -> "content-type";
            case "type", "source", "id", "subject", "time" -> attribute;
            default -> "ext " + attribute;
        };
    }

    private int publishFile() throws IOException {
        FromFile f = fromFile;
        if (f.retries < 0 || f.retries > 100) {
            throw usage("--retries: must be within 0..100, was " + f.retries);
        }
        if (f.batchSize < 1 || f.batchSize > 100_000) {
            throw usage("--batch-size: must be within 1..100000, was " + f.batchSize);
        }
        if (f.batchBytes < 1024) {
            throw usage("--batch-bytes: must be at least 1024, was " + f.batchBytes);
        }
        CliContext context = CliContext.of(spec);
        ApiClient api = client.client();
        InputStream in = f.file.equals("-") ? context.in() : Files.newInputStream(Path.of(f.file));
        Summary summary = new Summary();
        String nextExpected = expectedVersion;
        try (in) {
            LineReader reader = new LineReader(in);
            Batch batch = new Batch();
            byte[] bytes;
            int number = 0;
            while ((bytes = reader.next()) != null) {
                number++;
                if (bytes.length == 0) {
                    continue;
                }
                if (!batch.isEmpty() && (batch.size() == f.batchSize || batch.bytes() + bytes.length + 2 > f.batchBytes)) {
                    nextExpected = send(api, batch, nextExpected, summary, context);
                    batch = new Batch();
                }
                try {
                    CloudEventJson.parseEvent(bytes);
                } catch (InvalidEventException e) {
                    throw new CliExceptions.BadInput(where(number) + ": " + e.getMessage() + "; the batch of lines "
                            + (batch.isEmpty() ? number : batch.firstLine()) + ".." + number
                            + " was not sent (" + summary.events + " events sent before it)");
                }
                batch.add(number, bytes);
            }
            if (!batch.isEmpty()) {
                send(api, batch, nextExpected, summary, context);
            }
        }
        if (f.quiet) {
            ObjectNode s = OutputFormat.MAPPER.createObjectNode();
            s.put("events", summary.events);
            s.put("duplicates", summary.duplicates);
            s.put("batches", summary.batches);
            OutputFormat.ndjson.print(s, context.out());
        }
        return Cli.OK;
    }

    private String where(int line) {
        return (fromFile.file.equals("-") ? "stdin" : fromFile.file) + " line " + line;
    }

    /**
     * Sends one batch; returns the expected version for the next batch of a stream append. A 503 is retried up to
     * {@code --retries} times after the server's {@code Retry-After}: when it says which events were stored
     * ({@code partially-stored}, ADR 0010) only the others are sent again; otherwise nothing was stored and the whole
     * batch goes again (harmless either way: the bus deduplicates by source and id).
     */
    private String send(ApiClient api, Batch batch, String expected, Summary summary, CliContext context) {
        Batch pending = batch;
        for (int attempt = 0; ; attempt++) {
            JsonNode answer;
            try {
                answer = api.post(path(expected), BATCH, pending.body());
            } catch (CliExceptions.ServerProblem problem) {
                if (problem.status != 503 || attempt >= fromFile.retries) {
                    throw problem;
                }
                pending = unstored(pending, problem, summary, context);
                int wait = Math.min(MAX_RETRY_WAIT_SECONDS, Math.max(0, problem.retryAfterSeconds < 0
                        ? 1 : problem.retryAfterSeconds));
                context.err().println("tributary: " + pending.size() + " events (lines " + pending.describeLines()
                        + ") were not stored: " + problem.getMessage() + "; sending them again in " + wait + " s");
                context.err().flush();
                pause(wait);
                continue;
            }
            summary.batches++;
            report(answer == null ? null : answer.get("results"), pending, summary, context);
            if (stream != null && answer != null && answer.has("currentVersion")) {
                // The next batch continues exactly where this one ended, keeping the appends in order.
                return answer.get("currentVersion").asText();
            }
            return expected;
        }
    }

    /** What of {@code sent} a 503 left unstored: the events its {@code results} mark with an error, else all. */
    private Batch unstored(Batch sent, CliExceptions.ServerProblem problem, Summary summary, CliContext context) {
        JsonNode results = problem.problem.path("results");
        if (!problem.type().equals("partially-stored") || results.size() != sent.size()) {
            return sent;
        }
        Batch failed = new Batch();
        ArrayNode stored = OutputFormat.MAPPER.createArrayNode();
        Batch storedLines = new Batch();
        for (int i = 0; i < sent.size(); i++) {
            if (results.get(i).has("error")) {
                failed.add(sent.lines.get(i), sent.events.get(i));
            } else {
                stored.add(results.get(i));
                storedLines.add(sent.lines.get(i), sent.events.get(i));
            }
        }
        report(stored, storedLines, summary, context);
        return failed;
    }

    private void report(JsonNode results, Batch batch, Summary summary, CliContext context) {
        if (results == null) {
            return;
        }
        int i = 0;
        for (JsonNode result : results) {
            summary.events++;
            if (result.path("duplicate").asBoolean(false)) {
                summary.duplicates++;
            }
            if (!fromFile.quiet) {
                ObjectNode line = OutputFormat.MAPPER.createObjectNode();
                line.put("line", i < batch.lines.size() ? batch.lines.get(i) : -1);
                line.setAll((ObjectNode) result);
                OutputFormat.ndjson.print(line, context.out());
            }
            i++;
        }
    }

    private static void pause(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to send again", e);
        }
    }

    private String path(String expected) {
        if (stream == null) {
            return "/v1/buses/" + bus + "/events";
        }
        String p = "/v1/buses/" + bus + "/streams/" + URLEncoder.encode(stream, StandardCharsets.UTF_8) + "/events";
        return expected == null ? p : p + "?expectedVersion=" + expected;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static boolean isExpectedVersion(String v) {
        if (v.equals("any") || v.equals("no_stream") || v.equals("exists")) {
            return true;
        }
        try {
            return Long.parseLong(v) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isJson(byte[] data) {
        if (data.length == 0) {
            return false;
        }
        try (var parser = OutputFormat.MAPPER.createParser(data)) {
            parser.readValueAsTree();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static final int MAX_RETRY_WAIT_SECONDS = 60;

    private static final class Summary {
        long events;
        long duplicates;
        long batches;
    }

    /** Lines of one batch request, kept as the bytes read so the data goes out exactly as written. */
    private static final class Batch {
        final List<Integer> lines = new ArrayList<>();
        final List<byte[]> events = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        void add(int line, byte[] json) {
            body.write(lines.isEmpty() ? '[' : ',');
            body.writeBytes(json);
            lines.add(line);
            events.add(json);
        }

        /** {@code 3, 7, 9} or, for many, {@code 3..912}. */
        String describeLines() {
            if (lines.size() <= 5) {
                return lines.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
            }
            return lines.get(0) + ".." + lines.get(lines.size() - 1);
        }

        boolean isEmpty() {
            return lines.isEmpty();
        }

        int size() {
            return lines.size();
        }

        int bytes() {
            return body.size() + 1;
        }

        int firstLine() {
            return lines.get(0);
        }

        byte[] body() {
            byte[] b = body.toByteArray();
            byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
            out[b.length] = ']';
            return out;
        }
    }

    /** Reads lines as bytes (no charset round trip), without the line end and surrounding spaces and tabs. */
    private static final class LineReader {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineReader(InputStream in) {
            this.in = new java.io.BufferedInputStream(in, 64 * 1024);
        }

        byte[] next() throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            int from = 0;
            int to = bytes.length;
            while (from < to && isSpace(bytes[from])) from++;
            while (to > from && isSpace(bytes[to - 1])) to--;
            return java.util.Arrays.copyOfRange(bytes, from, to);
        }

        private static boolean isSpace(byte b) {
            return b == ' ' || b == '\t' || b == '\r';
        }
    }
}
