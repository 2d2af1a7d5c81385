package dev.hud.gateway.account;

import java.io.IOException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.auth.Sessions;
import dev.hud.gateway.media.Cdn;
import dev.hud.gateway.quotas.Quotas;
import dev.hud.gateway.users.User;
import dev.hud.gateway.users.UserService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;
import io.vertx.ext.web.RoutingContext;

/** The caller's own account: who they are, and their avatar (stored by the cdn, which checks the image). */
@Path("/api/account")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AccountResource {

    /** The caller; {@code avatar} is the image's cdn path. */
    public record Account(long id, String username, String role, String avatar) {
        static Account of(User user) {
            return new Account(user.id, user.username, user.role,
                    user.avatarMedia == null ? null : "/media/" + user.avatarMedia);
        }
    }

    public record PasswordChange(String currentPassword, String newPassword) {
    }

    private final Cdn cdn;
    private final JsonWebToken caller;
    private final ObjectMapper json;
    private final UserService users;
    private final Sessions sessions;
    private final Quotas quotas;

    AccountResource(Cdn cdn, JsonWebToken caller, ObjectMapper json, UserService users, Sessions sessions,
            Quotas quotas) {
        this.quotas = quotas;
        this.cdn = cdn;
        this.caller = caller;
        this.json = json;
        this.users = users;
        this.sessions = sessions;
    }

    @GET
    @Operation(summary = "The caller's account")
    public Account get() {
        return Account.of(me());
    }

    @GET
    @Path("/quota")
    @Operation(summary = "The caller's limits (jobs at once, work per job and per day) and what they use now")
    public Quotas.View quota() {
        return QuarkusTransaction.requiringNew().call(() -> quotas.of(me().id));
    }

    @PUT
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change your own password: every other session ends, this one gets a new token")
    @CustomDeserialization(StrictJson.class)
    public Response password(PasswordChange change, RoutingContext request) {
        if (change == null) {
            throw ProblemException.invalid("body", "a JSON object with currentPassword and newPassword");
        }
        return sessions.open(users.changeOwnPassword(caller.getName(), change.currentPassword(), change.newPassword()),
                request);
    }

    @PUT
    @Path("/avatar")
    @Consumes({ "image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_OCTET_STREAM })
    @Operation(
            summary = "Set the caller's avatar (PNG, JPEG or WebP, at most 2 MB and 4096 px a side; the cdn checks it)")
    public Response avatar(byte[] image) {
        if (image == null || image.length == 0) {
            throw ProblemException.invalid("body", "an image (PNG, JPEG or WebP)");
        }
        String id;
        try (Response stored = cdn.required().upload(cdn.asUser(caller.getName()), "avatar", "avatar", image)) {
            id = json.readTree(stored.readEntity(String.class)).path("id").asText();
        } catch (WebApplicationException refused) {
            // The cdn's problem (413 too large, 415 not an image) is the caller's answer.
            Response answer = refused.getResponse();
            return Response.status(answer.getStatus()).type(answer.getMediaType())
                    .entity(answer.readEntity(String.class)).build();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer from the cdn", e);
        }
        return Response.ok(QuarkusTransaction.requiringNew().call(() -> {
            User user = me();
            user.avatarMedia = id;
            return Account.of(user);
        })).build();
    }

    private User me() {
        return User.findByUsername(caller.getName())
                .orElseThrow(() -> ProblemException.notFound("no user " + caller.getName()));
    }
}
