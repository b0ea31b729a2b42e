package org.nljdbc.translator.internal.symbolic;

/** What the LLM-free translator made of a question: an {@link SymbolicAnswer} or an {@link Abstention}. */
public sealed interface SymbolicOutcome permits SymbolicAnswer, Abstention {
}
