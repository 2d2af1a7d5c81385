package dev.hud.common.problem;

import java.util.List;

/** Thrown by a resource or service to answer with a {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    /** With a Retry-After header (429, 503). */
    public ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not found", detail));
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(
                Problem.invalid(field + ": " + message, List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new ProblemException(Problem.invalid(detail, errors));
    }

    public Problem problem() {
        return problem;
    }
}
