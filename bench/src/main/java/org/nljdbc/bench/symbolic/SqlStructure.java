package org.nljdbc.bench.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserTokenManager;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.SimpleCharStream;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;

/**
 * The structure of a query: what stays when every literal and every name is abstracted away, so that two queries
 * with the same structure differ only in which tables, columns and values they name ("how many singers are from
 * France" and "how many concerts were in 2014" share {@code SELECT COUNT ( * ) FROM id WHERE id = ?}).
 *
 * <p>Definition: the query is parsed with JSqlParser and printed back (canonical spacing, keywords, {@code !=} as
 * {@code <>}; when it does not parse, its own text is used); that text is split by JSqlParser's own lexer, and each
 * token becomes: a string or number literal, or a double-quoted word that names nothing in the schema (SQLite reads
 * it as a string), {@code ?}; a table, column or alias name ({@code id}) unless a {@code (} follows it (a function
 * keeps its name, upper-cased); anything else (keywords, operators, punctuation, {@code *}) itself, upper-cased.
 * Then a qualified name {@code id . id} is one {@code id}, an alias ({@code AS id}) is dropped, and {@code id id}
 * (an alias without {@code AS}) is one {@code id}. Kept, therefore: the clauses, joins and their count, aggregate
 * and other functions, operators, set operations, subqueries, ORDER BY direction, the shape of LIMIT.
 */
final class SqlStructure {
    private SqlStructure() {
    }

    /**
     * @param names the lower-case table and column names of the query's database (words the lexer reads as
     *              keywords, such as {@code name} or {@code year}, are names when the schema has them)
     */
    static String of(String sql, Set<String> names) {
        String text;
        try {
            text = CCJSqlParserUtil.parse(sql).toString();
        } catch (Exception | Error unparsed) {
            text = sql;
        }
        List<Token> tokens = new ArrayList<>();
        CCJSqlParserTokenManager lexer = new CCJSqlParserTokenManager(new SimpleCharStream(new StringProvider(text)));
        try {
            for (Token t = lexer.getNextToken(); t.kind != CCJSqlParserConstants.EOF; t = lexer.getNextToken()) {
                tokens.add(t);
            }
        } catch (Error lexical) {
            return null;
        }
        Set<String> aliases = new java.util.HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).image.equalsIgnoreCase("AS")) {
                aliases.add(unquote(tokens.get(i + 1).image).toLowerCase(Locale.ROOT));
            }
        }
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).image.equals("(");
            String word = unquote(t.image).toLowerCase(Locale.ROOT);
            boolean named = names.contains(word) || aliases.contains(word);
            if (t.kind == CCJSqlParserConstants.S_CHAR_LITERAL || t.kind == CCJSqlParserConstants.S_LONG
                    || t.kind == CCJSqlParserConstants.S_DOUBLE
                    || t.kind == CCJSqlParserConstants.S_QUOTED_IDENTIFIER && t.image.startsWith("\"") && !named) {
                symbols.add("?");
            } else if (call) {
                symbols.add(t.image.toUpperCase(Locale.ROOT));
            } else if (named || t.kind == CCJSqlParserConstants.S_IDENTIFIER
                    || t.kind == CCJSqlParserConstants.S_QUOTED_IDENTIFIER) {
                symbols.add("id");
            } else {
                symbols.add(t.image.toUpperCase(Locale.ROOT));
            }
        }
        return String.join(" ", collapse(symbols));
    }

    private static List<String> collapse(List<String> in) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String s = in.get(i);
            int n = out.size();
            if (s.equals("id") && n >= 2 && out.get(n - 1).equals(".") && out.get(n - 2).equals("id")) {
                out.remove(n - 1);
            } else if (s.equals("id") && n >= 1 && out.get(n - 1).equals("AS")) {
                out.remove(n - 1);
            } else if (s.equals("id") && n >= 1 && out.get(n - 1).equals("id")) {
                continue;
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static String unquote(String image) {
        if (image.length() >= 2 && (image.startsWith("\"") && image.endsWith("\"")
                || image.startsWith("`") && image.endsWith("`") || image.startsWith("[") && image.endsWith("]"))) {
            return image.substring(1, image.length() - 1);
        }
        return image;
    }
}
