package dev.hud.gateway.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/**
 * The data pages, shells like {@link WebPages}: the data sets (a table and the upload form) and one data set's profile
 * (class balance, each feature's distribution by class, the relevance ranking and the choice of features that carries
 * into the training form). Their data comes from {@code /api/datasets}.
 */
@Path("/datasets")
@Produces(MediaType.TEXT_HTML)
public class DataPages {

    private final Template datasets;
    private final Template dataset;

    DataPages(@Location("datasets.html") Template datasets, @Location("dataset.html") Template dataset) {
        this.datasets = datasets;
        this.dataset = dataset;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance datasets() {
        return datasets.instance();
    }

    @GET
    @Path("{id}")
    @Operation(hidden = true)
    public TemplateInstance dataset(@PathParam("id") String id) {
        return dataset.data("id", id);
    }
}
