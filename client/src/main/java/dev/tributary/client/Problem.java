package dev.tributary.client;

import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem detail as the node answered it ({@code application/problem+json}).
 *
 * @param status the HTTP status
 * @param type the problem type, a URI such as {@code https://tributary.dev/problems/wrong-expected-version}
 *     ({@code about:blank} when the answer named none)
 * @param title the problem type's short, fixed summary
 * @param detail what went wrong with this request
 * @param members the other members of the document, by name: {@code field}, {@code scope}, {@code currentVersion},
 *     {@code earliestOffset}, …; scalars in their text form, objects and arrays as JSON
 */
public record Problem(int status, String type, String title, String detail, Map<String, String> members) {
    public Problem {
        members = Map.copyOf(members);
    }

    /** The request field at fault ({@code [3].source}, {@code partitions}, {@code expectedVersion}), if named. */
    public Optional<String> field() {
        return member("field");
    }

    /** A member of the document other than the standard four, if present. */
    public Optional<String> member(String name) {
        return Optional.ofNullable(members.get(name));
    }

    /** The last segment of {@link #type()}: {@code wrong-expected-version}, {@code bus-not-found}, … */
    public String typeName() {
        return type.substring(type.lastIndexOf('/') + 1);
    }
}
