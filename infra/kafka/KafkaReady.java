import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Waits until the broker answers a metadata request (an open port alone is not enough: the
 * broker accepts connections before its controller quorum is up).
 * Usage: java KafkaReady.java host:port timeoutSeconds brokerPid. Exit 0 ready, 1 timeout, 2 broker died.
 */
public class KafkaReady {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
    long brokerPid = Long.parseLong(args[2]);
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "250");
    try (Admin admin = Admin.create(props)) {
      String last = "no answer yet";
      while (System.nanoTime() < deadline) {
        if (!ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)) {
          System.err.println("the broker process " + brokerPid + " has exited");
          System.exit(2);
        }
        try {
          int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
          admin.listTopics().names().get(3, TimeUnit.SECONDS);
          if (nodes > 0) {
            System.out.println("kafka ready at " + bootstrap + " (" + nodes + " broker)");
            System.exit(0);
          }
          last = "metadata lists no broker";
        } catch (Exception e) {
          last = String.valueOf(e.getCause() != null ? e.getCause() : e);
        }
        Thread.sleep(250);
      }
      System.err.println("kafka at " + bootstrap + " did not answer in time: " + last);
      System.exit(1);
    }
  }
}
