package dev.hud.common.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every HUD 4xx/5xx answer ({@code application/problem+json}).
 *
 * @param errors  for invalid input: each field at fault and what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: its name (a JSON path such as {@code rows[2].mean_radius}) and the reason. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem("about:blank", "Invalid request", 400, detail, null, List.copyOf(errors));
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }
}
