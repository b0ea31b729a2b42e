package org.nljdbc.driver;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.nljdbc.translator.internal.cache.RedisStore;
import org.nljdbc.translator.internal.cache.SharedStore;
import org.nljdbc.translator.internal.catalog.LocalSnapshotStore;
import org.nljdbc.translator.internal.catalog.SnapshotStore;

/**
 * The stores a runtime shares beyond itself, built from the settings: one {@link RedisStore} per {@code nl.cache.redis}
 * URL in the JVM (its connection pool is shared by every runtime that names it), and where catalog snapshots go.
 */
final class SharedStores {
    private static final ConcurrentMap<String, SharedStore> REDIS = new ConcurrentHashMap<>();

    private SharedStores() {
    }

    /** The shared store {@code nl.cache.redis} names (keys after {@code nl.cache.redisPrefix}), or none. */
    static SharedStore from(NlConfig config) throws SQLException {
        String url = config.get(NlProperty.CACHE_REDIS);
        if (url == null || url.isBlank()) {
            return SharedStore.NONE;
        }
        Duration timeout = Duration.ofMillis(Math.max(1, config.getInt(NlProperty.CACHE_REDIS_TIMEOUT_MILLIS)));
        String prefix = config.get(NlProperty.CACHE_REDIS_PREFIX);
        String p = prefix == null ? "" : prefix;
        try {
            return REDIS.computeIfAbsent(url.trim() + "|" + timeout.toMillis() + "|" + p,
                    k -> RedisStore.connect(url, timeout, p));
        } catch (IllegalArgumentException e) {
            // The message names the expected form only, never the value (it may hold a password).
            throw new SQLNonTransientConnectionException(e.getMessage(), "HY024");
        }
    }

    /**
     * Where catalog snapshots of {@code delegateUrl} go: nowhere for an in-memory database (it dies with the process)
     * or with {@code nl.catalog.snapshot=false}; the shared store when there is one; else the local directory.
     */
    static SnapshotStore snapshots(NlConfig config, String delegateUrl, SharedStore shared) {
        String u = delegateUrl.toLowerCase(java.util.Locale.ROOT);
        if (!NlProperty.CATALOG_SNAPSHOT.getBoolean(config.settings()) || u.contains(":mem:")
                || u.contains(":memory:") || u.equals("jdbc:sqlite:")) {
            return SnapshotStore.NONE;
        }
        if (shared.enabled()) {
            return shared;
        }
        String dir = config.get(NlProperty.CATALOG_SNAPSHOT_DIR);
        return new LocalSnapshotStore(dir == null || dir.isBlank() ? LocalSnapshotStore.defaultDirectory()
                : Path.of(dir.trim()));
    }
}
