package org.nljdbc.translator.internal;

/** What running a question produced: the runner's value and how it was obtained. */
public record Answer<T>(T value, Translation translation) {
}
