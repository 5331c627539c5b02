package keybound.bankapi;

/** An RFC 9457 problem document as the API renders it, with keybound's stable {@code code}. */
public record ProblemDocument(String type, String title, int status, String code, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** {@code code}'s document; {@code detail} is shown to the client, so it never holds a secret. */
    public static ProblemDocument of(ProblemCode code, String detail) {
        return new ProblemDocument(code.type(), code.title(), code.status(), code.code(), detail);
    }
}
