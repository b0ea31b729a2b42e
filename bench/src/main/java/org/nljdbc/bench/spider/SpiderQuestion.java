package org.nljdbc.bench.spider;

/** One Spider question: its position in dev.json, database, text, gold SQL and difficulty. */
record SpiderQuestion(int index, String db, String question, String gold, Hardness hardness) {
}
