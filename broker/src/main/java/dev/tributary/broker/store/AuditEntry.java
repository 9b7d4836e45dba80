package dev.tributary.broker.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One change made through the API, as the audit log keeps it.
 *
 * @param sequence increasing, never reused; 0 for an entry not yet recorded
 * @param actor who made it: a key's name, a token's subject, or {@code anonymous} on a node without auth
 * @param address the client's address
 * @param action what was asked, such as {@code bus.create} or {@code key.revoke}
 * @param resource what it was asked of, such as {@code buses/orders}
 * @param status the HTTP status answered
 * @param detail a short note (at most 1 KB), never a secret
 */
public record AuditEntry(
        long sequence,
        Instant at,
        String actor,
        String address,
        String action,
        String resource,
        int status,
        Optional<String> detail) {

    public AuditEntry {
        Check.present(at, "at");
        Check.text(actor, "actor");
        Check.present(address, "address");
        Check.text(action, "action");
        Check.present(resource, "resource");
        detail = Check.present(detail, "detail").map(d -> Utf8.truncate(d, 1024));
    }
}
