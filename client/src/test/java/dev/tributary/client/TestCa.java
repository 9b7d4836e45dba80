package dev.tributary.client;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * A private CA made for one test, issuing certificates for the node (127.0.0.1 and localhost) and for clients, written
 * as the PEM files the node and the client read: made in the test rather than committed, so none expires.
 */
final class TestCa {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final X500Name name;

    TestCa(String commonName) throws Exception {
        this.keys = ecKeys();
        this.name = new X500Name("CN=" + commonName);
        this.certificate = sign(name, keys.getPublic(), true, null);
    }

    /** Writes the CA's certificate as PEM. */
    Path writeCertificate(Path file) throws IOException {
        Files.writeString(file, pem(certificate));
        return file;
    }

    /** Issues a server certificate for 127.0.0.1 and localhost; writes it and its PKCS#8 key. */
    void issueServer(Path certificateFile, Path keyFile) throws Exception {
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
        issue(new X500Name("CN=node"), names, certificateFile, keyFile);
    }

    /** Issues a client certificate for {@code subject} (such as {@code CN=reader}); writes it and its PKCS#8 key. */
    void issueClient(String subject, Path certificateFile, Path keyFile) throws Exception {
        issue(new X500Name(subject), null, certificateFile, keyFile);
    }

    private void issue(X500Name subject, GeneralNames names, Path certificateFile, Path keyFile) throws Exception {
        KeyPair issued = ecKeys();
        Files.writeString(certificateFile, pem(sign(subject, issued.getPublic(), false, names)));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(issued.getPrivate(), null)));
    }

    private X509Certificate sign(X500Name subject, java.security.PublicKey subjectKey, boolean isCa,
            GeneralNames names) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, subjectKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (names != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
