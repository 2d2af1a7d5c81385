package dev.hud.gateway.models;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import io.quarkus.security.Authenticated;

/** Registered models: list, detail, download, predictions (computed by a trainer). */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ModelsResource {

    private final ModelViews views;
    private final TrainerClient trainer;

    ModelsResource(ModelViews views, @RestClient TrainerClient trainer) {
        this.views = views;
        this.trainer = trainer;
    }

    @GET
    @Operation(summary = "Every registered model, newest first")
    public List<ModelViews.ModelView> list() {
        return views.all();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One model: its cell, holdout metrics, features and files")
    public ModelViews.ModelView get(@PathParam("id") String id) {
        return find(id);
    }

    @GET
    @Path("/{id}/download")
    @Operation(summary = "Redirect to the model's file on the cdn")
    public Response download(@PathParam("id") String id) {
        var model = find(id);
        if (model.download() == null) {
            throw ProblemException.notFound("model " + id + " was not uploaded to the cdn (its file stays on the trainers' volume)");
        }
        return Response.seeOther(java.net.URI.create(model.download())).build();
    }

    @POST
    @Path("/{id}/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict rows with a model: {\"rows\": [{feature: value, ...}]} (a trainer computes them)")
    public Response predict(@PathParam("id") String id, String body) {
        find(id);
        try (Response answer = trainer.predict(id, body)) {
            String type = answer.getMediaType() == null ? MediaType.APPLICATION_JSON : answer.getMediaType().toString();
            return Response.status(answer.getStatus()).type(type).entity(answer.readEntity(String.class)).build();
        } catch (WebApplicationException e) {
            Response answer = e.getResponse();
            String type = answer.getMediaType() == null ? Problem.MEDIA_TYPE : answer.getMediaType().toString();
            return Response.status(answer.getStatus()).type(type).entity(answer.readEntity(String.class)).build();
        } catch (ProcessingException e) {
            throw new ProblemException(Problem.of(503, "Service unavailable", "no trainer answered: " + e.getMessage()), 5);
        }
    }

    private ModelViews.ModelView find(String id) {
        return views.all().stream().filter(model -> model.id().equals(id)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("no model " + id));
    }
}
