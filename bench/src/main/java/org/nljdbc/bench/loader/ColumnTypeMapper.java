package org.nljdbc.bench.loader;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a SQLite column (declared type plus the values it actually holds) to a PostgreSQL or MariaDB column type and
 * converts each value to it.
 *
 * <p>The declared type decides, following SQLite's affinity rules (INT → integer, CHAR/CLOB/TEXT → text,
 * REAL/FLOA/DOUB → double, otherwise numeric), refined by the declared name (DECIMAL(p,s), DATE, DATETIME, BOOL,
 * VARCHAR(n)). SQLite does not enforce declared types, and Spider's data sometimes breaks them (an empty string in an
 * INT column, a date in a free format): a column whose values do not all fit the mapped type is created as text and
 * the fallback is reported, so no value is silently changed. BOOL columns hold 0/1 in Spider and are loaded as small
 * integers (a PostgreSQL BOOLEAN would make the gold SQL's {@code = 1} fail for a reason that is ours, not the
 * dialect's). Text is compared byte-wise on both servers, as SQLite's default BINARY collation does.
 */
final class ColumnTypeMapper {
    private static final Pattern PRECISION = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    /** The decided column: its DDL type, a converter for values, and why text was chosen if it was a fallback. */
    record Mapped(String ddlType, Function<Object, Object> convert, String fallbackReason) {
    }

    private ColumnTypeMapper() {
    }

    static Mapped map(TargetKind target, String declared, List<Object> values) {
        String d = declared == null ? "" : declared.toLowerCase(Locale.ROOT).trim();
        Matcher p = PRECISION.matcher(d);
        Integer precision = p.find() ? Integer.valueOf(p.group(1)) : null;
        Integer scale = precision != null && p.group(2) != null ? Integer.valueOf(p.group(2)) : null;
        if (d.contains("int") || d.startsWith("bool")) {
            return integral(target, values).orElse(text(target, values, declared + " column holds non-integer values"));
        }
        if (d.contains("char") || d.contains("clob") || d.contains("text")) {
            return text(target, values, null, d.contains("char") ? precision : null);
        }
        if (d.contains("blob")) {
            return new Mapped(target == TargetKind.POSTGRESQL ? "BYTEA" : "LONGBLOB", v -> v, null);
        }
        if (d.contains("real") || d.contains("floa") || d.contains("doub")) {
            return allMatch(values, ColumnTypeMapper::isNumber)
                    ? new Mapped(target == TargetKind.POSTGRESQL ? "DOUBLE PRECISION" : "DOUBLE", ColumnTypeMapper::toDouble, null)
                    : text(target, values, declared + " column holds non-numeric values");
        }
        if (d.equals("date")) {
            return allMatch(values, ColumnTypeMapper::isDate)
                    ? new Mapped("DATE", v -> v == null ? null : Date.valueOf(LocalDate.parse(v.toString().trim())), null)
                    : text(target, values, "DATE column holds values that are not yyyy-mm-dd");
        }
        if (d.contains("datetime") || d.contains("timestamp")) {
            return allMatch(values, ColumnTypeMapper::isDateTime)
                    ? new Mapped(target == TargetKind.POSTGRESQL ? "TIMESTAMP" : "DATETIME(6)",
                    v -> v == null ? null : Timestamp.valueOf(LocalDateTime.parse(v.toString().trim(), DATE_TIME)), null)
                    : text(target, values, declared + " column holds values that are not yyyy-mm-dd hh:mm:ss");
        }
        if ((d.startsWith("decimal") || d.startsWith("numeric")) && precision != null) {
            int s = scale == null ? 0 : scale;
            String type = "DECIMAL(" + precision + "," + s + ")";
            return allMatch(values, v -> fitsDecimal(v, precision, s))
                    ? new Mapped(type, ColumnTypeMapper::toDecimal, null)
                    : text(target, values, declared + " column holds values outside " + type);
        }
        // NUMERIC affinity without a precision (number, numeric, year, empty): the values decide.
        var whole = integral(target, values);
        if (whole.isPresent()) {
            return whole.get();
        }
        if (allMatch(values, ColumnTypeMapper::isNumber)) {
            return new Mapped(target == TargetKind.POSTGRESQL ? "DOUBLE PRECISION" : "DOUBLE", ColumnTypeMapper::toDouble, null);
        }
        return text(target, values, d.isEmpty() ? null : declared + " column holds non-numeric values");
    }

    private static java.util.Optional<Mapped> integral(TargetKind target, List<Object> values) {
        if (!allMatch(values, ColumnTypeMapper::isInteger)) {
            return java.util.Optional.empty();
        }
        boolean fitsInt = allMatch(values, v -> {
            long l = toLong(v);
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
        });
        return java.util.Optional.of(fitsInt ? new Mapped("INTEGER", v -> v == null ? null : (int) toLong(v), null)
                : new Mapped("BIGINT", v -> v == null ? null : toLong(v), null));
    }

    private static Mapped text(TargetKind target, List<Object> values, String fallbackReason) {
        return text(target, values, fallbackReason, null);
    }

    private static Mapped text(TargetKind target, List<Object> values, String fallbackReason, Integer declaredLength) {
        int max = 1;
        for (Object v : values) {
            if (v != null) {
                max = Math.max(max, asText(v).length());
            }
        }
        String type;
        if (declaredLength != null && max <= declaredLength) {
            type = "VARCHAR(" + declaredLength + ")";
        } else if (target == TargetKind.MARIADB) {
            // MariaDB cannot index TEXT without a prefix length, and keys are what the foreign keys need.
            type = max <= 255 ? "VARCHAR(255)" : max <= 768 ? "VARCHAR(768)" : "TEXT";
        } else {
            type = "TEXT";
        }
        if (target == TargetKind.POSTGRESQL) {
            type += " COLLATE \"C\"";
        }
        return new Mapped(type, v -> v == null ? null : asText(v), fallbackReason);
    }

    private static boolean allMatch(List<Object> values, java.util.function.Predicate<Object> test) {
        for (Object v : values) {
            if (v != null && !test.test(v)) {
                return false;
            }
        }
        return true;
    }

    static String asText(Object v) {
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return v.toString();
    }

    private static boolean isInteger(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return true;
        }
        if (v instanceof String s) {
            return s.trim().matches("[-+]?\\d{1,18}");
        }
        return false;
    }

    private static long toLong(Object v) {
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    }

    private static boolean isNumber(Object v) {
        if (v instanceof Number) {
            return true;
        }
        if (v instanceof String s) {
            try {
                Double.parseDouble(s.trim());
                return !s.isBlank() && !s.trim().matches("(?i).*(nan|infinity).*");
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static Object toDouble(Object v) {
        return v == null ? null : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
    }

    private static Object toDecimal(Object v) {
        return v == null ? null : new BigDecimal(v.toString().trim());
    }

    private static boolean fitsDecimal(Object v, int precision, int scale) {
        if (!isNumber(v)) {
            return false;
        }
        BigDecimal b = new BigDecimal(v.toString().trim());
        return b.scale() <= scale && b.precision() - b.scale() <= precision - scale;
    }

    private static boolean isDate(Object v) {
        try {
            LocalDate.parse(v.toString().trim());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDateTime(Object v) {
        try {
            LocalDateTime.parse(v.toString().trim(), DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
