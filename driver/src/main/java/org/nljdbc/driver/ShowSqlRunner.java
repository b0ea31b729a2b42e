package org.nljdbc.driver;

import java.sql.Connection;
import java.util.Optional;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.internal.SqlRunner;
import org.nljdbc.translator.internal.catalog.Catalog;

/** SHOWSQL and EXPLAIN run nothing, but may still ask the database for its plan; columns named as they would run. */
final class ShowSqlRunner implements SqlRunner<Verdict.Accepted> {
    private final NlConnection connection;
    private final String question;
    private final Catalog catalog;

    ShowSqlRunner(NlConnection connection, String question, Catalog catalog) {
        this.connection = connection;
        this.question = question;
        this.catalog = catalog;
    }

    @Override
    public Verdict.Accepted run(Verdict.Accepted accepted) {
        return ResultNaming.apply(accepted, question, catalog, connection.dialect, connection.runtime.guard);
    }

    @Override
    public Optional<Connection> explainConnection() {
        return Optional.of(connection.delegate);
    }
}
