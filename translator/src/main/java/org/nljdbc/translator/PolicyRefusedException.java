package org.nljdbc.translator;

import java.sql.SQLSyntaxErrorException;
import org.nljdbc.guard.Verdict;

/** The guard refused the SQL. SQLState 42501 for policy, 42000 for syntax; {@link #refusal()} has the reason. */
public class PolicyRefusedException extends SQLSyntaxErrorException {
    private static final long serialVersionUID = 1L;
    private final transient Verdict.Refused refusal;
    private final String sql;

    public PolicyRefusedException(Verdict.Refused refusal, String sql) {
        super(refusal.message(), refusal.sqlState());
        this.refusal = refusal;
        this.sql = sql;
    }

    public Verdict.Refused refusal() {
        return refusal;
    }

    /** The SQL that was refused. */
    public String sql() {
        return sql;
    }
}
