package org.nljdbc.driver.observe;

/**
 * {@code nl.llm.price}: what a million input and a million output tokens cost, e.g. {@code 2.50,10.00}, in whatever
 * currency the administrator thinks in. An estimate only: nljdbc knows no provider's prices.
 */
public record Price(double inputPerMillion, double outputPerMillion) {
    public static final Price NONE = new Price(0, 0);

    public static Price parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        String[] parts = setting.split(",");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            Price p = new Price(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            if (p.inputPerMillion < 0 || p.outputPerMillion < 0 || !Double.isFinite(p.inputPerMillion + p.outputPerMillion)) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nl.llm.price must be two prices per million tokens, input and output, "
                    + "e.g. 2.50,10.00; got \"" + setting + "\"");
        }
    }

    /** The estimated cost of one question's tokens. */
    public double cost(long promptTokens, long completionTokens) {
        return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000.0;
    }
}
