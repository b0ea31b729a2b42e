package org.nljdbc.driver;

import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.internal.Translation;

/**
 * How an NL query will run, decided before it runs (prepared statements translate once, when prepared): the
 * question's translation, reported with the text that runs, and that text exactly as the guard accepted it.
 *
 * @param translation the translation, its {@code sql} the whole statement as it runs (for a wrapped question, the
 *                    wrapper with the translated SQL in it)
 * @param accepted    the guard's verdict on exactly that text
 * @param catalogFingerprint the catalog it was checked against; a changed catalog means translating again
 */
record NlPlan(Translation translation, Verdict.Accepted accepted, String catalogFingerprint) {
}
