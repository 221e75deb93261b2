import net from "node:net";

// Ports below Linux's usual ephemeral range (32768-60999). A port taken from
// that range by binding port 0 can be handed to an outgoing connection before
// the service that picked it binds it, which happened while a stack started.
const LOW = 20000;
const HIGH = 32000;
const handedOut = new Set<number>();

function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

// Returns a port that was free a moment ago on 127.0.0.1 and that this
// process has not handed out before.
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const candidate = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(candidate)) {
      continue;
    }
    const port = await tryListen(candidate);
    if (port !== null) {
      handedOut.add(port);

      return port;
    }
  }
  const port = await tryListen(0);
  if (port === null) {
    throw new Error("No free port on 127.0.0.1");
  }
  handedOut.add(port);

  return port;
}
