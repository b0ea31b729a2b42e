package org.nljdbc.translator.internal.cache;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.nljdbc.translator.internal.catalog.SnapshotKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * A {@link SharedStore} on Redis, through Jedis: {@code redis://[user:password@]host[:port][/db]}, or {@code rediss://}
 * for TLS. Every command has a short timeout; when one fails, the first failure is logged once as a warning (with
 * the host, never the password), the store counts as down for a few seconds (so a dead server costs one timeout, not
 * one per question) and every caller falls back to what it has locally. Keys live under {@code nljdbc:}, after the
 * store's prefix ({@code nl.cache.redisPrefix}, empty by default) when it has one; the values are translations,
 * snapshots and counters, with expiry.
 */
public final class RedisStore implements SharedStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    private static final String UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    /** INCRBY and, when the key has no expiry yet, PEXPIRE, in one step: no window counter outlives its ttl. */
    private static final String ADD = "local n = redis.call('incrby', KEYS[1], ARGV[1]) "
            + "if redis.call('pttl', KEYS[1]) < 0 then redis.call('pexpire', KEYS[1], ARGV[2]) end return n";
    private static final Duration SNAPSHOT_TTL = Duration.ofDays(1);
    private static final long DOWN_FOR_MILLIS = 5_000;

    private final JedisPooled jedis;
    private final String where;
    private final String prefix;
    private volatile long downUntil;
    private volatile boolean warned;

    private RedisStore(JedisPooled jedis, String where, String prefix) {
        this.jedis = jedis;
        this.where = where;
        this.prefix = prefix;
    }

    /** A store for {@code url} whose keys have no prefix; see {@link #connect(String, Duration, String)}. */
    public static RedisStore connect(String url, Duration timeout) {
        return connect(url, timeout, "");
    }

    /**
     * A store for {@code url}; nothing is contacted yet.
     *
     * @param timeout connect and read timeout of every command
     * @param prefix  put before every key this store reads or writes (e.g. {@code staging:}), so that deployments
     *                that must not share translations, snapshots, rate limits or examples can share one Redis
     * @throws IllegalArgumentException when {@code url} is not a redis:// or rediss:// URL (the message holds no
     *                                  secret), or the prefix has a space or control character
     */
    public static RedisStore connect(String url, Duration timeout, String prefix) {
        String p = prefix == null ? "" : prefix;
        if (p.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("nl.cache.redisPrefix must not contain spaces or control characters");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nl.cache.redis must look like redis://host:6379/0 or rediss://...");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
            throw new IllegalArgumentException("nl.cache.redis must look like redis://host:6379/0 or rediss://...");
        }
        int ms = (int) Math.max(1, timeout.toMillis());
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder().connectionTimeoutMillis(ms)
                .socketTimeoutMillis(ms).ssl(scheme.equals("rediss")).clientName("nljdbc");
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            String user = colon < 0 ? null : decode(info.substring(0, colon));
            String password = decode(colon < 0 ? info : info.substring(colon + 1));
            if (user != null && !user.isEmpty()) {
                cfg.user(user);
            }
            cfg.password(password);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        if (!path.isEmpty()) {
            try {
                cfg.database(Integer.parseInt(path));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("nl.cache.redis: the database after the host must be a number");
            }
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        String where = scheme + "://" + uri.getHost() + ":" + port;
        return new RedisStore(new JedisPooled(new HostAndPort(uri.getHost(), port), cfg.build()), where, p);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private <T> T call(String what, Supplier<T> command, T fallback) {
        if (System.currentTimeMillis() < downUntil) {
            return fallback;
        }
        try {
            return command.get();
        } catch (RuntimeException e) {
            downUntil = System.currentTimeMillis() + DOWN_FOR_MILLIS;
            if (!warned) {
                warned = true;
                LOG.warn("nl.cache.redis: {} unavailable ({} failed: {}); using the local cache until it answers",
                        where, what, e.getClass().getSimpleName());
            } else {
                LOG.debug("nl.cache.redis: {} failed: {}", what, e.getClass().getSimpleName());
            }
            return fallback;
        }
    }

    private byte[] bytes(String key) {
        return k(key).getBytes(StandardCharsets.UTF_8);
    }

    /** The key as it lives in Redis: after the store's prefix. */
    private String k(String key) {
        return prefix + key;
    }

    @Override
    public byte[] get(String key) {
        return call("GET", () -> jedis.get(bytes(key)), null);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        call("SET", () -> jedis.set(bytes(key), value, SetParams.setParams().px(Math.max(1, ttl.toMillis()))), null);
    }

    @Override
    public void delete(String key) {
        call("DEL", () -> jedis.del(k(key)), 0L);
    }

    @Override
    public boolean tryLock(String key, String owner, Duration ttl) {
        return call("SET NX", () -> "OK".equals(jedis.set(k(key), owner, SetParams.setParams().nx().px(ttl.toMillis()))),
                false);
    }

    @Override
    public boolean locked(String key) {
        return call("EXISTS", () -> jedis.exists(k(key)), false);
    }

    @Override
    public void unlock(String key, String owner) {
        call("EVAL", () -> jedis.eval(UNLOCK, List.of(k(key)), List.of(owner)), null);
    }

    @Override
    public long increment(String key, Duration window) {
        return call("INCR", () -> {
            long n = jedis.incr(k(key));
            if (n == 1) {
                jedis.pexpire(k(key), window.toMillis() + 1_000);
            }
            return n;
        }, -1L);
    }

    @Override
    public long add(String key, long amount, Duration ttl) {
        return call("INCRBY", () -> (Long) jedis.eval(ADD, List.of(key),
                List.of(Long.toString(amount), Long.toString(Math.max(1, ttl.toMillis())))), -1L);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    // ---- catalog snapshots -----------------------------------------------------------------------

    private static String snapshotKey(SnapshotKeys.Key key) {
        return "nljdbc:catalog:" + key.database() + ":" + key.reader();
    }

    private static String snapshotIndex(String database) {
        return "nljdbc:catalogs:" + database;
    }

    @Override
    public byte[] get(SnapshotKeys.Key key) {
        return get(snapshotKey(key));
    }

    @Override
    public void put(SnapshotKeys.Key key, byte[] snapshot) {
        call("SET snapshot", () -> {
            jedis.set(bytes(snapshotKey(key)), snapshot, SetParams.setParams().px(SNAPSHOT_TTL.toMillis()));
            jedis.sadd(k(snapshotIndex(key.database())), k(snapshotKey(key)));
            jedis.pexpire(k(snapshotIndex(key.database())), SNAPSHOT_TTL.toMillis());
            return null;
        }, null);
    }

    @Override
    public void invalidate(String databaseKey) {
        call("DEL snapshots", () -> {
            // the index holds the snapshots' keys as they live in Redis, prefix included
            java.util.Set<String> keys = jedis.smembers(k(snapshotIndex(databaseKey)));
            if (!keys.isEmpty()) {
                jedis.del(keys.toArray(String[]::new));
            }
            jedis.del(k(snapshotIndex(databaseKey)));
            return null;
        }, null);
    }

    // ---- verified examples: unlike everything above, failures throw, because a person asked to store one ----

    /**
     * Runs {@code command}, or throws at once while the store counts as down (so a dead Redis costs one timeout every
     * few seconds, not one per question); a failure marks it down and is rethrown.
     */
    private <T> T strict(String what, Supplier<T> command) {
        if (System.currentTimeMillis() < downUntil) {
            throw new IllegalStateException(where + " is unavailable (it failed within the last few seconds)");
        }
        try {
            return command.get();
        } catch (RuntimeException e) {
            downUntil = System.currentTimeMillis() + DOWN_FOR_MILLIS;
            LOG.debug("nl.cache.redis: {} failed: {}", what, e.getClass().getSimpleName());
            throw e;
        }
    }

    /** Every field and value of the hash {@code key}; throws a {@link RuntimeException} when Redis fails. */
    public java.util.Map<String, String> hashEntries(String key) {
        return strict("HGETALL", () -> jedis.hgetAll(k(key)));
    }

    /** Sets {@code field} of the hash {@code key}; throws a {@link RuntimeException} when Redis fails. */
    public void hashPut(String key, String field, String value) {
        strict("HSET", () -> jedis.hset(k(key), field, value));
    }

    /** Removes {@code field} of the hash {@code key}, whether it was there; throws when Redis fails. */
    public boolean hashRemove(String key, String field) {
        return strict("HDEL", () -> jedis.hdel(k(key), field) > 0);
    }

    @Override
    public void close() {
        jedis.close();
    }

    @Override
    public String toString() {
        return "RedisStore[" + where + "]";
    }
}
