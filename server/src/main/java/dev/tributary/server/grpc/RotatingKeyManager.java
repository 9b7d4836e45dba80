package dev.tributary.server.grpc;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's certificate and key, replaceable while handshakes go on: each set of keys is a numbered revision, and
 * the aliases handed out carry the number ({@code 3:dummy-entry-0}), so a handshake that chose an alias just before a
 * rotation still gets the certificate and the key of the same revision (the previous one is kept for that). Server
 * side only: the client methods choose nothing. Thread-safe.
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {
    private record Revision(int number, X509ExtendedKeyManager keys) {}

    private volatile Revision current;
    private volatile Revision previous;

    RotatingKeyManager(X509ExtendedKeyManager keys) {
        current = new Revision(1, keys);
    }

    /** Serves {@code keys} to the handshakes that start from now on. */
    synchronized void rotate(X509ExtendedKeyManager keys) {
        previous = current;
        current = new Revision(current.number() + 1, keys);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Revision r = current;
        return numbered(r, r.keys().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Revision r = current;
        return numbered(r, r.keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Revision r = current;
        String[] aliases = r.keys().getServerAliases(keyType, issuers);
        return aliases == null ? null : Arrays.stream(aliases).map(a -> numbered(r, a)).toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Revision r = revision(alias);
        return r == null ? null : r.keys().getCertificateChain(local(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Revision r = revision(alias);
        return r == null ? null : r.keys().getPrivateKey(local(alias));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    private static String numbered(Revision r, String alias) {
        return alias == null ? null : r.number() + ":" + alias;
    }

    private Revision revision(String alias) {
        int colon = alias == null ? -1 : alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String number = alias.substring(0, colon);
        Revision now = current;
        Revision before = previous;
        if (number.equals(Integer.toString(now.number()))) {
            return now;
        }
        return before != null && number.equals(Integer.toString(before.number())) ? before : null;
    }

    private static String local(String alias) {
        return alias.substring(alias.indexOf(':') + 1);
    }
}
