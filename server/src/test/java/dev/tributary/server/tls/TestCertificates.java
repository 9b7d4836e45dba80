package dev.tributary.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA that issues server and client certificates, written as PEM files the node reads. */
public final class TestCertificates {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    public final KeyPair caKeys;
    public final X509Certificate ca;

    public TestCertificates(String name) throws Exception {
        caKeys = keys();
        ca = sign(new X500Name("CN=" + name), caKeys, new X500Name("CN=" + name), caKeys, true, null);
    }

    /** An issued certificate and its key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        /** Writes the chain and the key as PEM files; answers the certificate file. */
        public Path write(Path certFile, Path keyFile) throws IOException {
            Files.writeString(certFile, pem(certificate));
            Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            return certFile;
        }

        /** A client TLS context presenting this certificate and trusting {@code ca}. */
        public SSLContext clientContext(X509Certificate trusted) throws Exception {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("me", keys.getPrivate(), "x".toCharArray(), new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, "x".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trusting(trusted), null);
            return context;
        }
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public Issued server(String cn) throws Exception {
        KeyPair keys = keys();
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
        return new Issued(sign(new X500Name("CN=" + cn), keys, new X500Name(ca.getSubjectX500Principal().getName()),
                caKeys, false, names), keys);
    }

    public Issued client(String subject) throws Exception {
        KeyPair keys = keys();
        // encoded as Java reads the name (RFC 2253: most specific first), as openssl and CAs write subjects
        X500Name name = X500Name.getInstance(new javax.security.auth.x500.X500Principal(subject).getEncoded());
        return new Issued(sign(name, keys, new X500Name(ca.getSubjectX500Principal().getName()),
                caKeys, false, null), keys);
    }

    public Path writeCa(Path file) throws IOException {
        Files.writeString(file, pem(ca));
        return file;
    }

    /** A client TLS context trusting only {@code trusted}, presenting no certificate. */
    public static SSLContext trustingOnly(X509Certificate trusted) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trusting(trusted), null);
        return context;
    }

    /** Trust managers that trust only {@code trusted}. */
    public static javax.net.ssl.TrustManager[] trusting(X509Certificate trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            boolean isCa, GeneralNames names) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (names != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
