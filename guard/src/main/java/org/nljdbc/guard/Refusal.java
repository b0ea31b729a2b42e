package org.nljdbc.guard;

/** Internal control flow: the first rule that fails ends the check. Never escapes {@link SqlGuard}. */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Verdict.Reason reason;

    Refusal(Verdict.Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Verdict.Refused verdict() {
        return new Verdict.Refused(reason, getMessage());
    }
}
