package org.nljdbc.translator.internal.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Translations in a {@link SharedStore}, so that a question is translated once per fleet. The key is a hash of
 * exactly what keys the local cache ({@link TranslationCache.Key}: normalized question, schema fingerprint, the whole
 * policy, dialect, conversation state, model), so the store holds no question or tenant value in clear. A process
 * that misses takes a short lock ({@code SET NX PX}); one that finds the lock taken polls for the leader's
 * translation until it appears, the lock goes away (the leader failed: it then leads itself) or {@link #WAIT} passes.
 * What is shared is the model's SQL before the guard, as locally: every process checks it again.
 */
final class SharedTranslations {
    /** How long a lock lives if its holder dies; also the longest a waiter waits. */
    static final Duration LOCK = Duration.ofSeconds(30);
    static final Duration WAIT = LOCK;
    private static final long POLL_MILLIS = 20;
    private static final int FORMAT = 1;

    private SharedTranslations() {
    }

    /** The shared translation, or the lock to make it under (null when none could be had), after waiting if needed. */
    record Outcome(TranslationCache.Entry entry, boolean waited, Lock lock) {
    }

    /** A held lock; {@link #complete} publishes the translation and releases it. */
    record Lock(SharedStore store, String key, String owner) {
        void complete(TranslationCache.Entry entry, Duration ttl) {
            store.put(key, encode(entry), ttl);
            release();
        }

        void release() {
            store.unlock(lockKey(key), owner);
        }
    }

    static Outcome find(SharedStore store, TranslationCache.Key key) {
        String k = key(key);
        TranslationCache.Entry found = decode(store.get(k));
        if (found != null) {
            return new Outcome(found, false, null);
        }
        String owner = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean waited = false;
        while (true) {
            if (store.tryLock(lockKey(k), owner, LOCK)) {
                // Someone may have finished between our GET and our lock.
                found = decode(store.get(k));
                if (found != null) {
                    store.unlock(lockKey(k), owner);
                    return new Outcome(found, waited, null);
                }
                return new Outcome(null, waited, new Lock(store, k, owner));
            }
            if (!store.locked(lockKey(k))) {
                found = decode(store.get(k));
                if (found != null) {
                    return new Outcome(found, waited, null);
                }
                if (!store.locked(lockKey(k)) && !store.tryLock(lockKey(k), owner, LOCK)) {
                    return new Outcome(null, waited, null); // the store is down: translate without it
                }
                return new Outcome(null, waited, new Lock(store, k, owner));
            }
            if (System.nanoTime() > deadline) {
                return new Outcome(null, waited, null);
            }
            waited = true;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(null, waited, null);
            }
            found = decode(store.get(k));
            if (found != null) {
                return new Outcome(found, true, null);
            }
        }
    }

    /** Drops the shared entry of {@code key} if it is {@code entry} (it no longer passes or runs). */
    static void forget(SharedStore store, TranslationCache.Key key, TranslationCache.Entry entry) {
        if (!store.enabled()) {
            return;
        }
        String k = key(key);
        if (entry.equals(decode(store.get(k)))) {
            store.delete(k);
        }
    }

    static String key(TranslationCache.Key key) {
        String identity = String.join("\u0000", key.question(), key.schemaFingerprint(),
                String.valueOf(key.policy()), key.dialect(), key.conversation(), String.valueOf(key.model()));
        return "nljdbc:translation:" + org.nljdbc.translator.internal.Digests.sha256Hex(identity);
    }

    private static String lockKey(String key) {
        return key + ":lock";
    }

    static byte[] encode(TranslationCache.Entry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            writeString(out, e.sql());
            out.writeInt(e.tables().size());
            for (String t : e.tables()) {
                writeString(out, t);
            }
            out.writeInt(e.schemaTokens());
            out.writeInt(e.fullSchemaTokens());
        } catch (IOException ex) {
            throw new IllegalStateException("cannot happen in memory", ex);
        }
        return bytes.toByteArray();
    }

    static TranslationCache.Entry decode(byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != FORMAT) {
                return null;
            }
            String sql = readString(in);
            int n = in.readInt();
            List<String> tables = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tables.add(readString(in));
            }
            return new TranslationCache.Entry(sql, tables, in.readInt(), in.readInt());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
