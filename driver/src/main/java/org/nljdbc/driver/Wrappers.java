package org.nljdbc.driver;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Wrapper;

/**
 * The {@link Wrapper} contract shared by every nljdbc wrapper: ourselves first, then the delegate's chain. Under
 * {@code nl.passthrough=readonly} and {@code deny} the delegate's objects are never handed out: with the raw
 * connection (or a statement or result set that leads to it) any SQL would run past the guard.
 */
final class Wrappers {
    private Wrappers() {
    }

    /**
     * @param owner the connection whose {@code nl.passthrough} decides, or null for wrappers around objects of
     *              our own (which lead to no database)
     */
    static <T> T unwrap(NlConnection owner, Object self, Wrapper delegate, Class<T> iface) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        if (owner != null && owner.restricted()) {
            throw new SQLSyntaxErrorException("refused: unwrap(" + iface.getName() + ") would hand out the "
                    + "delegate driver's own object, which runs SQL past the guard; not allowed with nl.passthrough="
                    + owner.runtime.passthrough.name().toLowerCase(java.util.Locale.ROOT)
                    + " (use nl.passthrough=allow for trusted code that needs the driver's own API)", "42501");
        }
        return unwrap(self, delegate, iface);
    }

    /** Under readonly/deny only our own types: the delegate's are not available (unwrap would refuse them). */
    static boolean isWrapperFor(NlConnection owner, Object self, Wrapper delegate, Class<?> iface)
            throws SQLException {
        if (iface.isInstance(self)) {
            return true;
        }
        return (owner == null || !owner.restricted()) && isWrapperFor(self, delegate, iface);
    }

    static <T> T unwrap(Object self, Wrapper delegate, Class<T> iface) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        // Some drivers (sqlite-jdbc) cast instead of throwing; ask first so callers always get an SQLException.
        if (!delegate.isWrapperFor(iface)) {
            throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
        }
        return delegate.unwrap(iface);
    }

    static boolean isWrapperFor(Object self, Wrapper delegate, Class<?> iface) throws SQLException {
        return iface.isInstance(self) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }
}
