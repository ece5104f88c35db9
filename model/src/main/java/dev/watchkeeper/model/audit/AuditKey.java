package dev.watchkeeper.model.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret that keys the audit chain, in its own owner-only file beside the log: whoever can
 * write the log but not read this file cannot re-chain edited lines or forge the head.
 */
final class AuditKey {

    private final byte[] key;

    private AuditKey(byte[] key) {
        this.key = key;
    }

    /** The key in {@code file}, or null when there is none. */
    static AuditKey read(Path file) throws IOException {
        try {
            String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return hex.isEmpty() ? null : new AuditKey(HexFormat.of().parseHex(hex));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IllegalArgumentException e) {
            throw new IOException("the audit key " + file + " is not hex", e);
        }
    }

    /** The key in {@code file}, created (32 random bytes, owner-only) when absent. */
    static AuditKey readOrCreate(Path file) throws IOException {
        AuditKey existing = read(file);
        if (existing != null) {
            return existing;
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            Files.writeString(file, HexFormat.of().formatHex(fresh) + "\n", StandardCharsets.US_ASCII,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).toArray(StandardOpenOption[]::new));
        } catch (FileAlreadyExistsException raced) {
            return read(file);
        }
        AuditFiles.ownerOnly(file);
        return new AuditKey(fresh);
    }

    /** The keyed link to {@code line}: {@link AuditLog#HMAC_PREFIX} and the HMAC-SHA256 of its bytes, in hex. */
    String link(String line) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return AuditLog.HMAC_PREFIX + HexFormat.of().formatHex(mac.doFinal(line.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
