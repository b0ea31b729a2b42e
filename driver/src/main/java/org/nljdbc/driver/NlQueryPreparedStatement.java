package org.nljdbc.driver;

import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code prepareStatement("NL: ...")} or a query wrapping {@code (NL: ...)}: the question is translated and checked
 * when the statement is prepared (through the translation cache), so {@link #getMetaData()} describes the columns
 * it will return without running it, and every execution runs that same checked SQL (translated again only when
 * the catalog changed). {@code NL SHOWSQL}, {@code NL EXPLAIN} and {@code NL RESET} are answered on each execution;
 * {@code NL SHOWSQL} takes the question's parameters as {@code NL:} does.
 */
final class NlQueryPreparedStatement extends ParameterlessPreparedStatement {
    private final NlCommand command;
    private final WrappedQuestion wrapped;
    private NlPlan plan;
    /** The delegate's prepared statement of the plan's SQL, kept open for its metadata only; never executed. */
    private java.sql.PreparedStatement described;
    private final QuestionParameters parameters;
    private final Object[] values;
    /** Plans of the filled-in questions already answered here, so a report filled many times is translated once. */
    private final java.util.Map<String, NlPlan> filled = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, NlPlan> eldest) {
            return size() > 256;
        }
    };
    private String planned;
    /** Plans whose translation is already reported, when prepared or by an execution (tokens are spent once). */
    private final java.util.Set<NlPlan> reported = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    NlQueryPreparedStatement(NlConnection connection, Statement delegate, NlCommand command) throws SQLException {
        this(connection, delegate, command, null);
    }

    /** @param wrapped the query around the question, or null when {@code command} is the statement */
    NlQueryPreparedStatement(NlConnection connection, Statement delegate, NlCommand command, WrappedQuestion wrapped)
            throws SQLException {
        super(connection, delegate);
        this.command = command;
        this.wrapped = wrapped;
        this.parameters = new QuestionParameters(planned() || command.kind() == NlCommand.Kind.SHOWSQL ? question() : "");
        this.values = new Object[parameters.count()];
        java.util.Arrays.fill(values, QuestionParameters.UNSET);
        if (planned() && parameters.count() == 0) {
            try {
                plan = ObservedPlans.prepare(connection, ObservedPlans.formOf(wrapped), question(),
                        () -> plan(question(), wrapped));
                reported.add(plan); // its translation is in the audit trail now
            } catch (SQLException | RuntimeException e) {
                close(); // a statement that could not be prepared is not handed out, so nobody else would close it
                throw e;
            }
        }
    }

    private boolean planned() {
        return wrapped != null || command.kind() == NlCommand.Kind.QUERY;
    }

    private String question() {
        return wrapped != null ? wrapped.question() : command.question();
    }

    /** The plan, translated again when the catalog it was checked against has changed. */
    private NlPlan currentPlan() throws SQLException {
        if (parameters.count() > 0) {
            String question = parameters.literalised(values);
            NlPlan p = filled.get(question);
            if (p == null || !connection.catalog().fingerprint().equals(p.catalogFingerprint())) {
                p = planFilled(question);
                filled.put(question, p);
            }
            if (!question.equals(planned)) {
                closeDescribed();
                planned = question;
            }
            return p;
        }
        if (!connection.catalog().fingerprint().equals(plan.catalogFingerprint())) {
            closeDescribed();
            plan = plan(question(), wrapped);
        }
        return plan;
    }

    /** Whether {@link #currentPlan()} would return a plan already made, without translating. */
    private boolean planIsCurrent() throws SQLException {
        String fingerprint = connection.catalog().fingerprint();
        NlPlan p = parameters.count() > 0 ? filled.get(parameters.literalised(values)) : plan;
        return p != null && fingerprint.equals(p.catalogFingerprint());
    }

    /**
     * Plans the question with this execution's values: from its shape's confirmed template when there is one
     * ({@link QuestionShapes}), otherwise translated, and what the translation shows teaches the template.
     */
    private NlPlan planFilled(String question) throws SQLException {
        WrappedQuestion around = wrapped == null ? null
                : new WrappedQuestion(wrapped.before(), question, wrapped.after());
        java.util.List<String> literals = parameters.sqlLiterals(values);
        String fingerprint = connection.catalog().fingerprint();
        QuestionShapes shapes = connection.runtime.shapes;
        java.util.Optional<String> reuse = shapes.fill(question(), fingerprint, literals);
        if (reuse.isPresent()) {
            java.util.Optional<NlPlan> p = QuestionPlans.planWith(connection, question, reuse.get(), around);
            if (p.isPresent()) {
                return p.get();
            }
        }
        NlPlan p = plan(question, around);
        shapes.learn(question(), fingerprint, literals, AnswerTurns.baseSql(p.translation()));
        return p;
    }

    private void bind(int index, Object value) throws SQLException {
        if (index < 1 || index > values.length) {
            throw index < 1 || values.length == 0 ? noParameter(index) : new SQLException("parameter index " + index
                    + " is out of range: the NL question has " + values.length + " parameter(s)", "07009");
        }
        values[index - 1] = value;
    }

    @Override
    public void setString(int i, String v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setInt(int i, int v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setLong(int i, long v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setShort(int i, short v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setDouble(int i, double v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setFloat(int i, float v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setBigDecimal(int i, java.math.BigDecimal v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setBoolean(int i, boolean v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setDate(int i, java.sql.Date v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setDate(int i, java.sql.Date v, java.util.Calendar cal) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setTimestamp(int i, java.sql.Timestamp v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setTimestamp(int i, java.sql.Timestamp v, java.util.Calendar cal) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setObject(int i, Object v) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setObject(int i, Object v, int targetSqlType) throws SQLException {
        bind(i, v);
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        bind(i, null);
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        bind(i, null);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        execute();
        return getResultSet();
    }

    @Override
    public boolean execute() throws SQLException {
        if (planned()) {
            ObservedPlans.run(this, ObservedPlans.formOf(wrapped), question(), () -> {
                NlPlan p = currentPlan();
                runPlan(p);
                if (reported.size() > 512) {
                    reported.clear();
                }
                return reported.add(p);
            });
        } else if (parameters.count() > 0) {
            // A report shows the SQL its parameterised question runs as (NL SHOWSQL: ... since $P{since}).
            runNl(new NlCommand(command.kind(), parameters.literalised(values)));
        } else {
            runNl(command);
        }
        return true;
    }

    @Override
    public int executeUpdate() throws SQLException {
        if (command.kind() == NlCommand.Kind.RESET) {
            runNl(command);
            return 0;
        }
        throw new SQLException("NL statements return rows; run them with executeQuery or execute", "0A000");
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return executeUpdate();
    }

    @Override
    public void addBatch() throws SQLException {
        throw new SQLException("NL statements cannot be batched; run them with executeQuery or execute", "0A000");
    }

    @Override
    public void clearParameters() {
        java.util.Arrays.fill(values, QuestionParameters.UNSET);
    }

    /**
     * The columns the statement returns, from the delegate's description of the checked SQL (prepared, not run);
     * for SHOWSQL, EXPLAIN and RESET those of the last execution, or null before one.
     */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        if (!planned()) {
            ResultSet rs = getResultSet();
            return rs == null ? null : rs.getMetaData();
        }
        if (java.util.Arrays.asList(values).contains(QuestionParameters.UNSET)) {
            return null; // the question is not complete until every parameter is bound
        }
        // A plan made here, outside any execution, is reported at once: the statement may never be executed.
        NlPlan p = planIsCurrent() ? currentPlan()
                : ObservedPlans.prepare(connection, ObservedPlans.formOf(wrapped), question(), this::currentPlan);
        reported.add(p);
        if (described == null) {
            described = connection.delegate.prepareStatement(p.accepted().sql());
        }
        return described.getMetaData();
    }

    private void closeDescribed() {
        if (described != null) {
            try {
                described.close();
            } catch (SQLException e) {
                NlConnection.logQuiet("closing a described statement", e);
            }
            described = null;
        }
    }

    @Override
    public void close() throws SQLException {
        closeDescribed();
        super.close();
    }

    @Override
    public ParameterMetaData getParameterMetaData() {
        return values.length == 0 ? NoParameters.INSTANCE : new QuestionParameterMetaData(values.length);
    }

    /** The question's parameters: any string, number, boolean, date or timestamp, never null. */
    record QuestionParameterMetaData(int count) implements ParameterMetaData {
        private void check(int param) throws SQLException {
            if (param < 1 || param > count) {
                throw new SQLException("parameter index " + param + " is out of range", "07009");
            }
        }

        @Override
        public int getParameterCount() {
            return count;
        }

        @Override
        public int isNullable(int param) throws SQLException {
            check(param);
            return parameterNoNulls;
        }

        @Override
        public boolean isSigned(int param) throws SQLException {
            check(param);
            return true;
        }

        @Override
        public int getPrecision(int param) throws SQLException {
            check(param);
            return 0;
        }

        @Override
        public int getScale(int param) throws SQLException {
            check(param);
            return 0;
        }

        @Override
        public int getParameterType(int param) throws SQLException {
            check(param);
            return java.sql.Types.OTHER;
        }

        @Override
        public String getParameterTypeName(int param) throws SQLException {
            check(param);
            return "OTHER";
        }

        @Override
        public String getParameterClassName(int param) throws SQLException {
            check(param);
            return Object.class.getName();
        }

        @Override
        public int getParameterMode(int param) throws SQLException {
            check(param);
            return parameterModeIn;
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    /** Parameter metadata of a statement without parameters. */
    enum NoParameters implements ParameterMetaData {
        INSTANCE;

        @Override
        public int getParameterCount() {
            return 0;
        }

        @Override
        public int isNullable(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public boolean isSigned(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public int getPrecision(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public int getScale(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public int getParameterType(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public String getParameterTypeName(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public String getParameterClassName(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public int getParameterMode(int param) throws SQLException {
            throw noParameter(param);
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
