package org.nljdbc.driver;

import java.sql.SQLException;
import java.sql.Wrapper;

/** The {@link Wrapper} contract shared by every nljdbc wrapper: ourselves first, then the delegate's chain. */
final class Wrappers {
    private Wrappers() {
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
