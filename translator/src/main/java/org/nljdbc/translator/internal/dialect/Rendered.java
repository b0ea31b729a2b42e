package org.nljdbc.translator.internal.dialect;

import java.util.Optional;

/**
 * SQL for one target database.
 *
 * @param sql      the text to guard and run: Calcite's rendering, or the original text when rendering fell back
 * @param target   the database it is for
 * @param fallback whether this is the original text because Calcite could not render the query
 * @param reason   why rendering fell back; null when it did not
 * @param nanos    time spent converting and rendering
 */
public record Rendered(String sql, RenderTarget target, boolean fallback, String reason, long nanos) {
    /** Why rendering fell back, when it did. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(reason);
    }
}
