import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

/**
 * N concurrent SSE clients on one event-loop client (many connections, not a thread each): each
 * event's delivery latency is the time from the sample's timestamp to its arrival here.
 *   java -cp <sensors libs> SseLoad.java <host> <port> <clients> <seconds>
 */
public class SseLoad {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(clients));
        AtomicLongArray histogram = new AtomicLongArray(10_001); // 1 ms buckets, last = 10 s and more
        AtomicLong events = new AtomicLong();
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch allConnected = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            client.request(HttpMethod.GET, port, host, "/api/sensors/stream").compose(request -> request.send()).onSuccess(response -> {
                connected.incrementAndGet();
                allConnected.countDown();
                StringBuilder pending = new StringBuilder();
                response.handler(buffer -> {
                    long now = System.currentTimeMillis();
                    pending.append(buffer.toString());
                    int end;
                    while ((end = pending.indexOf("\n\n")) >= 0) {
                        String frame = pending.substring(0, end);
                        pending.delete(0, end + 2);
                        int at = frame.indexOf("\"timestamp\":");
                        if (at < 0 || now < measuring.get()) {
                            continue;
                        }
                        int from = at + 12;
                        int to = from;
                        while (Character.isDigit(frame.charAt(to))) {
                            to++;
                        }
                        long latency = now - Long.parseLong(frame.substring(from, to));
                        histogram.incrementAndGet((int) Math.max(0, Math.min(10_000, latency)));
                        events.incrementAndGet();
                    }
                });
            }).onFailure(error -> {
                failed.incrementAndGet();
                allConnected.countDown();
            });
        }
        allConnected.await(120, TimeUnit.SECONDS);
        Thread.sleep(2000); // let the connections settle before measuring
        long start = System.currentTimeMillis();
        measuring.set(start);
        Thread.sleep(seconds * 1000L);
        long elapsed = System.currentTimeMillis() - start;
        long total = events.get();
        System.out.printf("clients connected %d of %d (failed %d); events received %d in %.1f s = %.0f events/s (%.1f per client per s)%n",
                connected.get(), clients, failed.get(), total, elapsed / 1000.0, total * 1000.0 / elapsed,
                total * 1000.0 / elapsed / Math.max(1, connected.get()));
        System.out.printf("delivery latency (sample timestamp -> received): p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms%n",
                percentile(histogram, total, 0.50), percentile(histogram, total, 0.99), percentile(histogram, total, 0.999),
                percentile(histogram, total, 1.0));
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static long percentile(AtomicLongArray histogram, long total, double fraction) {
        long wanted = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int ms = 0; ms < histogram.length(); ms++) {
            seen += histogram.get(ms);
            if (seen >= wanted && wanted > 0) {
                return ms;
            }
        }
        return -1;
    }
}
