package org.nljdbc.driver;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nljdbc.translator.internal.catalog.CatalogVisibility;

/**
 * How a setting given in the URL (the user's) combines with the same setting from {@code Properties} or
 * {@code nl.config} (the administrator's). The URL may narrow the administrator's policy, never widen it; a URL
 * value that would widen it is refused with SQLState 28000, never silently ignored or clamped.
 *
 * <p>Each constant answers one question: given the administrator's value (null when not set) and the URL's
 * (never null), what is the effective value? Where the administrator set nothing, the property's default is
 * the bound that {@link #MIN}, {@link #CEILING}, {@link #TOWARDS_DENY} and {@link #OFF_ONLY} compare against.
 */
enum Narrowing {
    /** Lists joined: the URL can add entries ({@code nl.tables.deny}, {@code nl.columns.mask}), never remove one. */
    UNION {
        @Override
        String combine(NlProperty p, String admin, String url) {
            Set<String> all = new LinkedHashSet<>(entries(admin));
            all.addAll(entries(url));
            return String.join(",", all);
        }
    },
    /**
     * An allow-list: without the administrator's the URL may set one; with it, every URL entry must be one of the
     * administrator's (or a plain name one of their globs matches), and then the URL's shorter list wins.
     */
    SUBSET {
        @Override
        String combine(NlProperty p, String admin, String url) throws SQLException {
            if (admin == null) {
                return url;
            }
            List<String> granted = entries(admin);
            List<String> outside = new ArrayList<>();
            for (String e : entries(url)) {
                if (!covered(e, granted)) {
                    outside.add(e);
                }
            }
            if (!outside.isEmpty()) {
                throw widening(p, "it would allow " + String.join(", ", outside)
                        + ", which the administrator's list does not; the URL may only name tables from it");
            }
            return url;
        }
    },
    /** A number where smaller is narrower ({@code nl.maxRows}, {@code nl.history.turns}). */
    MIN {
        @Override
        String combine(NlProperty p, String admin, String url) throws SQLException {
            BigDecimal bound = number(p, admin != null ? admin : p.defaultValue());
            BigDecimal asked = number(p, url);
            if (bound != null && asked.compareTo(bound) > 0) {
                throw widening(p, "the URL may only lower it, and " + url + " is above "
                        + (admin != null ? "the administrator's " : "the default ") + bound.toPlainString());
            }
            return url;
        }
    },
    /**
     * A ceiling where smaller is narrower and 0 (or no value) means none ({@code nl.queryTimeoutSeconds},
     * {@code nl.maxResultBytes}, {@code nl.rateLimit.perMinute}, {@code nl.maxCost}).
     */
    CEILING {
        @Override
        String combine(NlProperty p, String admin, String url) throws SQLException {
            BigDecimal bound = positive(number(p, admin != null ? admin : p.defaultValue()));
            BigDecimal asked = positive(number(p, url));
            if (bound != null && (asked == null || asked.compareTo(bound) > 0)) {
                throw widening(p, "the URL may only lower it, and " + (asked == null ? "0 (no limit)" : url)
                        + " is above " + (admin != null ? "the administrator's " : "the default ")
                        + bound.toPlainString());
            }
            return url;
        }
    },
    /** One of the property's choices, listed from widest to narrowest ({@code allow < readonly < deny}). */
    TOWARDS_DENY {
        @Override
        String combine(NlProperty p, String admin, String url) throws SQLException {
            List<String> order = p.choices();
            String bound = (admin != null ? admin : p.defaultValue()).trim().toLowerCase(Locale.ROOT);
            String asked = url.trim().toLowerCase(Locale.ROOT);
            if (order.contains(bound) && order.contains(asked) && order.indexOf(asked) < order.indexOf(bound)) {
                throw widening(p, "the URL may only move it towards " + order.get(order.size() - 1) + ", and "
                        + asked + " is wider than " + bound);
            }
            return url;
        }
    },
    /** A switch the URL may turn off, never on ({@code nl.systemCatalogs}). */
    OFF_ONLY {
        @Override
        String combine(NlProperty p, String admin, String url) throws SQLException {
            boolean bound = Boolean.parseBoolean((admin != null ? admin : p.defaultValue()).trim());
            boolean asked = Boolean.parseBoolean(url.trim());
            if (asked && !bound) {
                throw widening(p, "the URL may turn it off, never on");
            }
            return url;
        }
    },
    /** The URL may set it where the administrator did not; it may repeat the administrator's value, not change it. */
    ADMIN_WINS {
        @Override
        String combine(NlProperty p, String admin, String url) throws SQLException {
            if (admin != null && !same(p, admin, url)) {
                throw widening(p, "the administrator set it, so the URL may not change it");
            }
            return url;
        }
    },
    /** Never from the URL: {@code nl.config}, {@code nl.llm.apiKey}, {@code nl.llm.apiKeyEnvAllowed}. */
    ADMIN_ONLY {
        @Override
        String combine(NlProperty p, String admin, String url) throws SQLException {
            // Constant text: nothing about the value (a file that may or may not exist, a key) is echoed.
            throw new SQLInvalidAuthorizationSpecException(p.key() + " is refused in the URL: only the "
                    + "application's connection Properties" + (p == NlProperty.CONFIG ? "" : " or nl.config file")
                    + " may set it", "28000");
        }
    };

    /**
     * The effective value when the URL gives {@code url} (non-blank) and the administrator gave {@code admin}
     * (null when not set).
     *
     * @throws SQLException SQLState 28000 when the URL value would widen the administrator's policy
     */
    abstract String combine(NlProperty p, String admin, String url) throws SQLException;

    static List<String> entries(String list) {
        if (list == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static boolean covered(String entry, List<String> granted) {
        boolean glob = entry.indexOf('*') >= 0 || entry.indexOf('?') >= 0;
        for (String g : granted) {
            if (g.equalsIgnoreCase(entry) || !glob && CatalogVisibility.matches(g, null, entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(NlProperty p, String a, String b) {
        return p.choices().isEmpty() ? a.trim().equals(b.trim()) : a.trim().equalsIgnoreCase(b.trim());
    }

    private static BigDecimal number(NlProperty p, String v) throws SQLException {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            throw new SQLNonTransientConnectionException(p.key() + " must be a number, got \"" + v.trim() + "\"",
                    "HY024");
        }
    }

    /** Null for "no limit" (absent, zero or negative). */
    private static BigDecimal positive(BigDecimal n) {
        return n == null || n.signum() <= 0 ? null : n;
    }

    static SQLException widening(NlProperty p, String why) {
        return new SQLInvalidAuthorizationSpecException(p.key() + " in the URL is refused: " + why, "28000");
    }
}
