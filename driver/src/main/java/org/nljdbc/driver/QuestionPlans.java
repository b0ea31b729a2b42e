package org.nljdbc.driver;

import java.sql.SQLException;
import java.util.List;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.internal.Answer;
import org.nljdbc.translator.internal.Translation;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.catalog.Catalog;

/** Plans of prepared and wrapped questions: translated and checked once, run on each execution. */
final class QuestionPlans {
    private QuestionPlans() {
    }

    /**
     * Translates {@code question} as an independent question (no follow-up, not a turn of the conversation: a
     * wrapped or prepared question is a fixed query, whose meaning must not depend on what else ran on the
     * connection) through the whole pipeline, without running it. For a wrapped question the translated SQL (before
     * the guard's rewrites) is spliced into the wrapper and the whole statement, exactly as it will run, is checked
     * by the guard: one read-only query, visible tables only, masks, tenant filters and the row limit on everything
     * it reads. Under {@code nl.passthrough=deny} the wrapper may read no table the question does not.
     *
     * @param wrapped the statement around the question, or null for a question of its own
     */
    static NlPlan plan(NlConnection connection, String question, WrappedQuestion wrapped) throws SQLException {
        if (wrapped != null && wrapped.showsSql()) {
            return showSqlPlan(connection, question, wrapped);
        }
        NlCommand.requireQuestion(question);
        Catalog catalog = connection.catalog();
        Answer<Verdict.Accepted> answer;
        // Nothing runs here: the plan runs later, timed as the execution stage of the statement that runs it.
        try (org.nljdbc.driver.observe.StageClock.Muted planning = connection.stages.without(
                org.nljdbc.translator.internal.Stage.EXECUTION)) {
            answer = connection.translator.answer(question, "", catalog, connection.dialect,
                    connection.runtime.guard, new ShowSqlRunner(connection, question, catalog));
        }
        return finish(connection, question, wrapped, catalog, answer);
    }

    /**
     * As {@link #plan}, with {@code sql} written for the question elsewhere (its shape's confirmed template) in
     * place of a translation; through the same checkpoint. Empty when it no longer passes: translate afresh.
     */
    static java.util.Optional<NlPlan> planWith(NlConnection connection, String question, String sql,
                                               WrappedQuestion wrapped) throws SQLException {
        if (wrapped != null && wrapped.showsSql()) {
            return java.util.Optional.of(showSqlPlan(connection, question, wrapped)); // its report, not a template's
        }
        Catalog catalog = connection.catalog();
        java.util.Optional<Answer<Verdict.Accepted>> answer;
        try (org.nljdbc.driver.observe.StageClock.Muted planning = connection.stages.without(
                org.nljdbc.translator.internal.Stage.EXECUTION)) {
            answer = connection.translator.answerWith(question, sql, catalog, connection.dialect,
                    connection.runtime.guard, new ShowSqlRunner(connection, question, catalog));
        }
        return answer.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(finish(connection, question, wrapped, catalog, answer.get()));
    }

    private static NlPlan finish(NlConnection connection, String question, WrappedQuestion wrapped, Catalog catalog,
                                 Answer<Verdict.Accepted> answer) throws SQLException {
        Translation inner = answer.translation();
        if (wrapped == null) {
            return new NlPlan(ResultNaming.reporting(inner, answer.value()), answer.value(), catalog.fingerprint());
        }
        // The wrapper reads the question's columns by the names the question gives them.
        String whole = wrapped.around(ResultNaming.apply(AnswerTurns.baseSql(inner), question, catalog, connection.dialect));
        Verdict verdict = connection.runtime.guard.check(whole, connection.dialect, Translator.visibleSchema(catalog));
        if (verdict instanceof Verdict.Refused refused) {
            throw new org.nljdbc.translator.PolicyRefusedException(refused, whole);
        }
        Verdict.Accepted accepted = (Verdict.Accepted) verdict;
        if (connection.runtime.passthrough == NlConfig.Passthrough.DENY) {
            java.util.Set<String> own = lower(org.nljdbc.translator.internal.conversation.QueryTables.of(AnswerTurns.baseSql(inner),
                    connection.dialect));
            for (String t : lower(org.nljdbc.translator.internal.conversation.QueryTables.of(whole, connection.dialect))) {
                if (!own.contains(t)) {
                    throw new java.sql.SQLSyntaxErrorException("refused: with nl.passthrough=deny the SQL around an "
                            + "NL question may read only the question's result, not " + t, "42501");
                }
            }
        }
        String cost = WrapperCost.check(whole, accepted.sql(), accepted.parameters(), catalog, connection.dialect,
                connection.runtime.dialects, connection.delegate);
        Translation t = new Translation(inner.question(), accepted.sql(), accepted.parameters(), accepted.rewrites(),
                inner.source(), inner.tables(), inner.attempts(), inner.promptTokens(), inner.completionTokens(),
                inner.schemaTokens(), inner.fullSchemaTokens(), cost);
        return new NlPlan(t, accepted, catalog.fingerprint());
    }

    /**
     * A wrapped {@code (NL SHOWSQL: q)}: the question is translated and checked as {@code NL SHOWSQL:} does and
     * nothing of it runs; its report's row, written as a literal-only {@code SELECT}, is spliced in, and the whole
     * statement, exactly as it will run, goes through the guard like any wrapped query and runs on the delegate.
     */
    private static NlPlan showSqlPlan(NlConnection connection, String question, WrappedQuestion wrapped)
            throws SQLException {
        ShowSqlCommand.WrappedReport report = ShowSqlCommand.wrapped(connection, question);
        Catalog catalog = connection.catalog();
        String whole = wrapped.around(ShowSqlTable.select(ShowSqlCommand.SHOWSQL_COLUMNS, report.row(),
                connection.dialect));
        Verdict verdict = connection.runtime.guard.check(whole, connection.dialect, Translator.visibleSchema(catalog));
        if (verdict instanceof Verdict.Refused refused) {
            throw new org.nljdbc.translator.PolicyRefusedException(refused, whole);
        }
        Verdict.Accepted accepted = (Verdict.Accepted) verdict;
        if (connection.runtime.passthrough == NlConfig.Passthrough.DENY
                && !org.nljdbc.translator.internal.conversation.QueryTables.of(whole, connection.dialect).isEmpty()) {
            throw new java.sql.SQLSyntaxErrorException("refused: with nl.passthrough=deny the SQL around an "
                    + "NL SHOWSQL question may read only its report, not a table", "42501");
        }
        Translation inner = report.translation();
        // The last attempt is the question's own SQL, so that a question shape learns it rather than the report.
        List<org.nljdbc.translator.internal.Attempt> attempts = inner.attempts().isEmpty()
                ? List.of(new org.nljdbc.translator.internal.Attempt(AnswerTurns.baseSql(inner), null, 0, 0))
                : inner.attempts();
        Translation t = new Translation(inner.question(), accepted.sql(), accepted.parameters(), accepted.rewrites(),
                inner.source(), inner.tables(), attempts, inner.promptTokens(), inner.completionTokens(),
                inner.schemaTokens(), inner.fullSchemaTokens(), inner.cost());
        return new NlPlan(t, accepted, catalog.fingerprint());
    }

    private static java.util.Set<String> lower(List<String> names) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String n : names) {
            String bare = n.replace("\"", "").replace("`", "");
            out.add(bare.substring(bare.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }
}
