package org.nljdbc.translator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text as lower-case hex: the one digest behind fingerprints, cache keys and store keys. */
public final class Digests {
    private Digests() {
    }

    /** The whole digest of {@code text}'s UTF-8 bytes, 64 hex digits. */
    public static String sha256Hex(String text) {
        return sha256Hex(text, 32);
    }

    /** The first {@code bytes} bytes of the digest of {@code text}'s UTF-8 bytes, as hex. */
    public static String sha256Hex(String text, int bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
