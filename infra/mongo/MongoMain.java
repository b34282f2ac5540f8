import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** An in-memory MongoDB-protocol server. Usage: java MongoMain.java port [bindAddress]. */
public class MongoMain {
  public static void main(String[] args) throws Exception {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind(args.length > 1 ? args[1] : "127.0.0.1", Integer.parseInt(args[0]));
    System.out.println("mongo-java-server listening on " + server.getLocalAddress());
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
