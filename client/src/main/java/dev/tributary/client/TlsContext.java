package dev.tributary.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of a client: which servers it trusts (the JDK's CAs, plus those of a PEM CA file for a node with a
 * private CA), which certificate it presents for mutual TLS, and which protocols it offers (TLS 1.3 and 1.2, as the
 * node). Built once per client; an {@link IllegalArgumentException} names the setting whose file is wrong.
 */
final class TlsContext {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContext() {}

    /**
     * A context that trusts the JDK's CAs and those of {@code caFile}, and presents {@code identity} when the node asks
     * for a client certificate.
     *
     * @param caFile PEM CA certificates to trust besides the JDK's
     * @param identity the client certificate chain's PEM file and its key's, for mutual TLS
     */
    static SSLContext create(Optional<Path> caFile, Optional<ClientIdentity> identity) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(identity.map(TlsContext::keyManagers).orElse(null), trustManagers(caFile), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** TLS 1.3 and 1.2 only, and the server's certificate must name the host asked for. */
    static SSLParameters parameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(PROTOCOLS.clone());
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /** A certificate chain and the key of its first certificate, as PEM files. */
    record ClientIdentity(Path certificateChain, Path privateKey) {}

    /**
     * One standard trust manager over the JDK's CAs and the file's: the JDK then checks chains and host names as it
     * does for its own CAs, with no trust logic of ours to get wrong.
     */
    private static TrustManager[] trustManagers(Optional<Path> caFile) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile.isEmpty()) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        KeyStore trusted = emptyStore();
        int n = 0;
        for (X509Certificate ca : jdkCas()) {
            trusted.setCertificateEntry("jdk-" + n++, ca);
        }
        for (X509Certificate ca : PemFiles.certificates("caFile", caFile.get())) {
            trusted.setCertificateEntry("file-" + n++, ca);
        }
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    private static List<X509Certificate> jdkCas() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .flatMap(m -> Arrays.stream(((X509TrustManager) m).getAcceptedIssuers()))
                .toList();
    }

    private static KeyManager[] keyManagers(ClientIdentity identity) {
        List<X509Certificate> chain = PemFiles.certificates("clientCertificate", identity.certificateChain());
        PrivateKey key = PemFiles.privateKey("clientKey", identity.privateKey());
        // The key lives only in this in-memory store; its password guards nothing, so a random one will do.
        char[] password = Long.toHexString(new SecureRandom().nextLong()).toCharArray();
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("client", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("clientCertificate " + identity.certificateChain() + " and clientKey "
                    + identity.privateKey() + ": cannot be used together (" + e.getMessage() + ")", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException impossible) {
            throw new IllegalStateException("an empty key store cannot fail to load", impossible);
        }
        return store;
    }
}
