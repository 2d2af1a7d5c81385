package dev.hud.gateway.models;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.auth.TokenIssuer;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;

/**
 * Registered models: list, detail, download, predictions (computed by a trainer). A model is its owner's and admins',
 * and everyone's once its owner shares it; to anyone else it does not exist (404).
 */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ModelsResource {

    /** What an owner changes. */
    public record Sharing(Boolean shared) {
    }

    private final ModelViews views;
    private final TrainerClient trainer;
    private final JsonWebToken caller;
    private final TokenIssuer tokens;

    ModelsResource(ModelViews views, @RestClient TrainerClient trainer, JsonWebToken caller, TokenIssuer tokens) {
        this.tokens = tokens;
        this.views = views;
        this.trainer = trainer;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The models the caller may use (their own, shared ones; admins: all), newest first")
    public List<ModelViews.ModelView> list() {
        return views.all().stream().filter(model -> model.visibleTo(caller.getName(), admin())).toList();
    }

    @PUT
    @Path("/{id}/sharing")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Share a model with everyone, or make it private again (its owner or an admin)")
    @CustomDeserialization(StrictJson.class)
    public ModelViews.ModelView share(@PathParam("id") String id, Sharing sharing) {
        var model = find(id);
        if (sharing == null || sharing.shared() == null) {
            throw ProblemException.invalid("shared", "true or false");
        }
        if (!admin() && !caller.getName().equals(model.owner())) {
            throw new ProblemException(Problem.of(403, "Forbidden", "only its owner or an admin shares model " + id));
        }
        QuarkusTransaction.requiringNew().run(() -> Model.update("shared = ?1 where id = ?2", sharing.shared(), id));
        views.forget();
        return find(id);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One model: its cell, holdout metrics, features and files")
    public ModelViews.ModelView get(@PathParam("id") String id) {
        return find(id);
    }

    @GET
    @Path("/{id}/download")
    @Operation(summary = "Redirect to the model's file on the cdn, with an access link of a few minutes")
    public Response download(@PathParam("id") String id) {
        return toCdn(id, find(id).download(), "model");
    }

    @GET
    @Path("/{id}/out-of-bag")
    @Operation(summary = "Redirect to the model's out-of-bag data on the cdn, with an access link of a few minutes")
    public Response outOfBag(@PathParam("id") String id) {
        return toCdn(id, find(id).outOfBag(), "out-of-bag data");
    }

    /** The cdn serves a private file only with an access link the gateway signed for it (ids alone are not enough). */
    private Response toCdn(String id, String path, String what) {
        if (path == null) {
            throw ProblemException.notFound("the " + what + " of model " + id
                    + " was not uploaded to the cdn (it stays on the trainers' volume)");
        }
        String media = path.substring(path.lastIndexOf('/') + 1);
        return Response.seeOther(URI.create(path + "?access=" + tokens.signMediaAccess(media))).build();
    }

    @POST
    @Path("/{id}/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict rows with a model: {\"rows\": [{feature: value, ...}]} (a trainer computes them)")
    public Response predict(@PathParam("id") String id, String body) {
        find(id);
        try (Response answer = trainer.predict(id, "Bearer " + tokens.forTrainers(), body)) {
            String type = answer.getMediaType() == null ? MediaType.APPLICATION_JSON : answer.getMediaType().toString();
            return Response.status(answer.getStatus()).type(type).entity(answer.readEntity(String.class)).build();
        } catch (WebApplicationException e) {
            Response answer = e.getResponse();
            String type = answer.getMediaType() == null ? Problem.MEDIA_TYPE : answer.getMediaType().toString();
            return Response.status(answer.getStatus()).type(type).entity(answer.readEntity(String.class)).build();
        } catch (ProcessingException e) {
            throw new ProblemException(Problem.of(503, "Service unavailable", "no trainer answered: " + e.getMessage()),
                    5);
        }
    }

    private boolean admin() {
        return caller.getGroups().contains(User.ADMIN);
    }

    private ModelViews.ModelView find(String id) {
        return views.all().stream().filter(model -> model.id().equals(id) && model.visibleTo(caller.getName(), admin()))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("no model " + id));
    }
}
