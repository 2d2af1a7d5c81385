package dev.hud.gateway.datasets;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;

/**
 * Data sets: the built-in WDBC and the CSV files people upload, their profiles (the data page), sharing and
 * deletion. A data set is its owner's (and admins'), everyone's once shared; jobs name it by id.
 */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DatasetsResource {

    /** The body of {@code PUT /api/datasets/{id}/sharing}. */
    public record Sharing(Boolean shared) {
    }

    private final DatasetCatalog catalog;
    private final DatasetUploads uploads;
    private final JsonWebToken caller;

    DatasetsResource(DatasetCatalog catalog, DatasetUploads uploads, JsonWebToken caller) {
        this.catalog = catalog;
        this.uploads = uploads;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload a CSV data set (the raw file as the body): 201 with the data set; 400 naming the"
            + " row and column of what is wrong; 413 past hud.datasets.max-bytes")
    public Response upload(InputStream body, @QueryParam("name") String name, @QueryParam("label") String label,
            @QueryParam("positive") String positive, @QueryParam("missing") String missing) {
        DatasetView view = uploads.upload(body, new DatasetUploads.Request(name, label, positive, missing),
                caller.getName());
        return Response.created(URI.create("/api/datasets/" + view.id())).entity(view).build();
    }

    @GET
    @Operation(summary = "The data sets the caller may use: the built-in one, their own, shared ones (admins: all)")
    public List<DatasetView> list() {
        return QuarkusTransaction.requiringNew().call(() -> catalog.visible(caller.getName(), admin()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One data set: its label, classes, features, rows, and what was missing")
    public DatasetView get(@PathParam("id") String id) {
        return QuarkusTransaction.requiringNew().call(() -> catalog.view(id, caller.getName(), admin()));
    }

    @GET
    @Path("/{id}/profile")
    @Operation(summary = "Class balance; per feature range, mean, spread and histogram by class; relevance (ANOVA F,"
            + " p), on the training rows of a job's default holdout split")
    public DatasetProfile profile(@PathParam("id") String id) {
        return QuarkusTransaction.requiringNew().call(() -> catalog.profile(id, caller.getName(), admin()));
    }

    @PUT
    @Path("/{id}/sharing")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Share a data set with everyone, or make it private again (its owner or an admin)")
    @CustomDeserialization(StrictJson.class)
    public DatasetView share(@PathParam("id") String id, Sharing sharing) {
        if (sharing == null || sharing.shared() == null) {
            throw ProblemException.invalid("shared", "true or false");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            UploadedDataset dataset = catalog.owned(id, caller.getName(), admin());
            dataset.shared = sharing.shared();
            return catalog.view(id, caller.getName(), admin());
        });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a data set (its owner or an admin); 409 while a job that trains on it is active")
    public Response delete(@PathParam("id") String id) {
        Optional<DatasetUploads.StoredFile> unused = QuarkusTransaction.requiringNew().call(() -> {
            UploadedDataset dataset = catalog.owned(id, caller.getName(), admin());
            List<?> active = UploadedDataset.getEntityManager().createNativeQuery(
                    "SELECT id FROM training_job WHERE request ->> 'dataset' = ?1 AND status IN (?2) LIMIT 1")
                    .setParameter(1, id).setParameter(2, JobStatus.ACTIVE.stream().map(JobStatus::label).toList())
                    .getResultList();
            if (!active.isEmpty()) {
                throw new ProblemException(Problem.of(409, "Conflict",
                        "job " + active.get(0) + " trains on this data set; cancel it or wait until it ends"));
            }
            dataset.delete();
            return uploads.unusedFile(dataset);
        });
        unused.ifPresent(uploads::remove);
        return Response.noContent().build();
    }

    private boolean admin() {
        return caller.getGroups().contains(User.ADMIN);
    }
}
