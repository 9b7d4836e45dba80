package dev.tributary.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files a client is given, with the JDK alone: X.509 certificates, and an unencrypted PKCS#8 private key
 * ({@code BEGIN PRIVATE KEY}, what {@code openssl genpkey} and most tools write) of type RSA, EC or EdDSA. Other key
 * forms are refused with the {@code openssl} command that converts them. Failures are
 * {@link IllegalArgumentException}s naming the setting and the file. Stateless.
 */
final class PemFiles {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Pattern OTHER_KEY = Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private PemFiles() {}

    /** The certificates of {@code file}, in file order; at least one. */
    static List<X509Certificate> certificates(String setting, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(setting + " " + file + ": holds no PEM certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " " + file + ": cannot read it (" + e + ")", e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(setting + " " + file + ": not a PEM certificate file ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The private key of {@code file}. */
    static PrivateKey privateKey(String setting, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " " + file + ": cannot read it (" + e + ")", e);
        }
        Matcher pkcs8 = PKCS8.matcher(text);
        if (!pkcs8.find()) {
            Matcher other = OTHER_KEY.matcher(text);
            throw new IllegalArgumentException(setting + " " + file + ": "
                    + (other.find() ? "its key is a PEM '" + other.group(1) + "', not an unencrypted PKCS#8 'PRIVATE KEY'"
                            : "holds no PEM PRIVATE KEY")
                    + "; convert it with: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pkcs8.pem>");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pkcs8.group(1)));
        // The encoding names its algorithm, but the JDK's KeyFactory must be told it: try the ones TLS uses.
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm may read it
            }
        }
        throw new IllegalArgumentException(setting + " " + file + ": the key is none of " + KEY_ALGORITHMS);
    }
}
