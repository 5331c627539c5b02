package keybound.server.api;

/** An RFC 9457 problem document as the API renders it, with keybound's stable {@code code}. */
public record ProblemDocument(String type, String title, int status, String code, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static ProblemDocument of(ApiProblem problem) {
        ProblemCode code = problem.code();
        return new ProblemDocument(code.type(), code.title(), code.status(), code.code(), problem.detail());
    }

    public static ProblemDocument of(ProblemCode code) {
        return of(new ApiProblem(code));
    }
}
