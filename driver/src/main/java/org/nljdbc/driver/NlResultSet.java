package org.nljdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A delegate result set whose {@code getStatement()} is the NL statement that produced it. For NL results it
 * ends the NL transaction when closed and enforces {@code nl.maxResultBytes} as rows are read.
 */
final class NlResultSet extends DelegatingResultSet {
    private final Statement statement;
    private final Runnable onClose;
    private final long maxBytes;
    private long bytes;
    private boolean closed;
    private long rows;
    private boolean exhausted;
    private java.util.function.LongConsumer onFullyRead;
    /** Told the rows and bytes read once, when the caller has read them all or closed the result. */
    private org.nljdbc.driver.observe.Questions.Answered answered;
    private NlConnection connection;

    /**
     * @param statement the wrapping statement, or null for result sets that came from metadata
     * @param onClose   run once when closed, or null
     * @param maxBytes  ceiling on the estimated bytes read, or 0 for none
     */
    NlResultSet(Statement statement, ResultSet delegate, Runnable onClose, long maxBytes) {
        super(delegate);
        this.statement = statement;
        this.onClose = onClose;
        this.maxBytes = maxBytes;
    }

    /** Told the row count once the caller has read every row (a result closed early has no known count). */
    NlResultSet whenFullyRead(java.util.function.LongConsumer rowCount) {
        this.onFullyRead = rowCount;
        return this;
    }

    /** Counts what the caller reads for the metrics and the audit line of {@code question}. */
    NlResultSet whenDone(org.nljdbc.driver.observe.Questions.Answered question) {
        this.answered = question;
        return this;
    }

    private void done() {
        if (answered != null) {
            org.nljdbc.driver.observe.Questions.Answered a = answered;
            answered = null;
            a.read(rows, bytes);
        }
    }

    /** For result sets without a statement (metadata): the connection whose nl.passthrough governs unwrap. */
    NlResultSet ownedBy(NlConnection connection) {
        this.connection = connection;
        return this;
    }

    private NlConnection owner() {
        return statement instanceof NlStatement s ? s.connection : connection;
    }

    @Override
    Statement owningStatement() {
        return statement;
    }

    @Override
    public boolean next() throws SQLException {
        boolean more = delegate.next();
        if (more) {
            rows++;
        } else if (!exhausted) {
            exhausted = true;
            if (onFullyRead != null) {
                onFullyRead.accept(rows);
            }
            done();
        }
        if (more && (maxBytes > 0 || answered != null)) {
            bytes += estimateRowBytes();
            if (maxBytes > 0 && bytes > maxBytes) {
                close();
                throw new SQLException("the result is larger than nl.maxResultBytes (" + maxBytes
                        + " bytes); ask a narrower question or raise the setting", "54000");
            }
        }
        return more;
    }

    /** The delegate's column count, asked once (some drivers build their metadata object on every call). */
    private int columns = -1;

    private long estimateRowBytes() throws SQLException {
        if (columns < 0) {
            columns = delegate.getMetaData().getColumnCount();
        }
        int n = columns;
        long size = 0;
        for (int i = 1; i <= n; i++) {
            Object v = delegate.getObject(i);
            if (v instanceof CharSequence s) {
                size += 2L * s.length();
            } else if (v instanceof byte[] b) {
                size += b.length;
            } else {
                size += 8;
            }
        }
        return size;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            done();
            delegate.close();
        } finally {
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(owner(), this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Wrappers.isWrapperFor(owner(), this, delegate, iface);
    }
}
