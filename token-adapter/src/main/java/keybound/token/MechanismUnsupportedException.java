package keybound.token;

/** The token cannot do what was asked (an algorithm, key size or mechanism it lacks). */
public final class MechanismUnsupportedException extends TokenException {
    public MechanismUnsupportedException(String message) {
        super(message);
    }
}
