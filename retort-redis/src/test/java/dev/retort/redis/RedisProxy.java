package dev.retort.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the test Redis that a test can cut (closing every connection) or turn
 * into a black hole (accepting connections, never answering), to make Redis fail at a chosen
 * moment.
 */
final class RedisProxy implements AutoCloseable {
    enum Mode { FORWARD, BLACK_HOLE }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;

    RedisProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "redis-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    void mode(Mode m) {
        mode = m;
    }

    /** Closes every open connection; new ones are handled as the mode says. */
    void cut() {
        for (Socket s : sockets) {
            close(s);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (mode == Mode.BLACK_HOLE) {
                    pump(client.getInputStream(), OutputStream.nullOutputStream(), client, null);
                    continue;
                }
                Socket upstream = new Socket("127.0.0.1", 6379);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                pump(upstream.getInputStream(), client.getOutputStream(), upstream, client);
            } catch (IOException e) {
                // closed, or Redis refused: the client sees its connection drop
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                close(a);
                if (b != null) {
                    close(b);
                }
            }
        }, "redis-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
