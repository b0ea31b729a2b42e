package org.nljdbc.translator.internal.conversation;

/** Thrown when a recognised edit cannot be applied unambiguously; the refinement is then unclear. */
final class UnclearEditException extends Exception {
    UnclearEditException(String why) {
        super(why, null, false, false);
    }
}
