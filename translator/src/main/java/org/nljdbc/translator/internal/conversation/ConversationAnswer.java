package org.nljdbc.translator.internal.conversation;

import org.nljdbc.translator.internal.Answer;

/**
 * An answer given within a conversation.
 *
 * @param followUp how the question refined an earlier turn; null when it was answered as an independent question
 */
public record ConversationAnswer<T>(Answer<T> answer, FollowUp followUp) {
}
