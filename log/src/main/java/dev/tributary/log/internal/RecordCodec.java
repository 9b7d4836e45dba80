package dev.tributary.log.internal;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Encodes events into log records and decodes them back, losslessly.
 *
 * <p>Record layout (big-endian; varints are unsigned LEB128, 7 bits a byte):
 *
 * <pre>
 * 0        4        8                16               24
 * +--------+--------+----------------+----------------+
 * | length | crc32c |     offset     |   appendTime   |   length: bytes after this field
 * | int32  | int32  |     int64      |  int64 (ms)    |   crc32c: CRC32C of every byte after the crc field
 * +--------+--------+----------------+----------------+
 * | flags: byte (bit 0 COMMIT: the last record of its group) |
 * | stream id: varint n, n bytes UTF-8 (n = 0: no stream)  |
 * | stream version: varlong (only when n > 0)              |
 * | attribute count: varint                                |
 * | per attribute: varint n, n bytes UTF-8 name, tag byte, value:
 * |   1 String     varint n + UTF-8          2 Integer   int32
 * |   3 Boolean    byte 0/1                  4 URI       varint n + UTF-8 (original text)
 * |   5 Timestamp  int64 epoch s, int32 nanos, int32 zone offset s
 * |   6 Binary     varint n + bytes          7 Long      int64 (a non-Integer Number extension)
 * | data: byte 0 (absent) | byte 1, varint n, n bytes    |
 * +--------------------------------------------------------+
 * </pre>
 *
 * The {@code COMMIT} flag makes a group (and so every append request, which never spans groups) atomic across a
 * crash: recovery keeps records only up to the last one carrying it, so a group cut by a crash half-way through its
 * write leaves nothing behind (SQLite's WAL marks its commit frames the same way).
 *
 * <p>Context attributes are written first in a fixed order (specversion, id, source, type, datacontenttype, dataschema,
 * subject, time; absent ones omitted) and then every extension, so that readers looking for {@code source}+{@code id}
 * stop early.
 *
 * <p>An instance holds the reusable encode buffer and checksum of one partition writer: not thread-safe. The static
 * decoding methods are thread-safe. Encoding throws {@link IllegalArgumentException} for an extension value of a type
 * CloudEvents does not define; decoding throws {@link IllegalStateException} for bytes that passed the checksum but do
 * not parse (a bug or a foreign file), which callers report as corruption.
 */
final class RecordCodec {
    static final int LENGTH_FIELD = 4;
    static final int CRC_AT = 4;
    static final int OFFSET_AT = 8;
    static final int TIME_AT = 16;
    static final int FLAGS_AT = 24;
    static final int BODY_AT = 25;
    /** Flag bit of the last record of a group: everything up to it was written by one complete group write. */
    static final byte COMMIT = 1;
    /** Records larger than this are taken for garbage during scans. */
    static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;

    private static final byte T_STRING = 1;
    private static final byte T_INTEGER = 2;
    private static final byte T_BOOLEAN = 3;
    private static final byte T_URI = 4;
    private static final byte T_TIMESTAMP = 5;
    private static final byte T_BINARY = 6;
    private static final byte T_LONG = 7;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;

    RecordCodec(int initialCapacity) {
        buf = ByteBuffer.allocateDirect(initialCapacity);
    }

    /** Gives back a buffer that one huge record grew past {@code capacity}; the next group starts empty. */
    void trim(int capacity) {
        if (buf.capacity() > capacity) {
            buf = ByteBuffer.allocateDirect(capacity);
        }
    }

    /** The encoded bytes so far, from 0 to {@link #size()}. */
    ByteBuffer buffer() {
        return buf;
    }

    int size() {
        return buf.position();
    }

    void clear() {
        buf.clear();
    }

    /** Drops everything encoded after {@code size} (an append request that failed half-way). */
    void truncate(int size) {
        buf.position(size);
    }

    /** Appends one record; returns its size in bytes. */
    int encode(CloudEvent event, long offset, long appendTime, String stream, long version) {
        int start = buf.position();
        ensure(BODY_AT);
        buf.putInt(0).putInt(0).putLong(offset).putLong(appendTime).put((byte) 0);
        if (stream == null) {
            putVarLong(0);
        } else {
            putString(stream);
            putVarLong(version);
        }
        int count = event.getExtensionNames().size() + 4; // specversion, id, source, type
        count += (event.getDataContentType() != null ? 1 : 0) + (event.getDataSchema() != null ? 1 : 0);
        count += (event.getSubject() != null ? 1 : 0) + (event.getTime() != null ? 1 : 0);
        putVarLong(count);
        stringAttribute("specversion", event.getSpecVersion().toString());
        stringAttribute("id", event.getId());
        uriAttribute("source", event.getSource());
        stringAttribute("type", event.getType());
        if (event.getDataContentType() != null) {
            stringAttribute("datacontenttype", event.getDataContentType());
        }
        if (event.getDataSchema() != null) {
            uriAttribute("dataschema", event.getDataSchema());
        }
        if (event.getSubject() != null) {
            stringAttribute("subject", event.getSubject());
        }
        if (event.getTime() != null) {
            putString("time");
            ensure(1);
            buf.put(T_TIMESTAMP);
            putTimestamp(event.getTime());
        }
        for (String name : event.getExtensionNames()) {
            putString(name);
            putExtensionValue(name, event.getExtension(name));
        }
        CloudEventData data = event.getData();
        if (data == null) {
            ensure(1);
            buf.put((byte) 0);
        } else {
            byte[] bytes = data.toBytes();
            ensure(1);
            buf.put((byte) 1);
            putBytes(bytes);
        }
        int end = buf.position();
        int length = end - start - LENGTH_FIELD;
        buf.putInt(start, length);
        writeChecksum(start, end);
        return end - start;
    }

    /** Marks the record encoded at {@code start} as the last of its group (see {@link #COMMIT}). */
    void markCommit(int start) {
        buf.put(start + FLAGS_AT, (byte) (buf.get(start + FLAGS_AT) | COMMIT));
        writeChecksum(start, start + LENGTH_FIELD + buf.getInt(start));
    }

    private void writeChecksum(int start, int end) {
        crc.reset();
        ByteBuffer view = buf.duplicate();
        view.position(start + OFFSET_AT).limit(end);
        crc.update(view);
        buf.putInt(start + CRC_AT, (int) crc.getValue());
    }

    private void stringAttribute(String name, String value) {
        putString(name);
        ensure(1);
        buf.put(T_STRING);
        putString(value);
    }

    private void uriAttribute(String name, URI value) {
        putString(name);
        ensure(1);
        buf.put(T_URI);
        putString(value.toString());
    }

    private void putExtensionValue(String name, Object value) {
        ensure(1 + 16);
        switch (value) {
            case String s -> {
                buf.put(T_STRING);
                putString(s);
            }
            case Integer i -> buf.put(T_INTEGER).putInt(i);
            case Long l -> buf.put(T_LONG).putLong(l);
            case Short s -> buf.put(T_INTEGER).putInt(s);
            case Byte b -> buf.put(T_INTEGER).putInt(b);
            case Boolean b -> buf.put(T_BOOLEAN).put((byte) (b ? 1 : 0));
            case URI u -> {
                buf.put(T_URI);
                putString(u.toString());
            }
            case OffsetDateTime t -> {
                buf.put(T_TIMESTAMP);
                putTimestamp(t);
            }
            case byte[] b -> {
                buf.put(T_BINARY);
                putBytes(b);
            }
            default -> throw new IllegalArgumentException("extension '" + name + "' has a value of type "
                    + value.getClass().getName() + ", which CloudEvents does not define");
        }
    }

    private void putTimestamp(OffsetDateTime t) {
        ensure(16);
        buf.putLong(t.toEpochSecond()).putInt(t.getNano()).putInt(t.getOffset().getTotalSeconds());
    }

    private void putString(String s) {
        // Latin-1 / ASCII strings (ids, names, most values) are written without an intermediate byte[].
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            putVarLong(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf.put((byte) s.charAt(i));
            }
        } else {
            putBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void putBytes(byte[] b) {
        putVarLong(b.length);
        ensure(b.length);
        buf.put(b);
    }

    private void putVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            int capacity = Math.max(buf.capacity() * 2, buf.position() + more);
            ByteBuffer bigger = ByteBuffer.allocateDirect(capacity);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    // ---- decoding: all static, over a buffer holding the whole record at [start, start + 4 + length) ----

    static int length(ByteBuffer b, int start) {
        return b.getInt(start);
    }

    static long offset(ByteBuffer b, int start) {
        return b.getLong(start + OFFSET_AT);
    }

    static long appendTime(ByteBuffer b, int start) {
        return b.getLong(start + TIME_AT);
    }

    /** True when the record is the last of its group. */
    static boolean endsGroup(ByteBuffer b, int start) {
        return (b.get(start + FLAGS_AT) & COMMIT) != 0;
    }

    /** True when the stored checksum matches; {@code size} is the whole record including the length field. */
    static boolean checksumMatches(ByteBuffer b, int start, int size, CRC32C crc) {
        crc.reset();
        ByteBuffer view = b.duplicate();
        view.position(start + OFFSET_AT).limit(start + size);
        crc.update(view);
        return (int) crc.getValue() == b.getInt(start + CRC_AT);
    }

    /** The stream id of the record, or null. */
    static String streamId(ByteBuffer b, int start) {
        Cursor c = new Cursor(b, start + BODY_AT);
        return c.string();
    }

    /** The stream version of the record, or -1. */
    static long streamVersion(ByteBuffer b, int start) {
        Cursor c = new Cursor(b, start + BODY_AT);
        return c.string() == null ? -1 : c.varLong();
    }

    /** {@link Hash64#of(String, String)} of the record's source and id, reading no further than needed. */
    static long sourceIdHash(ByteBuffer b, int start) {
        Cursor c = new Cursor(b, start + BODY_AT);
        if (c.string() != null) {
            c.varLong();
        }
        long count = c.varLong();
        String id = null;
        String source = null;
        for (long i = 0; i < count && (id == null || source == null); i++) {
            String name = c.string();
            Object value = c.value(!name.equals("id"));
            if (name.equals("id")) {
                id = (String) value;
            } else if (name.equals("source")) {
                source = value.toString();
            }
        }
        if (id == null || source == null) {
            throw new IllegalStateException("record has no id or source");
        }
        return Hash64.of(source, id);
    }

    /** Decodes the whole record into the event as accepted, with its position in the log. */
    static DecodedRecord decode(ByteBuffer b, int start) {
        Cursor c = new Cursor(b, start + BODY_AT);
        String stream = c.string();
        long version = stream == null ? -1 : c.varLong();
        long count = c.varLong();
        String[] names = new String[(int) count];
        Object[] values = new Object[(int) count];
        String specVersion = "1.0";
        for (int i = 0; i < count; i++) {
            names[i] = c.string();
            values[i] = c.value(!"id".equals(names[i])); // ids differ from event to event: not worth keeping
            if (names[i].equals("specversion")) {
                specVersion = (String) values[i];
            }
        }
        CloudEventBuilder builder = "0.3".equals(specVersion) ? CloudEventBuilder.v03() : CloudEventBuilder.v1();
        for (int i = 0; i < count; i++) {
            set(builder, names[i], values[i]);
        }
        if (c.b.get(c.pos++) != 0) {
            byte[] data = c.bytes();
            builder.withData(BytesCloudEventData.wrap(data));
        }
        return new DecodedRecord(
                offset(b, start), Instant.ofEpochMilli(appendTime(b, start)), stream, version, builder.build());
    }

    private static void set(CloudEventBuilder builder, String name, Object value) {
        switch (name) {
            case "specversion" -> {}
            case "id" -> builder.withId((String) value);
            case "source" -> builder.withSource((URI) value);
            case "type" -> builder.withType((String) value);
            case "datacontenttype" -> builder.withDataContentType((String) value);
            case "dataschema" -> builder.withDataSchema((URI) value);
            case "subject" -> builder.withSubject((String) value);
            case "time" -> builder.withTime((OffsetDateTime) value);
            default -> {
                switch (value) {
                    case String s -> builder.withExtension(name, s);
                    case Integer i -> builder.withExtension(name, i);
                    case Long l -> builder.withExtension(name, l);
                    case Boolean bool -> builder.withExtension(name, bool);
                    case URI u -> builder.withExtension(name, u);
                    case OffsetDateTime t -> builder.withExtension(name, t);
                    case byte[] bytes -> builder.withExtension(name, bytes);
                    default -> throw new IllegalStateException("unexpected value " + value.getClass());
                }
            }
        }
    }

    /** A record decoded: its offset, append time, stream (or null), version (or -1) and event. */
    record DecodedRecord(long offset, Instant time, String stream, long version, CloudEvent event) {}

    /** Reads varints and values at a moving position; absolute gets so the buffer's own position is untouched. */
    private static final class Cursor {
        final ByteBuffer b;
        int pos;

        final RecentTexts recent = RecentTexts.current();

        Cursor(ByteBuffer b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        long varLong() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b.get(pos++);
                result |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return result;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        byte[] bytes() {
            long n = varLong();
            if (n < 0 || n > b.limit() - pos) {
                throw new IllegalStateException("length " + n + " runs past the record");
            }
            byte[] out = new byte[(int) n];
            b.get(pos, out);
            pos += (int) n;
            return out;
        }

        /** A string, or null for length 0 (only where empty and absent coincide: the stream id, names). */
        String string() {
            long n = varLong();
            return n == 0 ? null : utf8(n, true);
        }

        /** {@code repeats}: the value is likely to repeat in the next records (worth finding again). */
        Object value(boolean repeats) {
            byte tag = b.get(pos++);
            return switch (tag) {
                case T_STRING -> utf8(varLong(), repeats);
                case T_INTEGER -> {
                    int v = b.getInt(pos);
                    pos += 4;
                    yield v;
                }
                case T_LONG -> {
                    long v = b.getLong(pos);
                    pos += 8;
                    yield v;
                }
                case T_BOOLEAN -> b.get(pos++) != 0;
                case T_URI -> uri(varLong());
                case T_TIMESTAMP -> {
                    long seconds = b.getLong(pos);
                    int nanos = b.getInt(pos + 8);
                    int zone = b.getInt(pos + 12);
                    pos += 16;
                    yield OffsetDateTime.ofInstant(
                            Instant.ofEpochSecond(seconds, nanos), ZoneOffset.ofTotalSeconds(zone));
                }
                case T_BINARY -> bytes();
                default -> throw new IllegalStateException("unknown attribute type tag " + tag);
            };
        }

        private String utf8(long n, boolean repeats) {
            check(n);
            String s = repeats ? recent.text(b, pos, (int) n) : RecentTexts.decode(b, pos, (int) n);
            pos += (int) n;
            return s;
        }

        private URI uri(long n) {
            check(n);
            URI u = recent.uri(b, pos, (int) n);
            pos += (int) n;
            return u;
        }

        private void check(long n) {
            if (n < 0 || n > b.limit() - pos) {
                throw new IllegalStateException("length " + n + " runs past the record");
            }
        }
    }

    /** Names of the attributes the codec writes before the extensions; exposed for tests. */
    static final Set<String> CONTEXT_ATTRIBUTES =
            Set.of("specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time");
}
