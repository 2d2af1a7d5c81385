package dev.hud.gateway.users;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hud.common.json.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

/** Admins manage users. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ADMIN)
public class UsersResource {

    public record NewUser(String username, String password, String role) {
    }

    public record UserView(long id, String username, String role, String avatarMedia) {
        static UserView of(User user) {
            return new UserView(user.id, user.username, user.role, user.avatarMedia);
        }
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
            throw dev.hud.common.problem.ProblemException.invalid("body", "a JSON object with username, password and role");
        }
        var created = users.create(user.username(), user.password(), user.role() == null ? User.USER : user.role());
        return Response.status(201).header("Location", "/api/users/" + created.id).entity(UserView.of(created)).build();
    }

    @GET
    @Operation(summary = "Every user (admins only)")
    public List<UserView> list() {
        return User.<User>listAll().stream().map(UserView::of).toList();
    }
}
