package dev.hud.gateway.jobs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The outbox: work the broker never confirmed (it was away, or the gateway stopped between the send and the confirm) is
 * still due in PostgreSQL, and the gateway's sweep sends it again by itself, and only that.
 */
@QuarkusTest
class OutboxTest {

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @Test
    void unconfirmedWorkIsSentAgainAndOnlyIt() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, Api.SMALL_GRID.formatted("outbox"));
        assertThat(trainer.take(id, 4, Duration.ofSeconds(10)), hasSize(4));

        // As the database stands after a send the broker never confirmed: two trials still due.
        int due = QuarkusTransaction.requiringNew()
                .call(() -> Trial.update("sentAt = null where jobId = ?1 and idx in (1, 3)", id));
        assertThat(due, equalTo(2));

        List<TrainingWork> again = trainer.take(id, 2, Duration.ofSeconds(20)); // the sweep runs every 5 s
        assertThat(again.stream().map(TrainingWork::trialId).toList(), containsInAnyOrder(id + "/1", id + "/3"));
        assertThat("what was confirmed is not sent again", trainer.more(id, Duration.ofSeconds(7)), empty());
        Api.job(token, id).body("trialResults.attempts", equalTo(List.of(1, 2, 1, 2)));
    }
}
