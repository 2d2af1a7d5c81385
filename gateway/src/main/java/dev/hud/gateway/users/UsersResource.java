package dev.hud.gateway.users;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

/** Admins manage users. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ADMIN)
public class UsersResource {

    public record NewUser(String username, String password, String role) {
    }

    public record UserView(long id, String username, String role, boolean disabled, String avatarMedia,
            OffsetDateTime createdAt) {
        static UserView of(User user) {
            return new UserView(user.id, user.username, user.role, user.disabled, user.avatarMedia, user.createdAt);
        }
    }

    /** What an admin changes: either or both. */
    public record Change(String role, Boolean disabled) {
    }

    public record NewPassword(String password) {
    }

    private final UserService users;

    UsersResource(UserService users) {
        this.users = users;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user (admins only)")
    @CustomDeserialization(StrictJson.class)
    public Response create(NewUser user) {
        if (user == null) {
            throw ProblemException.invalid("body", "a JSON object with username, password and role");
        }
        var created = users.create(user.username(), user.password(), user.role() == null ? User.USER : user.role());
        return Response.status(201).header("Location", "/api/users/" + created.id).entity(UserView.of(created)).build();
    }

    @GET
    @Operation(summary = "Every user (admins only)")
    public List<UserView> list() {
        return User.<User>listAll(Sort.by("username")).stream().map(UserView::of).toList();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a user's role or disable / enable them (their sessions end; the last admin stays one)")
    @CustomDeserialization(StrictJson.class)
    public UserView update(@PathParam("id") long id, Change change) {
        if (change == null || change.role() == null && change.disabled() == null) {
            throw ProblemException.invalid("body", "a JSON object with role, disabled or both");
        }
        return UserView.of(users.update(id, change.role(), change.disabled()));
    }

    @PUT
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a user's password (their sessions end)")
    @CustomDeserialization(StrictJson.class)
    public Response resetPassword(@PathParam("id") long id, NewPassword password) {
        users.resetPassword(id, password == null ? null : password.password());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a user who owns no jobs (409 otherwise: disable them instead)")
    public Response delete(@PathParam("id") long id) {
        users.delete(id);
        return Response.noContent().build();
    }
}
