package org.nljdbc.translator.symbolic;

/** What the LLM-free translator made of a question: an {@link SymbolicAnswer} or an {@link Abstention}. */
public sealed interface SymbolicOutcome permits SymbolicAnswer, Abstention {
}
