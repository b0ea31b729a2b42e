package org.nljdbc.translator.internal;

import org.nljdbc.translator.TranslationFailedException;

import java.util.Optional;

/** The end of the chain without a model: says why nothing could answer, and what would. */
final class NoAnswerStage implements AnswerStage {
    @Override
    public <T> Optional<Answer<T>> answer(Question question, SqlRunner<T> runner) throws TranslationFailedException {
        String why = question.abstention != null
                ? " The LLM-free translator could not answer it: " + question.abstention + "." : "";
        throw new TranslationFailedException("no LLM is configured, and this question needs one: \"" + question.text
                + "\"." + why + " Set nl.llm.provider=openai (or anthropic) with nl.llm.baseUrl and nl.llm.model; "
                + "for a local model run Ollama and use nl.llm.baseUrl=http://localhost:11434/v1");
    }
}
