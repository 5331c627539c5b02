package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** A secret (B, イ, ロ, ト, チ or card digits) did not match. The failure has been counted. */
public final class WrongSecretException extends IssuerException {

    private final String secretLabel;
    private final int triesLeft;

    public WrongSecretException(String secretLabel, int triesLeft) {
        super("wrong secret " + secretLabel + " (" + triesLeft + " tries left)");
        this.secretLabel = secretLabel;
        this.triesLeft = triesLeft;
    }

    /** The manual's label of the secret that was wrong, e.g. "イ". */
    public String secretLabel() {
        return secretLabel;
    }

    /** Wrong secrets still allowed before the account locks; 0 means this one locked it. */
    public int triesLeft() {
        return triesLeft;
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.CREDENTIALS_REJECTED;
    }
}
