package dev.hud.gateway.web;

import jakarta.inject.Inject;
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
 * The web app's pages: server-rendered shells (layout in {@code templates/base.html}) whose data the
 * app's script (from the cdn, {@code /assets/app.js}) fetches from the API and keeps current.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class WebPages {

    private final Template login;
    private final Template training;
    private final Template job;
    private final Template compare;
    private final Template models;
    private final Template monitor;
    private final Template account;
    private final Template users;
    /** A model's page (a field, so the constructor's list stays as it is). */
    @Inject
    @Location("model.html")
    Template model;

    WebPages(@Location("login.html") Template login, @Location("training.html") Template training,
            @Location("job.html") Template job,
            @Location("compare.html") Template compare, @Location("models.html") Template models,
            @Location("monitor.html") Template monitor, @Location("account.html") Template account,
            @Location("users.html") Template users) {
        this.login = login;
        this.training = training;
        this.job = job;
        this.compare = compare;
        this.models = models;
        this.monitor = monitor;
        this.account = account;
        this.users = users;
    }

    @GET
    @Path("login")
    @Operation(hidden = true)
    public TemplateInstance login() {
        return login.instance();
    }

    @GET
    @Path("training")
    @Operation(hidden = true)
    public TemplateInstance training() {
        return training.instance();
    }

    @GET
    @Path("training/compare")
    @Operation(hidden = true)
    public TemplateInstance compare() {
        return compare.instance();
    }

    @GET
    @Path("training/{id}")
    @Operation(hidden = true)
    public TemplateInstance job(@PathParam("id") String id) {
        return job.data("id", id);
    }

    @GET
    @Path("models")
    @Operation(hidden = true)
    public TemplateInstance models() {
        return models.instance();
    }

    @GET
    @Path("models/{id}")
    @Operation(hidden = true)
    public TemplateInstance model(@PathParam("id") String id) {
        return model.data("id", id);
    }

    @GET
    @Path("monitor")
    @Operation(hidden = true)
    public TemplateInstance monitor() {
        return monitor.instance();
    }

    @GET
    @Path("account")
    @Operation(hidden = true)
    public TemplateInstance account() {
        return account.instance();
    }

    @GET
    @Path("users")
    @Operation(hidden = true)
    public TemplateInstance users() {
        return users.instance();
    }
}
