package dev.hud.gateway.models;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.auth.TokenIssuer;
import dev.hud.gateway.edge.HttpConfig;
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
    /** The most rows one request predicts: the trainer's limit ({@code PredictionResource.MAX_ROWS}). */
    static final int MAX_ROWS = 10_000;

    private final TokenIssuer tokens;
    private final HttpConfig http;
    private final ObjectMapper json;

    ModelsResource(ModelViews views, @RestClient TrainerClient trainer, JsonWebToken caller, TokenIssuer tokens,
            HttpConfig http, ObjectMapper json) {
        this.tokens = tokens;
        this.http = http;
        this.json = json;
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
        return fromTrainer(id, body);
    }

    @POST
    @Path("/{id}/predictions")
    @Consumes(PredictionCsv.MEDIA_TYPE)
    @Produces({ PredictionCsv.MEDIA_TYPE, Problem.MEDIA_TYPE })
    @Operation(summary = "Predict the rows of a CSV file whose header names the model's features (in any order;"
            + " other columns are kept, unused): the file answered with predicted_class and probability appended")
    public Response predictCsv(@PathParam("id") String id, String body) throws IOException {
        var model = find(id);
        if (body.getBytes(StandardCharsets.UTF_8).length > http.maxBody().asLongValue()) {
            throw new ProblemException(Problem.of(413, "Content Too Large",
                    "a file to predict is at most " + http.maxBody().asLongValue() + " bytes"));
        }
        var rows = PredictionCsv.read(body, model.features(), MAX_ROWS);
        var request = json.createObjectNode();
        var array = request.putArray("rows");
        rows.values().forEach(values -> {
            var row = array.addArray();
            for (double value : values) {
                row.add(value);
            }
        });
        Response answer = fromTrainer(id, json.writeValueAsString(request));
        if (answer.getStatus() != 200) {
            return answer;
        }
        JsonNode predictions = json.readTree((String) answer.getEntity()).path("predictions");
        var classes = new ArrayList<String>();
        var probabilities = new ArrayList<Double>();
        predictions.forEach(prediction -> {
            classes.add(prediction.path("predictedClass").asText());
            probabilities.add(prediction.path("probability").asDouble());
        });
        if (classes.size() != rows.records().size()) {
            throw new ProblemException(Problem.of(502, "Bad gateway",
                    "the trainer answered " + classes.size() + " predictions for " + rows.records().size() + " rows"));
        }
        String file = "predictions-" + id.substring(0, Math.min(8, id.length())) + ".csv";
        return Response.ok(PredictionCsv.write(rows, classes, probabilities), PredictionCsv.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    /** The trainer's answer as it is (its problem bodies too); 503 when no trainer answers. */
    private Response fromTrainer(String id, String body) {
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
