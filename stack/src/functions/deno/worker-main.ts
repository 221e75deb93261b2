// Entry point of one function worker, run by Deno. It replaces Deno.serve so
// that the function's server listens on a free loopback port chosen by the
// system, reports that port to the stack on stdout, and then imports the
// function's entrypoint (a file URL passed as the first argument).
//
// Supabase's edge runtime ignores the port and host a function passes to
// Deno.serve as well, so functions behave the same on both.

export const LISTENING_MARKER = "\u0000stack-worker-listening";

type ServeHandler = (
  request: Request,
  info: Deno.ServeHandlerInfo<Deno.NetAddr>,
) => Response | Promise<Response>;

type ServeOptions = {
  handler?: ServeHandler;
  onError?: (error: unknown) => Response | Promise<Response>;
  signal?: AbortSignal;
};

const entrypoint = Deno.args[0];
if (!entrypoint) {
  console.error("worker-main: missing the function's entrypoint URL");
  Deno.exit(2);
}

const originalServe = Deno.serve.bind(Deno);
let served = false;

function serveOnLoopback(...args: unknown[]): Deno.HttpServer<Deno.NetAddr> {
  const [first, second] = args;
  const options: ServeOptions =
    typeof first === "object" && first !== null ? (first as ServeOptions) : {};
  const handler =
    typeof first === "function"
      ? (first as ServeHandler)
      : typeof second === "function"
        ? (second as ServeHandler)
        : options.handler;
  if (!handler) {
    throw new TypeError("Deno.serve was called without a handler");
  }
  if (served) {
    throw new Error("A function may call Deno.serve only once");
  }
  served = true;

  return originalServe(
    {
      hostname: "127.0.0.1",
      port: 0,
      onError: options.onError,
      signal: options.signal,
      onListen: ({ port }) => {
        console.log(`${LISTENING_MARKER} ${port}`);
      },
    },
    handler,
  );
}

Object.defineProperty(Deno, "serve", {
  value: serveOnLoopback,
  writable: true,
  configurable: true,
});

const module = await import(entrypoint);

// Functions may also export `{ fetch }` as their default export instead of
// calling Deno.serve.
const fetchHandler = module.default?.fetch;
if (!served && typeof fetchHandler === "function") {
  serveOnLoopback(fetchHandler.bind(module.default));
}
if (!served) {
  console.error(
    "worker-main: the function neither called Deno.serve nor exported " +
      "a default object with a fetch method",
  );
  Deno.exit(3);
}
