package org.nljdbc.guard;

import java.util.Locale;
import java.util.regex.Pattern;

/** A glob over identifiers ({@code *} any run of characters, {@code ?} one character), optionally case-sensitive. */
final class NamePattern {
    private final String glob;
    private final Pattern insensitive;
    private final Pattern sensitive;

    private NamePattern(String glob) {
        this.glob = glob;
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.insensitive = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        this.sensitive = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    static NamePattern of(String glob) {
        return new NamePattern(glob.trim());
    }

    boolean matches(String name) {
        return insensitive.matcher(name).matches();
    }

    boolean matchesExactCase(String name) {
        return sensitive.matcher(name).matches();
    }

    String glob() {
        return glob;
    }

    @Override
    public String toString() {
        return glob.toLowerCase(Locale.ROOT);
    }
}
