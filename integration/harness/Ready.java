// Readiness probe for integration/harness/kafka.sh (Java 11+ single-file source launch):
//
//   java -cp "$LIBS/*" Ready.java --bootstrap HOST:PORT[,...] [--brokers N] [--timeout SECONDS]
//                                 [--full-isr]
//
// Polls with kafka-clients' Admin until
//   * describeCluster reports at least N brokers (registered and unfenced), and
//   * every partition of every topic (internal ones included) has a leader, and
//   * with --full-isr, every partition's ISR equals its replica set.
// Exit 0 when ready, 1 on timeout (the last reason is printed to stderr), 2 on bad usage.

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

public class Ready {
    private static void usage(String message) {
        System.err.println("Ready: " + message);
        System.err.println(
                "usage: Ready.java --bootstrap HOST:PORT[,...] [--brokers N] [--timeout SECONDS]"
                        + " [--full-isr]");
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        int brokers = 1;
        double timeoutSeconds = 60;
        boolean fullIsr = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            if (a.equals("--bootstrap") && hasValue) {
                bootstrap = args[++i];
            } else if (a.equals("--brokers") && hasValue) {
                brokers = Integer.parseInt(args[++i]);
            } else if (a.equals("--timeout") && hasValue) {
                timeoutSeconds = Double.parseDouble(args[++i]);
            } else if (a.equals("--full-isr")) {
                fullIsr = true;
            } else {
                usage("unexpected argument: " + a);
            }
        }
        if (bootstrap == null) usage("--bootstrap is required");

        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kfk-harness-ready");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "250");
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "250");
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "1000");
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "2000");

        String reason = "no answer yet";
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    reason = check(admin, brokers, fullIsr);
                } catch (Exception e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    reason = cause.getClass().getSimpleName()
                            + (cause.getMessage() != null ? ": " + cause.getMessage()
                                                          : " (no answer within 3s)");
                }
                long now = System.nanoTime();
                if (reason == null) {
                    System.out.printf(
                            "ready: %s (%d broker(s)) after %.1fs%n",
                            bootstrap, brokers, (now - start) / 1e9);
                    return;
                }
                if (now >= deadline) break;
                Thread.sleep(Math.min(200, Math.max(1, (deadline - now) / 1_000_000)));
            }
        }
        System.err.printf(
                "Ready: %s not ready after %.0fs: %s%n", bootstrap, timeoutSeconds, reason);
        System.exit(1);
    }

    /** Returns null when ready, otherwise why not. */
    private static String check(Admin admin, int brokers, boolean fullIsr) throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
        List<Node> nodes = new ArrayList<>(cluster.nodes().get(3, TimeUnit.SECONDS));
        if (nodes.size() < brokers) {
            return "only " + nodes.size() + " of " + brokers + " broker(s) registered: " + nodes;
        }
        Set<String> topics =
                admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(3000))
                        .names()
                        .get(3, TimeUnit.SECONDS);
        if (topics.isEmpty()) return null;
        Map<String, TopicDescription> described =
                admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(3000))
                        .allTopicNames()
                        .get(3, TimeUnit.SECONDS);
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                Node leader = p.leader();
                if (leader == null || leader.isEmpty() || leader.id() < 0) {
                    return d.name() + "-" + p.partition() + " has no leader";
                }
                if (fullIsr && p.isr().size() < p.replicas().size()) {
                    return d.name() + "-" + p.partition() + " ISR " + ids(p.isr())
                            + " != replicas " + ids(p.replicas());
                }
            }
        }
        return null;
    }

    private static String ids(List<Node> nodes) {
        List<Integer> out = new ArrayList<>();
        for (Node n : nodes) out.add(n.id());
        return out.toString();
    }
}
