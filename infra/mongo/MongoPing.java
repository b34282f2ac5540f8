import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Waits until the server answers {ping: 1} through a real driver.
 * Usage: java MongoPing.java port timeoutSeconds serverPid. Exit 0 ready, 1 timeout, 2 server died.
 */
public class MongoPing {
  public static void main(String[] args) throws Exception {
    String uri = "mongodb://127.0.0.1:" + args[0] + "/?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
    long serverPid = Long.parseLong(args[2]);
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false)) {
        System.err.println("the server process " + serverPid + " has exited");
        System.exit(2);
      }
      try (MongoClient client = MongoClients.create(uri)) {
        Document reply = client.getDatabase("admin").runCommand(new Document("ping", 1));
        if (reply.get("ok") instanceof Number ok && ok.doubleValue() == 1.0) {
          System.out.println("mongo ready at 127.0.0.1:" + args[0]);
          System.exit(0);
        }
        last = "ping answered " + reply.toJson();
      } catch (Exception e) {
        last = String.valueOf(e);
      }
      Thread.sleep(250);
    }
    System.err.println("mongo at 127.0.0.1:" + args[0] + " did not answer in time: " + last);
    System.exit(1);
  }
}
