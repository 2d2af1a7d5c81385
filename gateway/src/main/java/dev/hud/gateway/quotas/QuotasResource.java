package dev.hud.gateway.quotas;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

/** Admins read and set a user's limits; a limit set to null is the default again. */
@Path("/api/users/{id}/quota")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(User.ADMIN)
public class QuotasResource {

    private final Quotas quotas;

    QuotasResource(Quotas quotas) {
        this.quotas = quotas;
    }

    @GET
    @Operation(summary = "A user's limits and what they use now (admins only)")
    public Quotas.View get(@PathParam("id") long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (User.findById(id) == null) {
                throw ProblemException.notFound("no user " + id);
            }
            return quotas.of(id);
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set a user's limits: activeJobs, fitEpochsPerJob, fitEpochsPerDay (null: the"
                    + " default; admins only)")
    @CustomDeserialization(StrictJson.class)
    public Quotas.View set(@PathParam("id") long id, Quotas.Limits limits) {
        if (limits == null) {
            throw ProblemException.invalid("body",
                    "a JSON object with activeJobs, fitEpochsPerJob and fitEpochsPerDay");
        }
        return QuarkusTransaction.requiringNew().call(() -> quotas.set(id, limits));
    }
}
