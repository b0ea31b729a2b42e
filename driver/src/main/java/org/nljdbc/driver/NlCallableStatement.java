package org.nljdbc.driver;

import java.sql.CallableStatement;

/** A callable statement on the delegate, wrapped so it leads back to the NL connection. */
final class NlCallableStatement extends DelegatingCallableStatement {
    NlCallableStatement(NlConnection connection, CallableStatement delegate) {
        super(connection, delegate);
    }
}
