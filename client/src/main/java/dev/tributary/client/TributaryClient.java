package dev.tributary.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.eventstore.DeleteMode;
import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.Snapshot;
import dev.tributary.core.eventstore.StreamMetadata;
import dev.tributary.core.eventstore.StreamState;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client of one Tributary node's HTTP API (docs/http-api.md): publishes CloudEvents, appends to streams with
 * expected versions, reads partitions and streams, and manages buses. Made by {@link #builder(String)}; every call
 * is synchronous and returns once the node answered, a publish or append once the events are durable.
 *
 * <p>Thread-safe: one client is meant to be shared by an application's threads, as it holds a pool of connections.
 * Close it when done.
 *
 * <p>Failures: a refusal by the node (any answer outside 2xx) is a {@link TributaryException} whose
 * {@link TributaryException#kind() kind} tells 401, 403, 404, 409, 429 and the others apart; no answer at all is a
 * {@link TributaryConnectionException} naming the URL and the cause; a misused argument is an
 * {@link IllegalArgumentException}. The credential appears in no message and no {@code toString}.
 */
public final class TributaryClient implements AutoCloseable {
    /** The environment variable {@link Builder#tokenFromEnvironment()} reads, as the CLI does. */
    public static final String TOKEN_VARIABLE = "TRIBUTARY_TOKEN";

    private final URI base;
    private final boolean hasToken;
    private final Transport transport;

    private TributaryClient(URI base, boolean hasToken, Transport transport) {
        this.base = base;
        this.hasToken = hasToken;
        this.transport = transport;
    }

    /**
     * Starts a client of the node at {@code url}, such as {@code https://tributary.example.com:8080}.
     *
     * @throws IllegalArgumentException if {@code url} is not an {@code http} or {@code https} URL with a host, or
     *     carries credentials, a query or a fragment
     */
    public static Builder builder(String url) {
        return new Builder(baseUrl(url));
    }

    /** Publishes one event to {@code bus} (structured mode); answers once it is durable, with where it is stored. */
    public Position publish(String bus, CloudEvent event) {
        return transport.post(RequestPath.v1("buses", bus, "events"), EventBodies.STRUCTURED,
                EventBodies.structured(Objects.requireNonNull(event, "event")), Answers::position);
    }

    /**
     * Publishes a batch of events to {@code bus}. A batch the node refuses is stored nowhere, except a 503
     * {@code partially-stored}: the storage failed for some of the partitions the batch spans, and the problem's
     * {@code results} member says per event where it was stored or why not (resending all is harmless).
     *
     * @return each event's position, in the order given
     * @throws IllegalArgumentException if {@code events} is empty
     */
    public List<Position> publishBatch(String bus, List<CloudEvent> events) {
        return transport.post(RequestPath.v1("buses", bus, "events"), EventBodies.BATCH, EventBodies.batch(events),
                Answers::positions);
    }

    /**
     * Appends events to a stream of {@code bus} atomically, if the stream's current version meets {@code expected}.
     *
     * @throws TributaryException of kind {@link TributaryException.Kind#CONFLICT} when it does not; the problem's
     *     {@code currentVersion} member says what the stream holds (-1: no stream), {@code expectedVersion} what was
     *     asked
     * @throws IllegalArgumentException if {@code events} is empty
     */
    public StreamAppendResult appendToStream(String bus, String stream, ExpectedVersion expected,
            List<CloudEvent> events) {
        RequestPath path = RequestPath.v1("buses", bus, "streams", stream, "events")
                .query("expectedVersion", Objects.requireNonNull(expected, "expected"));
        return transport.post(path, EventBodies.BATCH, EventBodies.batch(events), Answers::streamAppend);
    }

    /**
     * Reads up to {@code limit} events of one partition from {@code fromOffset}, oldest first.
     *
     * @param limit 1 to 1000, the node's bound
     * @throws TributaryException of kind {@link TributaryException.Kind#GONE} if {@code fromOffset} is below the
     *     oldest event retention kept (the problem's {@code earliestOffset} says where the partition starts)
     */
    public PartitionPage readPartition(String bus, int partition, long fromOffset, int limit) {
        RequestPath path = RequestPath.v1("buses", bus, "partitions", Integer.toString(partition), "events")
                .query("from", fromOffset)
                .query("limit", limit);
        return transport.get(path, EventPages::partition);
    }

    /**
     * Reads up to {@code limit} events of a stream from {@code fromVersion} in {@code direction}.
     *
     * @param fromVersion the first version to read; {@link Long#MAX_VALUE} reads backward from the last event
     * @param limit 1 to 1000, the node's bound
     */
    public StreamPage readStream(String bus, String stream, long fromVersion, Direction direction, int limit) {
        RequestPath path = RequestPath.v1("buses", bus, "streams", stream, "events")
                .query("from", fromVersion)
                .query("direction", direction.name().toLowerCase(Locale.ROOT))
                .query("limit", limit);
        return transport.get(path, EventPages::stream);
    }

    /**
     * Reads up to {@code limit} events of a bus in its global order from {@code fromPosition} in {@code direction}.
     *
     * @param fromPosition the first position to read; {@link Long#MAX_VALUE} reads backward from the last event
     * @param limit 1 to 1000, the node's bound
     * @throws TributaryException of kind {@link TributaryException.Kind#GONE} below the first readable position, or
     *     {@link TributaryException.Kind#BAD_REQUEST} beyond the end (the problem's {@code firstPosition} and
     *     {@code endPosition} give both bounds)
     */
    public AllPage readAll(String bus, long fromPosition, Direction direction, int limit) {
        return readOrder(RequestPath.v1("buses", bus, "all", "events"), fromPosition, direction, limit);
    }

    /**
     * Reads the events of the streams of {@code category} in the bus's global order
     * ({@code GET /v1/buses/{bus}/categories/{category}/events}); {@link AllPage#next()} moves past positions that
     * did not match, so it can be stored as a checkpoint.
     */
    public AllPage readCategory(String bus, String category, long fromPosition, Direction direction, int limit) {
        return readOrder(RequestPath.v1("buses", bus, "categories", category, "events"), fromPosition, direction,
                limit);
    }

    /** As {@link #readCategory}, for the events of one CloudEvents {@code type}. */
    public AllPage readEventType(String bus, String type, long fromPosition, Direction direction, int limit) {
        return readOrder(RequestPath.v1("buses", bus, "types", type, "events"), fromPosition, direction, limit);
    }

    private AllPage readOrder(RequestPath path, long fromPosition, Direction direction, int limit) {
        return transport.get(path
                .query("from", fromPosition)
                .query("direction", direction.name().toLowerCase(Locale.ROOT))
                .query("limit", limit), EventPages::all);
    }

    /** Where a stream stands ({@code GET /v1/buses/{bus}/streams/{stream}/metadata}). */
    public StreamState streamState(String bus, String stream) {
        return transport.get(RequestPath.v1("buses", bus, "streams", stream, "metadata"), StreamStates::read);
    }

    /** Replaces a stream's metadata ({@code PUT …/metadata}); answers its state after. */
    public StreamState setStreamMetadata(String bus, String stream, StreamMetadata metadata) {
        return transport.put(RequestPath.v1("buses", bus, "streams", stream, "metadata"), "application/json",
                StreamStates.write(metadata), StreamStates::read);
    }

    /** Deletes a stream ({@code DELETE /v1/buses/{bus}/streams/{stream}}) if {@code expected} holds. */
    public StreamState deleteStream(String bus, String stream, ExpectedVersion expected, DeleteMode mode) {
        return transport.delete(RequestPath.v1("buses", bus, "streams", stream)
                .query("expectedVersion", expected.toString())
                .query("mode", mode.name().toLowerCase(Locale.ROOT)), StreamStates::read);
    }

    /** Stores a snapshot of a stream ({@code PUT …/streams/{stream}/snapshot}, the state as bytes). */
    public void saveSnapshot(String bus, String stream, Snapshot snapshot) {
        transport.put(RequestPath.v1("buses", bus, "streams", stream, "snapshot")
                        .query("version", snapshot.version())
                        .query("schemaVersion", snapshot.schemaVersion()),
                "application/octet-stream", snapshot.state(), ignored -> null);
    }

    /** The latest snapshot of a stream; empty when it has none. */
    public Optional<Snapshot> readSnapshot(String bus, String stream) {
        try {
            return Optional.of(transport.get(RequestPath.v1("buses", bus, "streams", stream, "snapshot"),
                    StreamStates::snapshot));
        } catch (TributaryException e) {
            if (e.problem() != null && "snapshot-not-found".equals(e.problem().typeName())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Deletes a stream's snapshot; false when it had none. */
    public boolean deleteSnapshot(String bus, String stream) {
        try {
            transport.delete(RequestPath.v1("buses", bus, "streams", stream, "snapshot"));
            return true;
        } catch (TributaryException e) {
            if (e.problem() != null && "snapshot-not-found".equals(e.problem().typeName())) {
                return false;
            }
            throw e;
        }
    }

    /** A stream's latest usable snapshot and up to {@code limit} events after it ({@code GET …/load}). */
    public LoadedPage loadStream(String bus, String stream, int limit) {
        return transport.get(RequestPath.v1("buses", bus, "streams", stream, "load").query("limit", limit),
                body -> new LoadedPage(StreamStates.snapshotOf(body), EventPages.stream(body)));
    }

    /**
     * The event store in {@code bus} of the node: the {@link dev.tributary.core.eventstore.EventStore} interface
     * the embedded store serves, over this client's connection (closing it does not close the client).
     */
    public RemoteEventStore eventStore(String bus) {
        return new RemoteEventStore(this, transport, bus);
    }

    /**
     * Creates a bus with {@code partitions} partitions that keeps its events for ever (until retention is set).
     *
     * @throws TributaryException of kind {@link TributaryException.Kind#CONFLICT} if it exists
     */
    public Bus createBus(String name, int partitions) {
        return createBus(name, partitions, Retention.unbounded());
    }

    /**
     * Creates a bus with {@code partitions} partitions and {@code retention}.
     *
     * @throws TributaryException of kind {@link TributaryException.Kind#CONFLICT} if it exists, of kind
     *     {@link TributaryException.Kind#BAD_REQUEST} naming the field for a name or partition count the node refuses
     */
    public Bus createBus(String name, int partitions, Retention retention) {
        ObjectNode body = Answers.JSON.createObjectNode().put("name", name).put("partitions", partitions);
        ObjectNode kept = body.putObject("retention").put("maxBytes", retention.maxBytes());
        if (retention.maxAge() != null) {
            kept.put("maxAge", retention.maxAge().toString());
        }
        return transport.post(RequestPath.v1("buses"), "application/json",
                body.toString().getBytes(StandardCharsets.UTF_8), Answers::bus);
    }

    /**
     * Describes a bus.
     *
     * @throws TributaryException of kind {@link TributaryException.Kind#NOT_FOUND} if there is none of that name
     */
    public Bus getBus(String name) {
        return transport.get(RequestPath.v1("buses", name), Answers::bus);
    }

    /** The buses the credential may see, by name. */
    public List<Bus> listBuses() {
        return transport.get(RequestPath.v1("buses"), Answers::buses);
    }

    /**
     * Deletes a bus and its events.
     *
     * @throws TributaryException of kind {@link TributaryException.Kind#NOT_FOUND} if there is none of that name
     */
    public void deleteBus(String name) {
        transport.delete(RequestPath.v1("buses", name));
    }

    /** Waits for calls under way, then releases the connections and threads. */
    @Override
    public void close() {
        transport.close();
    }

    /** The node's URL and whether a token is set; never the token. */
    @Override
    public String toString() {
        return "TributaryClient[" + base + (hasToken ? ", with a token" : ", without a token") + "]";
    }

    private static URI baseUrl(String url) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a URL: " + e.getMessage());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be an http:// or https:// URL with a host, was '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) {
            // it would end up in messages; a credential belongs in token()
            throw new IllegalArgumentException("url must not carry credentials: give them with token()");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not have a query or a fragment, was '" + url + "'");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /**
     * Settings of a {@link TributaryClient}: the node's URL, the credential, TLS and timeouts. Not thread-safe; each
     * {@link #build()} makes an independent client.
     */
    public static final class Builder {
        private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
        private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

        private final URI base;
        private Optional<String> token = Optional.empty();
        private Optional<Path> caFile = Optional.empty();
        private Optional<TlsContext.ClientIdentity> identity = Optional.empty();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder(URI base) {
            this.base = base;
        }

        /**
         * Sends {@code token}, an API key ({@code tbk_…}) or a JWT, as {@code Authorization: Bearer} on every request.
         *
         * @throws IllegalArgumentException if it is empty or holds characters other than visible ASCII
         */
        public Builder token(String token) {
            if (token == null || token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                // the value itself is never shown: a mistyped secret is still a secret
                throw new IllegalArgumentException("token must be a non-empty run of visible ASCII characters");
            }
            this.token = Optional.of(token);
            return this;
        }

        /**
         * Sends the token of the {@value TributaryClient#TOKEN_VARIABLE} environment variable, as {@link #token}.
         *
         * @throws IllegalStateException if the variable is not set or blank
         */
        public Builder tokenFromEnvironment() {
            return tokenFromEnvironment(System.getenv());
        }

        /** {@link #tokenFromEnvironment()} over the variables given, for tests. */
        Builder tokenFromEnvironment(Map<String, String> environment) {
            String value = environment.get(TOKEN_VARIABLE);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(TOKEN_VARIABLE + " is not set");
            }
            return token(value.strip());
        }

        /**
         * Trusts the CA certificates of this PEM file as well as the JDK's, for a node whose certificate comes from a
         * private CA. Only for an {@code https} URL; read at {@link #build()}.
         */
        public Builder caFile(Path pem) {
            this.caFile = Optional.of(Objects.requireNonNull(pem, "pem"));
            return this;
        }

        /**
         * Presents this certificate for mutual TLS. Only for an {@code https} URL; read at {@link #build()}.
         *
         * @param certificateChain a PEM file of the client certificate, then any intermediate CAs
         * @param privateKey a PEM file of the certificate's key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}) of
         *     type RSA, EC or EdDSA; other forms convert with {@code openssl pkcs8 -topk8 -nocrypt}
         */
        public Builder clientCertificate(Path certificateChain, Path privateKey) {
            this.identity = Optional.of(new TlsContext.ClientIdentity(Objects.requireNonNull(certificateChain,
                    "certificateChain"), Objects.requireNonNull(privateKey, "privateKey")));
            return this;
        }

        /** How long to wait for a connection to the node (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for each answer once connected (default 30 s); a publish is answered after an fsync, so
         * leave room for a slow disk.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Makes the client, reading the TLS files now so that a wrong one fails here rather than at the first call.
         *
         * @throws IllegalArgumentException naming the setting, for a TLS file that cannot be read or used, or TLS
         *     settings given for an {@code http} URL
         */
        public TributaryClient build() {
            HttpClient.Builder http = HttpClient.newBuilder()
                    // the node serves HTTP/1.1; asking for HTTP/2 over plain HTTP would add an upgrade to every call
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    // a redirect would take the credential elsewhere
                    .followRedirects(HttpClient.Redirect.NEVER);
            if ("https".equalsIgnoreCase(base.getScheme())) {
                http.sslContext(TlsContext.create(caFile, identity)).sslParameters(TlsContext.parameters());
            } else if (caFile.isPresent() || identity.isPresent()) {
                throw new IllegalArgumentException("caFile and clientCertificate need an https:// url, was " + base);
            }
            return new TributaryClient(base, token.isPresent(),
                    new Transport(base, token, http.build(), requestTimeout));
        }

        private static Duration positive(Duration timeout, String name) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + timeout);
            }
            return timeout;
        }
    }
}
