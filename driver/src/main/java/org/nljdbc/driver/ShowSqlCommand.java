package org.nljdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.internal.Translation;
import org.nljdbc.translator.internal.Translator;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.conversation.ConversationAnswer;
import org.nljdbc.translator.internal.conversation.FollowUp;
import org.nljdbc.translator.internal.explain.ChartAdvisor;
import org.nljdbc.translator.internal.explain.SqlExplainer;

/**
 * {@code NL SHOWSQL: q} and {@code NL EXPLAIN: q} (or of plain SQL): translate and check, run nothing, and report
 * in one row (the SQL, tables, warnings, chart advice, cost and tokens, the whole report as JSON).
 */
final class ShowSqlCommand {
    private ShowSqlCommand() {
    }

    /** The columns of the {@code NL SHOWSQL} row, in order; the wrapped form's derived table has the same. */
    static final String[] SHOWSQL_COLUMNS = {"sql", "tables", "warnings", "chart", "cost", "prompt_tokens",
        "completion_tokens", "report", "llm_cost"};

    /** The values of the {@code NL SHOWSQL} row: strings, {@code Integer}s (the token counts) or null. */
    private static Object[] showSqlRow(Translation translation, List<String> warnings, ChartAdvisor.Advice chart,
                                       NlResult result) {
        return new Object[] {translation.sql(), String.join(", ", translation.tables()),
            String.join("; ", warnings), chart.toString(), translation.cost(), translation.promptTokens(),
            translation.completionTokens(), result.toJson(),
            String.format(java.util.Locale.ROOT, "%.6f", result.estimatedCost())};
    }

    /** A wrapped {@code (NL SHOWSQL: q)}: the question's checked translation and the row it reports. */
    record WrappedReport(Translation translation, Object[] row) {
    }

    /**
     * Translates and checks {@code question} as {@code NL SHOWSQL:} does, nothing of it runs, and returns the row
     * that form reports. As every wrapped question it is an independent question, not a turn of the conversation
     * (Spark sends the same wrapped text twice, and a prepared statement plans it once): no follow-up, turn 0.
     */
    static WrappedReport wrapped(NlConnection connection, String question) throws SQLException {
        NlCommand.requireQuestion(question);
        Catalog catalog = connection.catalog();
        org.nljdbc.translator.internal.Answer<Verdict.Accepted> answer;
        try (org.nljdbc.driver.observe.StageClock.Muted describing = connection.stages.without(
                org.nljdbc.translator.internal.Stage.EXECUTION)) {
            answer = connection.translator.answer(question, "", catalog, connection.dialect,
                    connection.runtime.guard, new ShowSqlRunner(connection, question, catalog));
        }
        Translation translation = ResultNaming.reporting(answer.translation(), answer.value());
        List<String> warnings = new ArrayList<>();
        translation.rewrites().forEach(r -> warnings.add("guard: " + r));
        ChartAdvisor.Advice chart = ChartAdvisor.advise(translation.sql(), catalog);
        NlResult result = new NlResult("showsql", translation, warnings, chart, 0, null);
        result.estimatedCost(connection.runtime.price.cost(translation.promptTokens(),
                translation.completionTokens()));
        return new WrappedReport(translation, showSqlRow(translation, warnings, chart, result));
    }

    static ResultSet answer(NlStatement st, NlCommand command) throws SQLException {
        NlConnection connection = st.connection;
        NlCommand.requireQuestion(command.question());
        Catalog catalog = connection.catalog();
        boolean explain = command.kind() == NlCommand.Kind.EXPLAIN;
        Translation translation;
        List<String> warnings = new ArrayList<>();
        FollowUp followUp = null;
        int turnNumber = 0;
        if (explain) {
            // The text is untrusted SQL that the explainer and the guard would parse: size limits first, fast.
            Optional<Verdict.Refused> tooBig = org.nljdbc.guard.SqlGuard.checkSize(command.question());
            if (tooBig.isPresent()) {
                throw new java.sql.SQLSyntaxErrorException(tooBig.get().message(), tooBig.get().sqlState());
            }
        }
        if (explain && SqlExplainer.isQuery(command.question())) {
            // NL EXPLAIN: <sql> explains the SQL as given; the guard's verdict is reported, nothing runs.
            String sql = command.question();
            Verdict v = connection.runtime.guard.check(sql, connection.dialect, Translator.visibleSchema(catalog));
            if (v instanceof Verdict.Refused r) {
                warnings.add("guard would refuse it: " + r.message());
            } else {
                ((Verdict.Accepted) v).rewrites().forEach(r -> warnings.add("guard would rewrite it: " + r));
            }
            translation = new Translation(sql, sql, List.of(), List.of(), org.nljdbc.translator.Source.SQL, List.of(), List.of(), 0, 0, 0, 0);
        } else {
            ConversationAnswer<Verdict.Accepted> turnAnswer;
            // Nothing runs: the runner only describes, so no execution stage is timed or traced.
            try (org.nljdbc.driver.observe.StageClock.Muted describing = connection.stages.without(
                    org.nljdbc.translator.internal.Stage.EXECUTION)) {
                turnAnswer = connection.translator.answer(command.question(), connection.conversation, catalog,
                        connection.dialect, connection.runtime.guard,
                        new ShowSqlRunner(connection, command.question(), catalog));
            }
            translation = ResultNaming.reporting(turnAnswer.answer().translation(), turnAnswer.answer().value());
            translation.rewrites().forEach(r -> warnings.add("guard: " + r));
            followUp = turnAnswer.followUp();
            AnswerTurns.followUpWarning(followUp).ifPresent(warnings::add);
            // Checking the SQL of a question first is part of the conversation: the next follow-up refines it.
            turnNumber = AnswerTurns.remember(connection.conversation, command.question(), translation, List.of(), followUp).number();
        }
        String kind = explain ? "explain" : "showsql";
        ChartAdvisor.Advice chart = ChartAdvisor.advise(translation.sql(), catalog);
        NlResult result = new NlResult(kind, translation, warnings, chart, turnNumber, followUp);
        result.estimatedCost(connection.runtime.price.cost(translation.promptTokens(),
                translation.completionTokens()));
        st.answered(result, List.of("NL " + kind + " (not run): " + translation.sql()));
        if (explain) {
            SqlExplainer.Explanation e = SqlExplainer.explain(translation.sql(), catalog);
            return InMemoryResults.single(st,
                    new String[] {"sql", "explanation", "issues", "suggestions", "warnings", "report"},
                    new Object[] {translation.sql(), e.summary(), String.join("; ", e.issues()),
                            String.join("; ", e.suggestions()), String.join("; ", warnings), result.toJson()});
        }
        return InMemoryResults.single(st, SHOWSQL_COLUMNS, showSqlRow(translation, warnings, chart, result));
    }
}
