package dev.watchkeeper.connectors.grpc;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Opens an mTLS client key kept encrypted on disk: a PEM "ENCRYPTED PRIVATE KEY" (PKCS#8, as
 * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it) decrypted with the profile's passphrase,
 * using the JDK's own PBES2 support. gRPC's PEM reader takes unencrypted keys only.
 */
final class ClientKeys {

    static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";
    private static final String PBES2_OID = "1.2.840.113549.1.5.13";

    private ClientKeys() {
    }

    /** True when {@code keyFile} holds an encrypted PKCS#8 key. */
    static boolean isEncrypted(Path keyFile) {
        try {
            return Files.readString(keyFile, StandardCharsets.US_ASCII).contains("-----BEGIN " + ENCRYPTED + "-----");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Key managers presenting {@code certFile}'s chain with the key decrypted from {@code keyFile}.
     *
     * @throws IllegalArgumentException naming the file (never the passphrase) when it cannot be used
     */
    static KeyManager[] keyManagers(Path certFile, Path keyFile, String passphrase) {
        PrivateKey key = decrypt(keyFile, passphrase);
        try (InputStream in = Files.newInputStream(certFile)) {
            List<? extends Certificate> chain = List.copyOf(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("client certificate " + certFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("client", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            return kmf.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use client certificate " + certFile + " with key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey decrypt(Path keyFile, String passphrase) {
        byte[] der;
        try {
            der = pemBlock(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read client key " + keyFile + ": " + e.getMessage(), e);
        }
        PKCS8EncodedKeySpec spec;
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String alg = info.getAlgName();
            // the JDK names PBES2 schemes by their parameters, e.g. PBEWithHmacSHA256AndAES_256
            if (alg.equalsIgnoreCase("PBES2") || alg.equals(PBES2_OID)) {
                alg = info.getAlgParameters().toString();
            }
            Cipher cipher = Cipher.getInstance(alg);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(passphrase.toCharArray())),
                    info.getAlgParameters());
            spec = info.getKeySpec(cipher);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt client key " + keyFile + " with the configured passphrase"
                    + " (wrong passphrase, or an encryption this Java runtime does not offer): " + e.getClass().getSimpleName(), e);
        }
        for (String type : List.of("EC", "RSA", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException notThisType) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("cannot decrypt client key " + keyFile + " with the configured passphrase"
                + " (wrong passphrase, or not an EC, RSA or EdDSA key)");
    }

    private static byte[] pemBlock(String text, Path file) {
        String begin = "-----BEGIN " + ENCRYPTED + "-----";
        String end = "-----END " + ENCRYPTED + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("client key " + file + " is not an encrypted PKCS#8 PEM key (\"" + begin
                    + "\"); an unencrypted key needs no passphrase");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
