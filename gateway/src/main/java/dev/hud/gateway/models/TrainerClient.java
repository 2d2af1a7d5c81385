package dev.hud.gateway.models;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * A trainer's prediction API ({@code quarkus.rest-client.trainer.url}); bodies pass through as they are. The trainer
 * asks for a token: the gateway's own, for the trainers only ({@code TokenIssuer.TRAINER}).
 */
@RegisterRestClient(configKey = "trainer")
@Path("/api/models")
public interface TrainerClient {

    @POST
    @Path("/{id}/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, "application/problem+json" })
    Response predict(@PathParam("id") String modelId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body);
}
